//! A participant reports another's visible submission in a public process (once per token).
//! One report changes nothing anyone sees: a single participant must not be able to unlist
//! someone else's words. When the process's threshold of distinct reporters since the
//! submission last changed is reached, it is flagged for an admin's look, which audits the
//! change as `submission.moderate` with the report that tipped it as the actor.

use super::moderation;
use crate::api::utc;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, Allowed, ClientIp, Identity},
    db::{self, reports::ReportRow, DbConn},
    domain::{text, SubmissionId, SubmissionStatus},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The longest reason a reporter may give, in characters.
pub const REPORT_REASON_MAX: usize = 300;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// What is wrong with it (optional; one line, at most 300 characters).
    #[schema(max_length = 300, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub reason: Option<String>,
}

/// The caller's report of a submission; a repeat answers the first one again.
#[derive(Serialize, ToSchema)]
pub struct ReportReceipt {
    pub submission_id: SubmissionId,
    pub reported_at: DateTime<Utc>,
}

impl From<&ReportRow> for ReportReceipt {
    fn from(r: &ReportRow) -> Self {
        Self {
            submission_id: r.submission_id,
            reported_at: utc(r.created_at),
        }
    }
}

/// Report another participant's visible submission (participants of a process with public
/// submissions; staff in any process they reach). Once per token: a repeat answers the first
/// report and adds nothing. Limited per token (`RATE_LIMIT_REPORTS_PER_HOUR`).
#[utoipa::path(
    operation_id = "reportSubmission",
    tag = "submissions",
    params(("id" = SubmissionId, Path)),
    request_body = ReportRequest,
    responses(
        (status = 200, body = ReportReceipt),
        (status = 403, description = "Your own submission, or the process does not make submissions public", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No visible submission with this id in your process", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/submissions/{id}/report")]
pub async fn report(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::ReportSubmission>,
    ip: ClientIp,
    id: web::Path<SubmissionId>,
    body: web::Json<ReportRequest>,
) -> Result<HttpResponse, ApiError> {
    let reason = body
        .into_inner()
        .reason
        .filter(|r| !r.trim().is_empty())
        .map(|r| text::single_line("reason", &r, REPORT_REASON_MAX))
        .transpose()
        .map_err(ApiError::field)?;
    state.limiters.check_report(who.token_id).await?;
    let id = id.into_inner();
    let receipt = state
        .db
        .write(move |conn| {
            let stored = record(conn, &who, id, reason)?;
            if let Some(flagged) = stored.flagged {
                AuditEvent::new(AuditAction::SubmissionModerate)
                    .target("submission", id)
                    .reason(Some(moderation::reported_by(flagged)))
                    .details(json!({ "from": SubmissionStatus::Visible, "to": SubmissionStatus::Flagged, "reports": flagged }))
                    .record(conn, Some(who.token_id), Some(ip))?;
            }
            Ok(ReportReceipt::from(&stored.row))
        })
        .await?;
    Ok(HttpResponse::Ok().json(receipt))
}

struct Stored {
    row: ReportRow,
    /// The reporters that flagged the submission, when this report tipped it.
    flagged: Option<i64>,
}

/// Checks that `who` may report `id` and stores the report (inside the write, so the status
/// and the count it reads are the ones the flag is decided on).
fn record(
    conn: &mut DbConn,
    who: &Identity,
    id: SubmissionId,
    reason: Option<String>,
) -> Result<Stored, ApiError> {
    let submission = db::submissions::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
    let process = db::processes::by_id(conn, submission.process_id)?.ok_or(ApiError::NotFound)?;
    who.reach(process.id)?;
    // A repeat answers the first report, whatever became of the submission since.
    if let Some(earlier) = db::reports::of(conn, id, who.token_id)? {
        return Ok(Stored {
            row: earlier,
            flagged: None,
        });
    }
    // Hidden and flagged submissions do not exist for participants.
    if submission.status != SubmissionStatus::Visible {
        return Err(ApiError::NotFound);
    }
    if submission.token_id == who.token_id || (!who.is_staff() && !process.public_submissions) {
        return Err(ApiError::Forbidden);
    }
    let (row, added) = db::reports::record(
        conn,
        &ReportRow {
            submission_id: id,
            token_id: who.token_id,
            reason,
            created_at: db::now(),
        },
    )?;
    let threshold = i64::from(db::moderation_settings::of(conn, process.id)?.report_threshold);
    let mut flagged = None;
    if added && threshold > 0 {
        let since_change = db::reports::count_since(conn, id, submission.updated_at)?;
        let reason = moderation::reported_by(since_change);
        if since_change >= threshold && db::reports::flag_if_visible(conn, id, &reason, db::now())?
        {
            flagged = Some(since_change);
        }
    }
    Ok(Stored { row, flagged })
}
