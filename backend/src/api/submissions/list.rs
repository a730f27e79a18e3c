//! List submissions of a process, newest first. Admins see all; participants only their own.

use super::{views, SubmissionView};
use crate::api::extract::InProcess;
use crate::api::pagination::{Page, PageRequest};
use crate::auth::op;
use crate::{
    db::{self, submissions::SubmissionFilter},
    domain::{text, SubmissionStatus},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SubmissionQuery {
    pub status: Option<SubmissionStatus>,
    pub contributor_type: Option<String>,
    /// Case-insensitive substring of the text (ASCII letters).
    #[param(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub q: Option<String>,
    /// Created at or after (RFC 3339).
    pub created_from: Option<DateTime<Utc>>,
    /// Created before (RFC 3339).
    pub created_to: Option<DateTime<Utc>>,
    /// true: only submissions with a location; false: only those without.
    pub has_location: Option<bool>,
    /// Only submissions whose primary category is this key.
    pub category: Option<String>,
    /// Only submissions with a sentence categorised with less confidence than this (0..1).
    pub confidence_below: Option<f64>,
    /// Page size, 1-200 (default 50; larger values are capped).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// List submissions of a process, newest first. Admins see all; participants only their own.
#[utoipa::path(
    operation_id = "listSubmissions",
    tag = "submissions",
    params(("slug" = String, Path), SubmissionQuery),
    responses((status = 200, body = Page<SubmissionView>), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/submissions")]
pub async fn list(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::ListSubmissions>,
    query: web::Query<SubmissionQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    if let Some(q) = &query.q {
        text::single_line("q", q, 200).map_err(|e| ApiError::Validation(vec![e]))?;
    }
    let page = PageRequest::new(query.limit, query.offset);
    let filter = SubmissionFilter {
        process_id: process.id,
        owner_token_id: (!who.is_staff()).then_some(who.token_id),
        status: query.status,
        contributor_type: query.contributor_type,
        text_query: query
            .q
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        created_from: query.created_from.map(|t| t.naive_utc()),
        created_to: query.created_to.map(|t| t.naive_utc()),
        has_location: query.has_location,
        primary_category: query.category,
        confidence_below: query.confidence_below,
        exclude_hidden: false,
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
    let admin = who.is_staff();
    let items = views(&state, rows, &process, admin).await?;
    Ok(HttpResponse::Ok().json(Page::new(items, total, page)))
}
