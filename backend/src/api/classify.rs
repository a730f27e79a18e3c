//! Classification for integrators: segment and categorise a text, storing nothing.

use crate::auth::{op, Allowed};
use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::find;
use crate::{
    analysis::SentencePrediction,
    auth::ClientIp,
    domain::SubmissionText,
    error::{ApiError, FieldCode, FieldError, Problem},
    state::AppState,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRequest {
    /// Slug of the process whose categories and model to use.
    #[schema(min_length = 2, max_length = 64, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub process: String,
    /// 1-5000 characters.
    #[schema(
        min_length = 1,
        max_length = 5000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct ClassifyResponse {
    pub engine: String,
    /// The training run used; null = the default model.
    pub model_run_id: Option<crate::domain::RunId>,
    pub sentences: Vec<SentencePrediction>,
}

/// Most sentences one `/classify` call may ask the model about.
pub const MAX_CLASSIFY_SENTENCES: usize = 60;

/// Segment and categorise a text without storing anything, not even its embeddings (any
/// signed-in caller; participants only for their own process). At most 60 sentences a call;
/// charged by sentences against a budget per token and per client address (defaults 2,000 and
/// 4,000 an hour); 503 with Retry-After when the model is busy with other requests.
#[utoipa::path(
    operation_id = "classify",
    tag = "analysis",
    request_body = ClassifyRequest,
    responses(
        (status = 200, body = ClassifyResponse),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Sentence budget used up", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The model is busy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/classify")]
pub async fn classify(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::Classify>,
    ip: ClientIp,
    body: web::Json<ClassifyRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let text = SubmissionText::parse(&body.text)
        .map_err(|e| ApiError::Validation(vec![e]))?
        .into_inner();
    let process = find(&state, &body.process).await.map_err(|_| {
        ApiError::Validation(vec![FieldError::new(
            "process",
            FieldCode::UnknownReference,
            "no such process",
        )])
    })?;
    if !who.reaches(process.id) {
        // Another process is "no such process" too: slugs cannot be probed.
        return Err(ApiError::Validation(vec![FieldError::new(
            "process",
            FieldCode::UnknownReference,
            "no such process",
        )]));
    }
    let sentences = planner_analysis::segment::segment(&text).len();
    if sentences > MAX_CLASSIFY_SENTENCES {
        return Err(ApiError::field(
            FieldError::new(
                "text",
                FieldCode::TooLong,
                format!("at most {MAX_CLASSIFY_SENTENCES} sentences per call ({sentences} found); send the rest in another call"),
            )
            .bounds(None, Some(MAX_CLASSIFY_SENTENCES as f64)),
        ));
    }
    state
        .limiters
        .check_analysis(who.token_id, &ip.key(), sentences as u32)
        .await?;
    let slot = state.model_slots.acquire().await?;
    let analyzer = state.analyzer.clone();
    // The model runs on the blocking pool, never on an HTTP worker.
    let (predicted, run) = web::block(move || {
        let _slot = slot;
        analyzer.classify_text(&process, &text)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(ClassifyResponse {
        engine: state.analyzer.engine_kind().as_str().into(),
        model_run_id: run,
        sentences: predicted,
    }))
}
