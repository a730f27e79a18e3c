//! Participant tokens of a process: metadata only (admin).

use crate::api::{
    pagination::{Page, PageQuery, PageRequest},
    utc,
};
use crate::domain::TokenId;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    db::{self, tokens::TokenRow},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

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
    pub id: TokenId,
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
    pub created_by: Option<TokenId>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Participant tokens of a process: metadata only (admin).
#[utoipa::path(
    operation_id = "listProcessTokens",
    tag = "tokens",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<TokenInfo>)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/tokens")]
pub async fn list(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::ListProcessTokens>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
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
