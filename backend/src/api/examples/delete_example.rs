//! Delete a training example (admin).

use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::analysis::{self as rows},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};
use serde_json::json;

/// Delete a training example (admin).
#[utoipa::path(
    operation_id = "deleteTrainingExample",
    tag = "analysis",
    params(("id" = crate::domain::ExampleId, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[delete("/training-examples/{id}")]
pub async fn delete_example(
    state: web::Data<AppState>,
    admin: Allowed<op::DeleteTrainingExample>,
    ip: ClientIp,
    id: web::Path<crate::domain::ExampleId>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            let row = rows::example_by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            who.reach(row.process_id)?;
            rows::delete_example(conn, id)?;
            AuditEvent::new(AuditAction::TrainingExampleDelete)
                .target("training_example", id)
                .details(json!({ "category": row.category, "kind": row.kind }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
