//! Signed read-only results links (admin creates, lists, revokes) and the public results they
//! open: aggregated figures, plus the visible submissions when the process is public.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use super::{
    analytics::{compute, Analytics, Interval},
    pagination::{Page, PageQuery, PageRequest},
    processes::find,
    utc,
};
use crate::{
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{
        self,
        processes::ProcessRow,
        share_links::ShareLinkRow,
        submissions::{SubmissionFilter, SubmissionRow},
    },
    domain::{text, Location},
    error::{ApiError, Problem},
    security::tokens,
};

/// The header carrying a results link's token. Links put the token after `#`, which browsers
/// never send, so it stays out of server and proxy logs.
pub const RESULTS_TOKEN_HEADER: &str = "x-results-token";
const MAX_DAYS: i64 = 365;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareLinkCreate {
    /// Who the link is for, e.g. "City council, June meeting".
    pub label: Option<String>,
    /// Days until the link stops working, 1-365 (default 30).
    #[schema(minimum = 1, maximum = 365)]
    pub expires_in_days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ShareLinkInfo {
    pub id: String,
    pub label: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// `active`, `expired` or `revoked`.
    pub status: String,
}

impl From<&ShareLinkRow> for ShareLinkInfo {
    fn from(r: &ShareLinkRow) -> Self {
        let status = if r.revoked_at.is_some() {
            "revoked"
        } else if r.expires_at <= db::now() {
            "expired"
        } else {
            "active"
        };
        Self {
            id: r.id.clone(),
            label: r.label.clone(),
            created_at: utc(r.created_at),
            expires_at: utc(r.expires_at),
            revoked_at: r.revoked_at.map(utc),
            status: status.into(),
        }
    }
}

/// A new link; the token is shown only here.
#[derive(Serialize, ToSchema)]
pub struct NewShareLink {
    #[serde(flatten)]
    pub info: ShareLinkInfo,
    /// The signed token (a JWT).
    pub token: String,
    /// Path of the results page, token after `#`: prefix it with the site's origin.
    #[schema(example = "/r/riverfront#eyJhbGciOi...")]
    pub path: String,
}

/// Create an expiring read-only results link (admin).
#[utoipa::path(
    operation_id = "createShareLink",
    tag = "sharing",
    params(("slug" = String, Path)),
    request_body = ShareLinkCreate,
    responses((status = 201, body = NewShareLink), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/share-links")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Json<ShareLinkCreate>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process = find(&state, &slug).await?;
    let body = body.into_inner();
    let days = body.expires_in_days.unwrap_or(30);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ApiError::validation(
            "expires_in_days",
            format!("must be between 1 and {MAX_DAYS}"),
        ));
    }
    let label = body
        .label
        .filter(|l| !l.trim().is_empty())
        .map(|l| text::single_line("label", &l, 120))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let now = db::now();
    let row = ShareLinkRow {
        id: tokens::random_hex(16),
        process_id: process.id,
        label,
        created_by: Some(admin),
        created_at: now,
        expires_at: now + Duration::days(days),
        revoked_at: None,
    };
    let token = state.share_keys.issue(
        &process.slug,
        &row.id,
        utc(row.created_at).timestamp(),
        utc(row.expires_at).timestamp(),
    );
    let stored = row.clone();
    let slug = process.slug.clone();
    state
        .db
        .write(move |conn| {
            db::share_links::insert(conn, &stored)?;
            Ok(AuditEvent::new("share_link.create")
                .target("share_link", &stored.id)
                .details(json!({ "process": slug, "expires_at": utc(stored.expires_at) }))
                .record(conn, Some(admin), Some(ip))?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(NewShareLink {
            info: ShareLinkInfo::from(&row),
            path: format!("/r/{}#{token}", process.slug),
            token,
        }))
}

/// Results links of a process (admin).
#[utoipa::path(
    operation_id = "listShareLinks",
    tag = "sharing",
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<ShareLinkInfo>)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/share-links")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let process = find(&state, &slug).await?;
    let rows = state
        .db
        .read(move |conn| Ok(db::share_links::for_process(conn, process.id)?))
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(ShareLinkInfo::from).collect::<Vec<_>>()))
}

