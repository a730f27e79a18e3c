//! List processes: all for admins, the caller's own for participants, those open for

use super::ProcessView;
use crate::{
    auth::Caller,
    db::{self},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// List processes: all for admins, the caller's own for participants, those open for
/// registration for everyone else.
#[utoipa::path(
    operation_id = "listProcesses",tag = "processes", responses((status = 200, body = Vec<ProcessView>)))]
#[get("/processes")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let admin = caller.is_admin();
    let own_process = caller.0.as_ref().and_then(|who| who.process_id);
    let rows = state
        .db
        .read(move |conn| {
            Ok(if admin {
                db::processes::list_all(conn)?
            } else if let Some(id) = own_process {
                db::processes::by_id(conn, id)?.into_iter().collect()
            } else {
                db::processes::list_registration_open(conn)?
            })
        })
        .await?;
    let views: Vec<_> = rows.iter().map(|r| ProcessView::new(r, admin)).collect();
    Ok(HttpResponse::Ok().json(views))
}
