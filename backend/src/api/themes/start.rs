//! Compute themes in the background (admin); re-running replaces them.

use crate::api::jobs::JobView;
use crate::http::body::JsonObject;
use crate::jobs::Job;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    error::{ApiError, FieldError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ThemesRequest {
    /// Number of themes, 2-20 (default about the square root of half the sentence count).
    #[schema(minimum = 2, maximum = 20)]
    #[serde(default, deserialize_with = "crate::domain::whole::optional")]
    pub k: Option<usize>,
    /// Clustering seed (default 1): the same data and seed give the same themes.
    #[schema(maximum = 9007199254740991.0)]
    #[serde(default, deserialize_with = "crate::domain::whole::optional")]
    pub seed: Option<u64>,
}

/// Compute themes in the background (admin); re-running replaces them.
#[utoipa::path(
    operation_id = "startThemes",
    tag = "analysis",
    params(("slug" = String, Path)),
    request_body = ThemesRequest,
    responses((status = 202, body = JobView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes/{slug}/themes")]
pub async fn start(
    state: web::Data<AppState>,
    InProcess {
        who,
        process,
        body: JsonObject(body),
        ..
    }: InProcess<op::StartThemes, JsonObject<ThemesRequest>>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    if body.k.is_some_and(|k| !(2..=20).contains(&k)) {
        return Err(ApiError::field(FieldError::out_of_range("k", 2.0, 20.0)));
    }
    // Seeds are exact in every JSON client only up to 2^53 - 1 (what the spec declares).
    const MAX_SEED: u64 = (1 << 53) - 1;
    if body.seed.is_some_and(|seed| seed > MAX_SEED) {
        return Err(ApiError::field(FieldError::out_of_range(
            "seed",
            0.0,
            MAX_SEED as f64,
        )));
    }
    let job = Job::Themes {
        k: body.k,
        seed: body.seed.unwrap_or(1),
    };
    let job = state
        .db
        .write(move |conn| {
            let job = job.enqueue(conn, process.id, admin)?;
            AuditEvent::new(AuditAction::ThemesStart)
                .target("process", &process.slug)
                .details(json!({ "job": job.id }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(job)
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Accepted().json(JobView::from(job)))
}
