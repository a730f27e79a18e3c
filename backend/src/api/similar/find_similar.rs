//! Up to five visible submissions close to a text being written (its last 1,000 characters).

use crate::api::extract::InProcess;
use crate::api::share_links::{public_views, PublicSubmission};
use crate::auth::op;
use crate::{
    analysis::similarity::{candidates, default_threshold},
    auth::ClientIp,
    db::submissions::SubmissionRow,
    domain::SubmissionId,
    domain::SubmissionText,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const MAX_SIMILAR: usize = 5;

/// Only the end of a long text is compared: while typing, the newest sentences are the ones
/// someone else may already have written, and the model's cost stays bounded.
const SIMILAR_QUERY_CHARS: usize = 1_000;

/// The last `max` characters of `text`, starting at a character boundary.
fn tail(text: &str, max: usize) -> &str {
    match text.char_indices().rev().nth(max.saturating_sub(1)) {
        Some((i, _)) if i > 0 => &text[i..],
        _ => text,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimilarRequest {
    /// What the participant has typed so far (1-5000 characters).
    #[schema(
        min_length = 1,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub text: String,
    /// A submission to leave out (the one being edited).
    pub exclude_id: Option<SubmissionId>,
}

#[derive(Serialize, ToSchema)]
pub struct SimilarItem {
    pub submission: PublicSubmission,
    /// Cosine similarity, 0..1.
    pub similarity: f32,
}

#[derive(Serialize, ToSchema)]
pub struct SimilarResponse {
    pub items: Vec<SimilarItem>,
}

/// Up to five visible submissions close to a text being written (its last 1,000 characters).
/// Only in processes that make submissions public (admins: any process); limited per token
/// (default 30 per minute) and charged by sentences like `/classify`; 503 with Retry-After when
/// the model is busy.
#[utoipa::path(
    operation_id = "findSimilar",
    tag = "submissions",
    params(("slug" = String, Path)),
    request_body = SimilarRequest,
    responses(
        (status = 200, body = SimilarResponse),
        (status = 403, description = "Process not public", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The model is busy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/similar")]
pub async fn similar(
    state: web::Data<AppState>,
    InProcess {
        who, process, body, ..
    }: InProcess<op::FindSimilar, web::Json<SimilarRequest>>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    if !who.is_staff() && !process.public_submissions {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let text = SubmissionText::parse(&body.text)
        .map_err(|e| ApiError::Validation(vec![e]))?
        .into_inner();
    state.limiters.check_similar(who.token_id).await?;
    let text = tail(&text, SIMILAR_QUERY_CHARS).to_owned();
    let sentences = planner_analysis::segment::segment(&text).len().max(1);
    state
        .limiters
        .check_analysis(who.token_id, &ip.key(), sentences as u32)
        .await?;
    let slot = state.model_slots.acquire().await?;
    let (analyzer, db) = (state.analyzer.clone(), state.db.clone());
    let threshold = default_threshold(analyzer.engine_kind());
    // Staff cannot support; a participant sees which of these they support already.
    let caller = (!who.is_staff()).then_some(who.token_id);
    let found = web::block(move || {
        let _slot = slot;
        let rows = candidates(&db, process.id, false, body.exclude_id)?;
        // A participant's own submissions are not news to them.
        let rows: Vec<SubmissionRow> = rows
            .into_iter()
            .filter(|r| who.is_staff() || r.token_id != who.token_id)
            .collect();
        analyzer.similar(&text, rows, threshold, MAX_SIMILAR)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let (rows, similarities): (Vec<SubmissionRow>, Vec<f32>) = found.into_iter().unzip();
    let submissions = state
        .db
        .read(move |conn| Ok(public_views(conn, rows, caller)?))
        .await?;
    let items = submissions
        .into_iter()
        .zip(similarities)
        .map(|(submission, similarity)| SimilarItem {
            submission,
            similarity,
        })
        .collect();
    Ok(HttpResponse::Ok().json(SimilarResponse { items }))
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn the_tail_keeps_the_last_characters_on_a_boundary() {
        assert_eq!(tail("abcdef", 3), "def");
        assert_eq!(tail("ab", 3), "ab");
        assert_eq!(tail("ééé", 2), "éé");
    }
}
