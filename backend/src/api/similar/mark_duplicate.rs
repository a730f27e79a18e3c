//! Mark a submission as a duplicate of another in the same process, or undo it (admin).

use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self},
    domain::SubmissionId,
    error::{ApiError, FieldCode, FieldError, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DuplicateOf {
    /// The original this submission repeats; null to undo.
    pub of: Option<SubmissionId>,
}

#[derive(Serialize, ToSchema)]
pub struct DuplicateMark {
    pub id: SubmissionId,
    pub duplicate_of: Option<SubmissionId>,
}

/// Mark a submission as a duplicate of another in the same process, or undo it (admin).
/// Duplicates are kept and linked, and counted once in analytics.
#[utoipa::path(
    operation_id = "markDuplicate",
    tag = "submissions",
    params(("id" = SubmissionId, Path)),
    request_body = DuplicateOf,
    responses(
        (status = 200, body = DuplicateMark),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[put("/submissions/{id}/duplicate-of")]
pub async fn mark_duplicate(
    state: web::Data<AppState>,
    admin: Allowed<op::MarkDuplicate>,
    ip: ClientIp,
    id: web::Path<SubmissionId>,
    body: web::Json<DuplicateOf>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let (id, of) = (id.into_inner(), body.into_inner().of);
    let mark = state
        .db
        .write(move |conn| {
            let row = db::submissions::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            who.reach(row.process_id)?;
            // Point at the original, never at another duplicate, so chains cannot form.
            let target = match of {
                Some(of) => {
                    let original = db::submissions::by_id(conn, of)?
                        .filter(|o| o.process_id == row.process_id)
                        .ok_or_else(|| {
                            ApiError::field(FieldError::new(
                                "of",
                                FieldCode::UnknownReference,
                                "is not a submission of the same process",
                            ))
                        })?;
                    let root = original.duplicate_of.unwrap_or(original.id);
                    if root == id {
                        return Err(ApiError::field(FieldError::new(
                            "of",
                            FieldCode::Invalid,
                            "a submission cannot duplicate itself",
                        )));
                    }
                    Some(root)
                }
                None => None,
            };
            // Its own duplicates move onto `target` with it.
            db::submissions::set_duplicate_of(conn, id, target)?;
            AuditEvent::new(AuditAction::SubmissionMarkDuplicate)
                .target("submission", id)
                .details(json!({ "from": row.duplicate_of, "to": target }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(DuplicateMark {
                id,
                duplicate_of: target,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(mark))
}
