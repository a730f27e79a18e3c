//! Training examples collected for a process (admin).

use super::ExampleView;
use crate::api::utc;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    db::analysis::{self as rows},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// Training examples collected for a process (admin).
#[utoipa::path(
    operation_id = "listTrainingExamples",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<ExampleView>)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/training-examples")]
pub async fn list_examples(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::ListTrainingExamples>,
) -> Result<HttpResponse, ApiError> {
    let rows = state
        .db
        .read(move |conn| Ok(rows::examples_for_process(conn, process.id)?))
        .await?;
    let views: Vec<ExampleView> = rows
        .into_iter()
        .map(|e| ExampleView {
            id: e.id,
            text: e.text,
            category: e.category,
            kind: e.kind,
            sentence_id: e.sentence_id,
            created_at: utc(e.created_at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}
