//! Participant tokens: bulk issue, list (metadata only) and revocation.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::{
    pagination::{Page, PageQuery, PageRequest},
    processes::find,
    utc,
};
use crate::{
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{
        self,
        tokens::{source, NewToken, TokenRow},
        DbConn,
    },
    domain::text,
    error::{ApiError, FieldError, Problem},
    security::tokens::{self, TokenKind},
};

pub const MAX_BATCH: u32 = 500;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueTokensRequest {
    /// How many tokens, 1-500.
    #[schema(minimum = 1, maximum = 500, example = 30)]
    pub count: u32,
    #[schema(example = "community")]
    pub contributor_type: String,
    /// A note for the facilitator, e.g. "Workshop 12 May, table 3".
    pub label: Option<String>,
    /// When the tokens stop working (RFC 3339); never if absent.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new token, shown exactly once.
#[derive(Serialize, ToSchema)]
pub struct IssuedToken {
    pub id: i64,
    pub token: String,
    pub label: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IssuedTokens {
    pub tokens: Vec<IssuedToken>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    Active,
    Revoked,
    Expired,
}

/// Token metadata; the token itself is never shown again.
#[derive(Serialize, ToSchema)]
pub struct TokenInfo {
    pub id: i64,
    #[schema(example = "participant")]
    pub kind: String,
    pub label: Option<String>,
    /// The last four characters, to tell tokens apart.
    pub hint: String,
    /// environment, bootstrap, cli, admin or self_registered.
    pub source: String,
    pub contributor_type: Option<String>,
    pub status: TokenStatus,
    pub created_at: DateTime<Utc>,
    /// Row id of the admin token that issued it.
    pub created_by: Option<i64>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<&TokenRow> for TokenInfo {
    fn from(row: &TokenRow) -> Self {
        Self {
            id: row.id,
            kind: row.kind.clone(),
            label: row.label.clone(),
            hint: row.hint.clone(),
            source: row.source.clone(),
            contributor_type: row.contributor_type.clone(),
            status: match row.state(db::now()) {
                db::tokens::TokenState::Active => TokenStatus::Active,
                db::tokens::TokenState::Revoked => TokenStatus::Revoked,
                db::tokens::TokenState::Expired => TokenStatus::Expired,
            },
            created_at: utc(row.created_at),
            created_by: row.created_by,
            last_used_at: row.last_used_at.map(utc),
            expires_at: row.expires_at.map(utc),
            revoked_at: row.revoked_at.map(utc),
        }
    }
}

pub fn validate_label(label: Option<String>) -> Result<Option<String>, FieldError> {
    label
        .filter(|l| !l.trim().is_empty())
        .map(|l| text::single_line("label", &l, 120))
        .transpose()
}

pub fn validate_expiry(
    expires_at: Option<DateTime<Utc>>,
) -> Result<Option<chrono::NaiveDateTime>, FieldError> {
    match expires_at {
        Some(at) if at <= Utc::now() => Err(FieldError::new("expires_at", "must be in the future")),
        other => Ok(other.map(|at| at.naive_utc())),
    }
}

/// Generates and stores one token; returns the row and the plaintext to show once.
pub fn create_token(
    conn: &mut DbConn,
    kind: TokenKind,
    token_source: &str,
    label: Option<String>,
    process: Option<(i64, String)>,
    created_by: Option<i64>,
    expires_at: Option<chrono::NaiveDateTime>,
) -> Result<(TokenRow, String), ApiError> {
    let token = tokens::generate(kind);
    let (process_id, contributor_type) = process.unzip();
    let row = db::tokens::insert(
        conn,
        &NewToken {
            kind: kind.as_str().into(),
            token_hash: token.hash,
            hint: token.hint,
            label,
            source: token_source.into(),
            process_id,
            contributor_type,
            created_at: db::now(),
            created_by,
            expires_at,
        },
    )?;
    Ok((row, token.plaintext))
}

/// Issue 1-500 participant tokens for one contributor type (admin). Shown once, never stored.
#[utoipa::path(
    operation_id = "issueTokens",
    tag = "tokens",
    params(("slug" = String, Path)),
    request_body = IssueTokensRequest,
    responses(
        (status = 201, body = IssuedTokens, headers(("Cache-Control" = String, description = "no-store"))),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/tokens")]
pub async fn issue(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Json<IssueTokensRequest>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process = find(&state, &slug).await?;
    let body = body.into_inner();
    let mut errors = Vec::new();
    if !(1..=MAX_BATCH).contains(&body.count) {
        errors.push(FieldError::new(
            "count",
            format!("must be between 1 and {MAX_BATCH}"),
        ));
    }
    if !process.has_contributor_type(&body.contributor_type) {
        errors.push(FieldError::new(
            "contributor_type",
            "is not one of this process's contributor types",
        ));
    }
    let label = validate_label(body.label)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let expires_at = validate_expiry(body.expires_at)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (count, kind, process_id) = (body.count, body.contributor_type, process.id);
    let issued = state
        .db
        .write(move |conn| {
            let mut issued = Vec::with_capacity(count as usize);
            for _ in 0..count {
                let (row, plaintext) = create_token(
                    conn,
                    TokenKind::Participant,
                    source::ADMIN,
                    label.clone(),
                    Some((process_id, kind.clone())),
                    Some(admin),
                    expires_at,
                )?;
                issued.push(IssuedToken { id: row.id, token: plaintext, label: row.label });
            }
            AuditEvent::new("tokens.issue")
                .target("process", process_id)
                .details(json!({ "count": count, "contributor_type": kind, "first_id": issued.first().map(|t| t.id) }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(issued)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(IssuedTokens { tokens: issued }))
}

/// Participant tokens of a process: metadata only (admin).
#[utoipa::path(
    operation_id = "listProcessTokens",
    tag = "tokens",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<TokenInfo>)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/tokens")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let process = find(&state, &slug).await?;
    let page = PageRequest::new(query.limit, query.offset);
    let (rows, total) = state
        .db
        .read(move |conn| {
            Ok(db::tokens::list_for_process(
                conn,
                process.id,
                page.limit,
                page.offset,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(
        rows.iter().map(TokenInfo::from).collect(),
        total,
        page,
    )))
}

/// Revokes a token and ends its sessions, in one transaction. Refuses to revoke the last
/// active admin token, which would lock everyone out.
pub fn revoke_token(
    conn: &mut DbConn,
    id: i64,
    admin: Option<i64>,
    ip: Option<ClientIp>,
) -> Result<TokenRow, ApiError> {
    // Two admins revoking the last two admin tokens at once must not both see "one left".
    db::locks::admin_tokens(conn)?;
    let row = db::tokens::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
    if row.revoked_at.is_some() {
        return Ok(row);
    }
    let now = db::now();
    if row.kind() == TokenKind::Admin
        && row.state(now) == db::tokens::TokenState::Active
        && db::tokens::count_active_admins(conn, now)? <= 1
    {
        return Err(ApiError::Conflict(
            "last_admin_token",
            "This is the last active admin token; create another one before revoking it.".into(),
        ));
    }
    db::tokens::revoke(conn, id, now)?;
    db::sessions::delete_for_token(conn, id)?;
    AuditEvent::new(if row.kind() == TokenKind::Admin {
        "admin_token.revoke"
    } else {
        "token.revoke"
    })
    .target("token", id)
    .record(conn, admin, ip)?;
    Ok(row)
}

/// Revoke a token (admin); its sessions end at once.
#[utoipa::path(
    operation_id = "revokeToken",
    tag = "tokens",
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last active admin token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[delete("/tokens/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| revoke_token(conn, id, Some(admin), Some(ip)))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
