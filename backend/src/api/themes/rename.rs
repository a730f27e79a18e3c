//! Rename a theme (admin); the name survives re-runs that find the same theme.

use super::{view, ThemeView};
use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self},
    domain::text,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeRename {
    /// A name for the theme (1-80 characters), or null for the generated one.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub label: Option<String>,
}

/// Rename a theme (admin); the name survives re-runs that find the same theme.
#[utoipa::path(
    operation_id = "renameTheme",
    tag = "analysis",
    params(("id" = crate::domain::ThemeId, Path)),
    request_body = ThemeRename,
    responses((status = 200, body = ThemeView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[patch("/themes/{id}")]
pub async fn rename(
    state: web::Data<AppState>,
    admin: Allowed<op::RenameTheme>,
    ip: ClientIp,
    id: web::Path<crate::domain::ThemeId>,
    body: web::Json<ThemeRename>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let id = id.into_inner();
    let label = body
        .into_inner()
        .label
        .map(|l| text::single_line("label", &l, 80))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let (theme, counts) = state
        .db
        .write(move |conn| {
            let before = db::themes::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            who.reach(before.process_id)?;
            db::themes::rename(conn, id, label.as_deref())?;
            AuditEvent::new(AuditAction::ThemeRename)
                .target("theme", id)
                .details(
                    json!({ "from": before.custom_label.unwrap_or(before.label), "to": label }),
                )
                .record(conn, Some(admin), Some(ip))?;
            let theme = db::themes::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            let counts = db::theme_members::counts(conn, &[id])?;
            Ok((theme, counts.get(&id).copied().unwrap_or_default()))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view(theme, counts)))
}