/// Revoke a results link (admin); it stops working at once.
#[utoipa::path(
    operation_id = "revokeShareLink",
    tag = "sharing",
    params(("id" = String, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[delete("/share-links/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            db::share_links::by_id(conn, &id)?.ok_or(ApiError::NotFound)?;
            db::share_links::revoke(conn, &id, db::now())?;
            Ok(AuditEvent::new("share_link.revoke")
                .target("share_link", &id)
                .record(conn, Some(admin), Some(ip))?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A visible submission as the public sees it: never who wrote it.
#[derive(Serialize, ToSchema)]
pub struct PublicSubmission {
    pub id: i64,
    pub text: String,
    pub contributor_type: String,
    pub primary_category: Option<String>,
    pub location: Option<Location>,
    pub created_at: DateTime<Utc>,
}

/// What others see of a submission is coarser than what its author and the admins see: the
/// day it was written (not the minute) and its place to about 100 m (three decimals), so that
/// in a small workshop a public list cannot be matched to who sat where and wrote when.
impl From<SubmissionRow> for PublicSubmission {
    fn from(r: SubmissionRow) -> Self {
        let coarse = |x: f64| (x * 1_000.0).round() / 1_000.0;
        Self {
            id: r.id,
            location: r.lat.zip(r.lng).map(|(lat, lng)| Location {
                lat: coarse(lat),
                lng: coarse(lng),
            }),
            text: r.text,
            contributor_type: r.contributor_type,
            primary_category: r.primary_category,
            created_at: utc(r
                .created_at
                .date()
                .and_hms_opt(0, 0, 0)
                .unwrap_or(r.created_at)),
        }
    }
}

/// Visible submissions only: hidden and flagged ones never leave through public views.
async fn public_page(
    state: &AppState,
    process: &ProcessRow,
    page: PageRequest,
) -> Result<Page<PublicSubmission>, ApiError> {
    let filter = SubmissionFilter {
        process_id: process.id,
        status: Some("visible".into()),
        ..Default::default()
    };
    let (rows, total) = state
        .db
        .read(move |conn| {
            Ok(db::submissions::list(
                conn,
                &filter,
                page.limit,
                page.offset,
            )?)
        })
        .await?;
    Ok(Page::new(
        rows.into_iter().map(PublicSubmission::from).collect(),
        total,
        page,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct SharedProcess {
    pub slug: String,
    pub title: String,
    pub prompt: String,
    pub categories: Vec<crate::domain::Category>,
    pub contributor_types: Vec<crate::domain::ContributorType>,
    pub map: Option<crate::domain::MapView>,
}

#[derive(Serialize, ToSchema)]
pub struct SharedResults {
    pub process: SharedProcess,
    pub analytics: Analytics,
    /// The newest visible submissions, when the process makes submissions public; else null.
    pub submissions: Option<Page<PublicSubmission>>,
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
    let submissions = if process.public_submissions {
        Some(
            public_page(
                &state,
                &process,
                PageRequest::new(query.limit, query.offset),
            )
            .await?,
        )
    } else {
        None
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
            },
            analytics,
            submissions,
            expires_at: utc(link.expires_at),
        }))
}

/// Other participants' visible submissions, newest first — only when the process makes them
/// public (participants of the process and admins).
#[utoipa::path(
    operation_id = "listPublicSubmissions",
    tag = "submissions",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<PublicSubmission>), (status = 403, description = "Not public", body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/public-submissions")]
pub async fn public_submissions(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?;
    let process = find(&state, &slug).await?;
    if !who.is_admin() && who.process_id != Some(process.id) {
        return Err(ApiError::NotFound);
    }
    if !who.is_admin() && !process.public_submissions {
        return Err(ApiError::Forbidden);
    }
    Ok(HttpResponse::Ok().json(
        public_page(
            &state,
            &process,
            PageRequest::new(query.limit, query.offset),
        )
        .await?,
    ))
}
