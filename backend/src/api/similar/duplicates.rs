//! Groups of near-duplicate submissions in a process (admin), largest first.

use crate::{
    analysis::similarity::{candidates, default_duplicate_threshold},
    domain::SubmissionId,
    domain::SubmissionStatus,
    error::{ApiError, FieldError, Problem},
    state::AppState,
};
use crate::{api::extract::InProcess, auth::op};
use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DuplicatesQuery {
    /// Cosine similarity at or above which two submissions are near-duplicates (0.5-1,
    /// default 0.85 with the embedding engine, 0.6 with the lexical one).
    #[param(minimum = 0.5, maximum = 1)]
    pub threshold: Option<f32>,
}

#[derive(Serialize, ToSchema)]
pub struct DuplicateMember {
    pub id: SubmissionId,
    pub text: String,
    pub contributor_type: String,
    pub status: SubmissionStatus,
    pub duplicate_of: Option<SubmissionId>,
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
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/duplicates")]
pub async fn duplicates(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::FindDuplicates>,
    query: web::Query<DuplicatesQuery>,
) -> Result<HttpResponse, ApiError> {
    let (analyzer, db) = (state.analyzer.clone(), state.db.clone());
    let default = default_duplicate_threshold(analyzer.engine_kind());
    let threshold = query.threshold.unwrap_or(default);
    if !(0.5..=1.0).contains(&threshold) {
        return Err(ApiError::field(FieldError::out_of_range(
            "threshold",
            0.5,
            1.0,
        )));
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
                    status: r.status,
                    text: r.text,
                    contributor_type: r.contributor_type,
                    duplicate_of: r.duplicate_of,
                })
                .collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(DuplicateGroups { threshold, groups }))
}
