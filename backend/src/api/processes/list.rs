//! List processes: all for admins, the caller's own for participants, those open for

use super::ProcessView;
use crate::{
    auth::Caller,
    db::{self, moderation_settings::ModerationSettingsRow},
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
    let admin = caller.is_staff();
    let owner = caller.0.as_ref().is_some_and(|who| who.is_owner());
    let staff_processes = caller.0.as_ref().map(|who| who.processes.clone());
    let own_process = caller.0.as_ref().and_then(|who| who.process_id);
    let rows = state
        .db
        .read(move |conn| {
            Ok(if owner {
                db::processes::list_all(conn)?
            } else if admin {
                // A process role sees the processes its token names.
                let mine = staff_processes.unwrap_or_default();
                db::processes::list_all(conn)?
                    .into_iter()
                    .filter(|p| mine.contains(&p.id))
                    .collect()
            } else if let Some(id) = own_process {
                db::processes::by_id(conn, id)?.into_iter().collect()
            } else {
                db::processes::list_registration_open(conn)?
            })
        })
        .await?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let moderation = if admin {
        state
            .db
            .read(move |conn| Ok(db::moderation_settings::of_processes(conn, &ids)?))
            .await?
    } else {
        Default::default()
    };
    let now = db::now();
    let views: Vec<_> = rows
        .iter()
        .map(|r| {
            let view = ProcessView::new(r, admin);
            if !admin {
                return view;
            }
            match moderation.get(&r.id) {
                Some(m) => view.with_moderation(m),
                None => view.with_moderation(&ModerationSettingsRow::defaults(r.id, now)),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}
