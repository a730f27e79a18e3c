//! Add an example sentence for one of the process's categories (admin). Examples shape the

use super::ExampleView;
use crate::api::labels::check_category;
use crate::api::utc;
use crate::domain::vocab::ExampleKind;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{
        self,
        analysis::{self as rows, NewTrainingExample},
    },
    domain::text,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleCreate {
    /// An example sentence for the category (1-500 characters).
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub text: String,
    #[schema(pattern = "^[a-z][a-z0-9_]{0,31}$")]
    pub category: String,
}

/// Add an example sentence for one of the process's categories (admin). Examples shape the
/// process's default model and every training run.
#[utoipa::path(
    operation_id = "addTrainingExample",
    tag = "analysis",
    params(("slug" = String, Path)),
    request_body = ExampleCreate,
    responses((status = 201, body = ExampleView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes/{slug}/training-examples")]
pub async fn add_example(
    state: web::Data<AppState>,
    InProcess {
        who, process, body, ..
    }: InProcess<op::AddTrainingExample, web::Json<ExampleCreate>>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let body = body.into_inner();
    let text =
        text::multi_line("text", &body.text, 1, 500).map_err(|e| ApiError::Validation(vec![e]))?;
    check_category(&process, &body.category)?;
    let row = state
        .db
        .write(move |conn| {
            let row = rows::record_example(
                conn,
                &NewTrainingExample {
                    process_id: process.id,
                    sentence_id: None,
                    text,
                    category: body.category,
                    kind: ExampleKind::Example,
                    group_key: "example".into(),
                    created_by: Some(admin),
                    created_at: db::now(),
                },
            )?;
            AuditEvent::new(AuditAction::TrainingExampleAdd)
                .target("training_example", row.id)
                .record(conn, Some(admin), Some(ip))?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(ExampleView {
        id: row.id,
        text: row.text,
        category: row.category,
        kind: row.kind,
        sentence_id: row.sentence_id,
        created_at: utc(row.created_at),
    }))
}
