//! Issue 1-500 participant tokens for one contributor type (admin). Shown once, never stored.

use crate::auth::tokens::{create_token, validate_expiry, validate_label};
use crate::domain::TokenId;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::tokens::source,
    error::{ApiError, FieldCode, FieldError, Problem},
    security::tokens::TokenKind,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

pub const MAX_BATCH: u32 = 500;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueTokensRequest {
    /// How many tokens, 1-500.
    #[schema(minimum = 1, maximum = 500, example = 30)]
    #[serde(deserialize_with = "crate::domain::whole::number")]
    pub count: u32,
    #[schema(example = "community", pattern = "^[a-z][a-z0-9_]{0,31}$")]
    pub contributor_type: String,
    /// A note for the facilitator, e.g. "Workshop 12 May, table 3".
    #[schema(max_length = 120, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub label: Option<String>,
    /// When the tokens stop working (RFC 3339); never if absent.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new token, shown exactly once.
#[derive(Serialize, ToSchema)]
pub struct IssuedToken {
    pub id: TokenId,
    pub token: String,
    pub label: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IssuedTokens {
    pub tokens: Vec<IssuedToken>,
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
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes/{slug}/tokens")]
pub async fn issue(
    state: web::Data<AppState>,
    InProcess {
        who, process, body, ..
    }: InProcess<op::IssueTokens, web::Json<IssueTokensRequest>>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let body = body.into_inner();
    let mut errors = Vec::new();
    if !(1..=MAX_BATCH).contains(&body.count) {
        errors.push(FieldError::out_of_range("count", 1.0, f64::from(MAX_BATCH)));
    }
    if !process.has_contributor_type(&body.contributor_type) {
        errors.push(FieldError::new(
            "contributor_type",
            FieldCode::NotAllowed,
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
            AuditEvent::new(AuditAction::TokensIssue)
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
