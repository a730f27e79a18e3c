//! Aggregated results for the holder of a results link (no sign-in; token in the

use super::{most_supported, public_page, PublicSubmission};
use crate::api::{
    analytics::{compute, Analytics, Interval},
    extract::find,
    pagination::{Page, PageRequest},
    utc,
};
use crate::{
    db::{self},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The header carrying a results link's token. Links put the token after `#`, which browsers
/// never send, so it stays out of server and proxy logs.
pub const RESULTS_TOKEN_HEADER: &str = "x-results-token";

#[derive(Serialize, ToSchema)]
pub struct SharedProcess {
    pub slug: String,
    pub title: String,
    pub prompt: String,
    pub categories: Vec<crate::domain::Category>,
    pub contributor_types: Vec<crate::domain::ContributorType>,
    pub map: Option<crate::domain::MapView>,
    /// The title, prompt and category names in the UI's languages (base text where absent).
    pub translations: crate::domain::Translations,
}

#[derive(Serialize, ToSchema)]
pub struct SharedResults {
    pub process: SharedProcess,
    pub analytics: Analytics,
    /// The newest visible submissions, when the process makes submissions public; else null.
    pub submissions: Option<Page<PublicSubmission>>,
    /// Up to five visible submissions with the most supports (most first; only supported
    /// ones), when the process makes submissions public; else null.
    pub most_supported: Option<Vec<PublicSubmission>>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SharedQuery {
    pub interval: Option<Interval>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Aggregated results for the holder of a results link (no sign-in; token in the
/// `X-Results-Token` header). Expired, tampered and revoked links get 401.
#[utoipa::path(
    operation_id = "getSharedResults",
    tag = "sharing",
    params(("X-Results-Token" = String, Header, description = "The link's token"), SharedQuery),
    responses((status = 200, body = SharedResults), (status = 401, body = Problem, content_type = "application/problem+json"))
)]
#[get("/shared/results")]
pub async fn results(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SharedQuery>,
) -> Result<HttpResponse, ApiError> {
    let token = req
        .headers()
        .get(RESULTS_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::InvalidLink)?;
    let claims = state
        .share_keys
        .verify(token)
        .ok_or(ApiError::InvalidLink)?;
    let jti = claims.jti.clone();
    let link = state
        .db
        .read(move |conn| Ok(db::share_links::by_id(conn, &jti)?))
        .await?
        .ok_or(ApiError::InvalidLink)?;
    let process = find(&state, &claims.sub)
        .await
        .map_err(|_| ApiError::InvalidLink)?;
    if link.revoked_at.is_some() || link.process_id != process.id || link.expires_at <= db::now() {
        return Err(ApiError::InvalidLink);
    }
    let analytics = compute(&state, &process, query.interval.unwrap_or_default()).await?;
    let (submissions, most_supported) = if process.public_submissions {
        let page = PageRequest::new(query.limit, query.offset);
        (
            Some(public_page(&state, &process, page, None).await?),
            Some(most_supported(&state, &process).await?),
        )
    } else {
        (None, None)
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SharedResults {
            process: SharedProcess {
                slug: process.slug.clone(),
                title: process.title.clone(),
                prompt: process.prompt.clone(),
                categories: process.categories(),
                contributor_types: process.contributor_types(),
                map: process.map(),
                translations: process.translations(),
            },
            analytics,
            submissions,
            most_supported,
            expires_at: utc(link.expires_at),
        }))
}
