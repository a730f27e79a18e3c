//! Create an expiring read-only results link (admin).

use super::ShareLinkInfo;
use crate::api::utc;
use crate::http::body::JsonObject;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self, share_links::ShareLinkRow},
    domain::text,
    error::{ApiError, FieldError, Problem},
    security::tokens,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

const MAX_DAYS: i64 = 365;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareLinkCreate {
    /// Who the link is for, e.g. "City council, June meeting".
    #[schema(max_length = 120, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub label: Option<String>,
    /// Days until the link stops working, 1-365 (default 30).
    #[schema(minimum = 1, maximum = 365)]
    #[serde(default, deserialize_with = "crate::domain::whole::optional")]
    pub expires_in_days: Option<i64>,
}

/// A new link; the token is shown only here.
#[derive(Serialize, ToSchema)]
pub struct NewShareLink {
    #[serde(flatten)]
    pub info: ShareLinkInfo,
    /// The signed token (a JWT).
    pub token: String,
    /// Path of the results page, token after `#`: prefix it with the site's origin.
    #[schema(example = "/r/riverfront#eyJhbGciOi...")]
    pub path: String,
}

/// Create an expiring read-only results link (admin).
#[utoipa::path(
    operation_id = "createShareLink",
    tag = "sharing",
    params(("slug" = String, Path)),
    request_body = ShareLinkCreate,
    responses((status = 201, body = NewShareLink), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes/{slug}/share-links")]
pub async fn create(
    state: web::Data<AppState>,
    InProcess {
        who,
        process,
        body: JsonObject(body),
        ..
    }: InProcess<op::CreateShareLink, JsonObject<ShareLinkCreate>>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let days = body.expires_in_days.unwrap_or(30);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ApiError::field(FieldError::out_of_range(
            "expires_in_days",
            1.0,
            MAX_DAYS as f64,
        )));
    }
    let label = body
        .label
        .filter(|l| !l.trim().is_empty())
        .map(|l| text::single_line("label", &l, 120))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let now = db::now();
    let row = ShareLinkRow {
        id: tokens::random_hex(16),
        process_id: process.id,
        label,
        created_by: Some(admin),
        created_at: now,
        expires_at: now + Duration::days(days),
        revoked_at: None,
    };
    let token = state.share_keys.issue(
        &process.slug,
        &row.id,
        utc(row.created_at).timestamp(),
        utc(row.expires_at).timestamp(),
    );
    let stored = row.clone();
    let slug = process.slug.clone();
    state
        .db
        .write(move |conn| {
            db::share_links::insert(conn, &stored)?;
            Ok(AuditEvent::new(AuditAction::ShareLinkCreate)
                .target("share_link", &stored.id)
                .details(json!({ "process": slug, "expires_at": utc(stored.expires_at) }))
                .record(conn, Some(admin), Some(ip))?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(NewShareLink {
            info: ShareLinkInfo::from(&row),
            path: format!("/r/{}#{token}", process.slug),
            token,
        }))
}
