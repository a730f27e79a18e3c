//! One process, to those who may see it: admins (with timestamps and id), its own

use super::ProcessView;
use crate::api::extract::ProcessBySlug;
use crate::{
    auth::Caller,
    db,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// One process, to those who may see it: admins (with timestamps and id), its own
/// participants, and anonymous callers while it is open for registration. Anyone else gets 404,
/// as for a slug that does not exist.
#[utoipa::path(
    operation_id = "getProcess",
    tag = "processes",
    params(("slug" = String, Path)),
    responses((status = 200, body = ProcessView), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/processes/{slug}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    ProcessBySlug(row): ProcessBySlug,
) -> Result<HttpResponse, ApiError> {
    let visible = match &caller.0 {
        Some(who) => who.reaches(row.id),
        None => row.registration_open,
    };
    if !visible {
        return Err(ApiError::NotFound);
    }
    if !caller.is_staff() {
        return Ok(HttpResponse::Ok().json(ProcessView::new(&row, false)));
    }
    let id = row.id;
    let moderation = state
        .db
        .read(move |conn| Ok(db::moderation_settings::of(conn, id)?))
        .await?;
    Ok(HttpResponse::Ok().json(ProcessView::new(&row, true).with_moderation(&moderation)))
}
