//! Results links of a process (admin).

use super::ShareLinkInfo;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    db::{self},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// Results links of a process (admin).
#[utoipa::path(
    operation_id = "listShareLinks",
    tag = "sharing",
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<ShareLinkInfo>)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/share-links")]
pub async fn list(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::ListShareLinks>,
) -> Result<HttpResponse, ApiError> {
    let rows = state
        .db
        .read(move |conn| Ok(db::share_links::for_process(conn, process.id)?))
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(ShareLinkInfo::from).collect::<Vec<_>>()))
}
