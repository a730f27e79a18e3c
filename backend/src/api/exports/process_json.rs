//! The process itself, every version of its texts: title, prompt, categories and contributor
//! types, the translations per UI language and the response status names (admin). The
//! submission exports name categories and statuses by key; this file names the keys in every
//! language.

use crate::{api::extract::InProcess, auth::op};
use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::refuse_cross_site;
use crate::{
    api::processes::ProcessView,
    api::responses::settings::ResponseSettings,
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db,
    error::{ApiError, Problem},
    state::AppState,
};

/// A process and its response settings, with every language version (stable schema).
#[derive(Serialize, ToSchema)]
pub struct ExportedProcess {
    pub process: ProcessView,
    pub response_settings: ResponseSettings,
    pub exported_at: DateTime<Utc>,
}

/// The process with every language version of its texts and status names, as JSON (admin).
#[utoipa::path(
    operation_id = "exportProcessJson",
    tag = "exports",
    params(("slug" = String, Path)),
    responses(
        (status = 200, description = "The process with every language version of its texts and status names (admin).", content_type = "application/json", body = ExportedProcess),
        (status = 403, description = "Not an admin, or a cross-site navigation", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/exports/process.json")]
pub async fn process_json(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::ExportProcessJson>,
    ip: ClientIp,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    refuse_cross_site(&req)?;
    let admin = who.token_id;
    let slug = process.slug.clone();
    let settings = state
        .db
        .write(move |conn| {
            AuditEvent::new(AuditAction::Export)
                .target("process", &process.slug)
                .details(json!({ "format": "process.json" }))
                .record(conn, Some(admin), Some(ip))?;
            Ok((db::responses::settings(conn, process.id)?, process))
        })
        .await?;
    let (settings, process) = settings;
    let body = ExportedProcess {
        process: ProcessView::new(&process, true),
        response_settings: ResponseSettings::from(settings),
        exported_at: Utc::now(),
    };
    let filename = format!("{slug}-{}-process.json", Utc::now().format("%Y%m%d"));
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}
