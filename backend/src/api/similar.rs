//! "Someone already said something close": similar submissions while typing (public
//! processes), near-duplicate groups for admins, and marking a duplicate.

use actix_web::{get, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use super::{processes::find, share_links::PublicSubmission};
use crate::{
    analysis::similarity::{candidates, default_threshold},
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{self, submissions::SubmissionRow},
    domain::{SubmissionStatus, SubmissionText},
    error::{ApiError, Problem},
};

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
    pub text: String,
    /// A submission to leave out (the one being edited).
    pub exclude_id: Option<i64>,
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
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Json<SimilarRequest>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?.clone();
    let process = find(&state, &slug).await?;
    if !who.is_admin() && who.process_id != Some(process.id) {
        return Err(ApiError::NotFound);
    }
    if !who.is_admin() && !process.public_submissions {
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
    let found = web::block(move || {
        let _slot = slot;
        let rows = candidates(&db, process.id, false, body.exclude_id)?;
        // A participant's own submissions are not news to them.
        let rows: Vec<SubmissionRow> = rows
            .into_iter()
            .filter(|r| who.is_admin() || r.token_id != who.token_id)
            .collect();
        analyzer.similar(&text, rows, threshold, MAX_SIMILAR)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let items = found
        .into_iter()
        .map(|(row, similarity)| SimilarItem {
            submission: PublicSubmission::from(row),
            similarity,
        })
        .collect();
    Ok(HttpResponse::Ok().json(SimilarResponse { items }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DuplicatesQuery {
    /// Cosine similarity at or above which two submissions are near-duplicates (0.5-1,
    /// default 0.85 with the embedding engine, 0.6 with the lexical one).
    pub threshold: Option<f32>,
}

#[derive(Serialize, ToSchema)]
pub struct DuplicateMember {
    pub id: i64,
    pub text: String,
    pub contributor_type: String,
    pub status: SubmissionStatus,
    pub duplicate_of: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DuplicateGroup {
    pub submissions: Vec<DuplicateMember>,
    /// The weakest link inside the group.
    pub similarity: f32,
}

#[derive(Serialize, ToSchema)]
pub struct DuplicateGroups {
    pub threshold: f32,
    pub groups: Vec<DuplicateGroup>,
}

/// Groups of near-duplicate submissions in a process (admin), largest first.
#[utoipa::path(
    operation_id = "findDuplicates",
    tag = "submissions",
    params(("slug" = String, Path), DuplicatesQuery),
    responses((status = 200, body = DuplicateGroups), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/duplicates")]
pub async fn duplicates(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<DuplicatesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let process = find(&state, &slug).await?;
    let (analyzer, db) = (state.analyzer.clone(), state.db.clone());
    let default = match analyzer.engine_kind() {
        planner_analysis::engine::EngineKind::Embedding => 0.85,
        planner_analysis::engine::EngineKind::Lexical => 0.6,
    };
    let threshold = query.threshold.unwrap_or(default);
    if !(0.5..=1.0).contains(&threshold) {
        return Err(ApiError::validation(
            "threshold",
            "must be between 0.5 and 1",
        ));
    }
    let groups = web::block(move || {
        analyzer.duplicate_groups(candidates(&db, process.id, true, None)?, threshold)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let groups = groups
        .into_iter()
        .map(|(members, similarity)| DuplicateGroup {
            similarity,
            submissions: members
                .into_iter()
                .map(|r| DuplicateMember {
                    id: r.id,
                    status: SubmissionStatus::parse(&r.status).unwrap_or(SubmissionStatus::Hidden),
                    text: r.text,
                    contributor_type: r.contributor_type,
                    duplicate_of: r.duplicate_of,
                })
                .collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(DuplicateGroups { threshold, groups }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DuplicateOf {
    /// The original this submission repeats; null to undo.
    pub of: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DuplicateMark {
    pub id: i64,
    pub duplicate_of: Option<i64>,
}

/// Mark a submission as a duplicate of another in the same process, or undo it (admin).
/// Duplicates are kept and linked, and counted once in analytics.
#[utoipa::path(
    operation_id = "markDuplicate",
    tag = "submissions",
    params(("id" = i64, Path)),
    request_body = DuplicateOf,
    responses(
        (status = 200, body = DuplicateMark),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[put("/submissions/{id}/duplicate-of")]
pub async fn mark_duplicate(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
    body: web::Json<DuplicateOf>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let (id, of) = (id.into_inner(), body.into_inner().of);
    let mark = state
        .db
        .write(move |conn| {
            let row = db::submissions::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            // Point at the original, never at another duplicate, so chains cannot form.
            let target = match of {
                Some(of) => {
                    let original = db::submissions::by_id(conn, of)?
                        .filter(|o| o.process_id == row.process_id)
                        .ok_or_else(|| {
                            ApiError::validation("of", "is not a submission of the same process")
                        })?;
                    let root = original.duplicate_of.unwrap_or(original.id);
                    if root == id {
                        return Err(ApiError::validation(
                            "of",
                            "a submission cannot duplicate itself",
                        ));
                    }
                    Some(root)
                }
                None => None,
            };
            db::submissions::set_duplicate_of(conn, id, target)?;
            if let Some(root) = target {
                db::submissions::repoint_duplicates(conn, id, root)?;
            }
            AuditEvent::new("submission.mark_duplicate")
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
