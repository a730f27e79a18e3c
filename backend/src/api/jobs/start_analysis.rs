//! Queue analysis of a process (admin). New and edited submissions are analysed on their

use super::JobView;
use crate::jobs::Job;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::analysis::{self as rows},
    error::{ApiError, FieldCode, FieldError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AnalysisRequest {
    /// Re-analyse every submission, not only new and edited ones (admin labels are kept).
    #[serde(default)]
    pub reanalyse_all: bool,
}

/// Queue analysis of a process (admin). New and edited submissions are analysed on their
/// own; this reports progress, and with `reanalyse_all` re-does everything.
#[utoipa::path(
    operation_id = "startAnalysis",
    tag = "analysis",
    params(("slug" = String, Path)),
    request_body = Option<AnalysisRequest>,
    responses((status = 202, body = JobView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes/{slug}/analysis")]
pub async fn start_analysis(
    state: web::Data<AppState>,
    InProcess {
        who, process, body, ..
    }: InProcess<op::StartAnalysis, web::Bytes>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    // The body is optional (`curl -X POST` works); when present it must be valid.
    // An absent body, or JSON `null` (what the spec's optional body allows), means the defaults.
    let request: AnalysisRequest =
        if body.iter().all(u8::is_ascii_whitespace) || body.trim_ascii() == b"null" {
            AnalysisRequest::default()
        } else {
            serde_json::from_slice(&body).map_err(|e| {
                ApiError::BadRequest(
                    vec![FieldError::new(
                        "body",
                        FieldCode::InvalidFormat,
                        e.to_string(),
                    )],
                    e.to_string(),
                )
            })?
        };
    let reanalyse_all = request.reanalyse_all;
    let job = state
        .db
        .write(move |conn| {
            if reanalyse_all {
                rows::mark_process_pending(conn, process.id)?;
            }
            let job = Job::Analyse { reanalyse_all }.enqueue(conn, process.id, admin)?;
            AuditEvent::new(AuditAction::AnalysisStart)
                .target("process", &process.slug)
                .details(json!({ "job": job.id, "reanalyse_all": reanalyse_all }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(job)
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Accepted().json(JobView::from(job)))
}
