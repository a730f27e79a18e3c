//! The latest themes of a process, largest first (admin).

use super::{view, ThemeView};
use crate::api::utc;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    db::{self},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ThemeList {
    pub generated_at: Option<DateTime<Utc>>,
    pub seed: Option<i64>,
    pub themes: Vec<ThemeView>,
}

/// The latest themes of a process, largest first (admin).
#[utoipa::path(
    operation_id = "listThemes",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = ThemeList)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/themes")]
pub async fn list(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::ListThemes>,
) -> Result<HttpResponse, ApiError> {
    let (rows, mut counts) = state
        .db
        .read(move |conn| {
            let rows = db::themes::for_process(conn, process.id)?;
            let ids: Vec<_> = rows.iter().map(|t| t.id).collect();
            Ok((rows, db::theme_members::counts(conn, &ids)?))
        })
        .await?;
    let generated_at = rows.first().map(|t| utc(t.created_at));
    let seed = rows.first().map(|t| t.seed);
    Ok(HttpResponse::Ok().json(ThemeList {
        generated_at,
        seed,
        themes: rows
            .into_iter()
            .map(|t| {
                let n = counts.remove(&t.id).unwrap_or_default();
                view(t, n)
            })
            .collect(),
    }))
}
