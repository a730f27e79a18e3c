//! Submissions: participants write and edit their own while the process is open; admins
//! moderate, and enter paper or workshop input on someone's behalf.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use super::{
    pagination::{Page, PageRequest},
    processes::find,
    utc,
};
use std::collections::BTreeMap;

use super::analysis::SentenceView;
use crate::{
    analysis::summary::summarise,
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp, Identity},
    db::{
        self,
        analysis::SentenceRow,
        processes::ProcessRow,
        submissions::{NewSubmission, SubmissionChanges, SubmissionFilter, SubmissionRow},
    },
    domain::{text, Location, SubmissionStatus, SubmissionText},
    error::{ApiError, FieldError, Problem},
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionCreate {
    /// 1-5000 characters after trimming.
    #[schema(example = "Turn the vacant lot on Elm Street into a community garden.")]
    pub text: String,
    pub location: Option<Location>,
    /// Admins only: the contributor type of the person whose paper input this is.
    pub contributor_type: Option<String>,
}

/// Owners change `text` and `location` (null removes it); admins change `status` with a
/// `reason` (required for hidden and flagged).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionUpdate {
    pub text: Option<String>,
    #[serde(default, deserialize_with = "super::body::present")]
    #[schema(value_type = Option<Location>)]
    pub location: Option<Option<Location>>,
    pub status: Option<SubmissionStatus>,
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SubmissionView {
    pub id: i64,
    /// Slug of the process.
    pub process: String,
    pub contributor_type: String,
    pub text: String,
    pub location: Option<Location>,
    pub status: SubmissionStatus,
    pub moderation_reason: Option<String>,
    /// True when an admin entered it on someone's behalf.
    pub entered_by_admin: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Row id of the owning token; admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_id: Option<i64>,
    /// The submission this one repeats (admins mark duplicates; counted once in analytics).
    pub duplicate_of: Option<i64>,
    /// `pending` until the current text has been categorised, then `done`.
    #[schema(example = "done")]
    pub analysis: String,
    /// The text's sentences with their categories (empty while pending).
    pub sentences: Vec<SentenceView>,
    /// The category with the largest share of sentences; ties go to the higher summed
    /// confidence, then to the category listed first by the process.
    pub primary_category: Option<String>,
    /// Share of sentences per category (0..1, summing to 1).
    pub category_distribution: BTreeMap<String, f64>,
}

impl SubmissionView {
    fn new(
        row: SubmissionRow,
        process: &ProcessRow,
        admin: bool,
        sentences: &[SentenceRow],
    ) -> Self {
        let done = row.analysed_at.is_some();
        let sentences: Vec<SentenceView> = if done {
            sentences.iter().map(SentenceView::from).collect()
        } else {
            Vec::new()
        };
        let order: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
        let labelled: Vec<(String, f64)> = sentences
            .iter()
            .map(|s| (s.category.clone(), s.confidence))
            .collect();
        let (primary_category, category_distribution) = summarise(&labelled, &order);
        let process_slug = process.slug.as_str();
        Self {
            duplicate_of: row.duplicate_of,
            analysis: if done { "done" } else { "pending" }.into(),
            sentences,
            primary_category,
            category_distribution,
            id: row.id,
            process: process_slug.to_owned(),
            contributor_type: row.contributor_type,
            location: row.lat.zip(row.lng).map(|(lat, lng)| Location { lat, lng }),
            text: row.text,
            status: SubmissionStatus::parse(&row.status).unwrap_or(SubmissionStatus::Hidden),
            moderation_reason: row.moderation_reason,
            entered_by_admin: row.entered_by_admin,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            token_id: admin.then_some(row.token_id),
        }
    }
}

/// Views for rows of one process, with their sentences loaded in one query.
async fn views(
    state: &AppState,
    rows: Vec<SubmissionRow>,
    process: &ProcessRow,
    admin: bool,
) -> Result<Vec<SubmissionView>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let sentences = state
        .db
        .read(move |conn| Ok(db::analysis::for_submissions(conn, &ids)?))
        .await?;
    let mut by_submission: BTreeMap<i64, Vec<SentenceRow>> = BTreeMap::new();
    for s in sentences {
        by_submission.entry(s.submission_id).or_default().push(s);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let own = by_submission.remove(&r.id).unwrap_or_default();
            SubmissionView::new(r, process, admin, &own)
        })
        .collect())
}

async fn view(
    state: &AppState,
    row: SubmissionRow,
    process: &ProcessRow,
    admin: bool,
) -> Result<SubmissionView, ApiError> {
    Ok(views(state, vec![row], process, admin).await?.remove(0))
}

/// Participants act only inside their own process; another process answers as if it did not
/// exist, so slugs cannot be probed.
fn check_own_process(who: &Identity, process: &ProcessRow) -> Result<(), ApiError> {
    if who.is_admin() || who.process_id == Some(process.id) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Write a submission. Participants: text and optional location, while the process accepts
/// submissions. Admins: also `contributor_type`, to enter paper or workshop input.
#[utoipa::path(
    operation_id = "createSubmission",
    tag = "submissions",
    params(("slug" = String, Path)),
    request_body = SubmissionCreate,
    responses(
        (status = 201, body = SubmissionView),
        (status = 403, description = "Other process, or submissions closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/submissions")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Json<SubmissionCreate>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?.clone();
    let process = find(&state, &slug).await?;
    check_own_process(&who, &process)?;
    let body = body.into_inner();
    let mut errors = Vec::new();
    let text = SubmissionText::parse(&body.text)
        .map_err(|e| errors.push(e))
        .ok();
    let location = body
        .location
        .map(|l| l.validate("location"))
        .transpose()
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let contributor_type = if who.is_admin() {
        match body.contributor_type {
            Some(kind) if process.has_contributor_type(&kind) => Some(kind),
            Some(_) => {
                errors.push(FieldError::new(
                    "contributor_type",
                    "is not one of this process's contributor types",
                ));
                None
            }
            None => {
                errors.push(FieldError::new(
                    "contributor_type",
                    "is required when an admin enters a submission",
                ));
                None
            }
        }
    } else {
        if body.contributor_type.is_some() {
            errors.push(FieldError::new(
                "contributor_type",
                "comes from your token and cannot be set",
            ));
        }
        who.contributor_type.clone()
    };
    if !who.is_admin() && !process.submissions_open {
        return Err(ApiError::SubmissionsClosed);
    }
    let (Some(text), Some(contributor_type), true) = (text, contributor_type, errors.is_empty())
    else {
        return Err(ApiError::Validation(errors));
    };
    if !who.is_admin() {
        state.limiters.check_submission(who.token_id).await?;
    }
    let now = db::now();
    let new = NewSubmission {
        process_id: process.id,
        token_id: who.token_id,
        contributor_type,
        text: text.into_inner(),
        lat: location.map(|l| l.lat),
        lng: location.map(|l| l.lng),
        status: SubmissionStatus::Visible.as_str().into(),
        entered_by_admin: who.is_admin(),
        created_at: now,
        updated_at: now,
    };
    let admin = who.is_admin();
    let row = state
        .db
        .write(move |conn| {
            let row = db::submissions::insert(conn, &new)?;
            if admin {
                AuditEvent::new("submission.enter_on_behalf")
                    .target("submission", row.id)
                    .details(json!({ "contributor_type": row.contributor_type }))
                    .record(conn, Some(who.token_id), Some(ip))?;
            }
            Ok(row)
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Created().json(view(&state, row, &process, admin).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SubmissionQuery {
    pub status: Option<SubmissionStatus>,
    pub contributor_type: Option<String>,
    /// Case-insensitive substring of the text (ASCII letters).
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
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<SubmissionQuery>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?;
    let process = find(&state, &slug).await?;
    check_own_process(who, &process)?;
    let query = query.into_inner();
    if let Some(q) = &query.q {
        text::single_line("q", q, 200).map_err(|e| ApiError::Validation(vec![e]))?;
    }
    let page = PageRequest::new(query.limit, query.offset);
    let filter = SubmissionFilter {
        process_id: process.id,
        owner_token_id: (!who.is_admin()).then_some(who.token_id),
        status: query.status.map(|s| s.as_str().to_owned()),
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
    let admin = who.is_admin();
    let items = views(&state, rows, &process, admin).await?;
    Ok(HttpResponse::Ok().json(Page::new(items, total, page)))
}

/// A submission with its process, if the caller may see it; others get 404 so ids leak
/// nothing.
async fn load_visible(
    state: &AppState,
    who: &Identity,
    id: i64,
) -> Result<(SubmissionRow, ProcessRow), ApiError> {
    let found = state
        .db
        .read(move |conn| {
            let Some(row) = db::submissions::by_id(conn, id)? else {
                return Ok(None);
            };
            let process = db::processes::by_id(conn, row.process_id)?.ok_or(ApiError::NotFound)?;
            Ok(Some((row, process)))
        })
        .await?;
    match found {
        Some((row, process)) if who.is_admin() || row.token_id == who.token_id => {
            Ok((row, process))
        }
        _ => Err(ApiError::NotFound),
    }
}

/// One submission: its owner or an admin.
#[utoipa::path(
    operation_id = "getSubmission",
    tag = "submissions",
    params(("id" = i64, Path)),
    responses((status = 200, body = SubmissionView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/submissions/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?;
    let (row, process) = load_visible(&state, who, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view(&state, row, &process, who.is_admin()).await?))
}

/// Edit (owner, while open: text and location) or moderate (admin: status and reason).
#[utoipa::path(
    operation_id = "updateSubmission",
    tag = "submissions",
    params(("id" = i64, Path)),
    request_body = SubmissionUpdate,
    responses(
        (status = 200, body = SubmissionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[patch("/submissions/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
    body: web::Json<SubmissionUpdate>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?.clone();
    let (row, process) = load_visible(&state, &who, id.into_inner()).await?;
    let body = body.into_inner();
    let owner = row.token_id == who.token_id;
    let edits_content = body.text.is_some() || body.location.is_some();
    let moderates = body.status.is_some() || body.reason.is_some();
    if (edits_content && !owner) || (moderates && !who.is_admin()) {
        return Err(ApiError::Forbidden);
    }
    if edits_content && !who.is_admin() && !process.submissions_open {
        return Err(ApiError::SubmissionsClosed);
    }
    let mut errors = Vec::new();
    let mut changes = SubmissionChanges {
        updated_at: Some(db::now()),
        ..Default::default()
    };
    if let Some(t) = &body.text {
        changes.text = SubmissionText::parse(t)
            .map_err(|e| errors.push(e))
            .ok()
            .map(SubmissionText::into_inner);
        // New words need new sentences and categories.
        changes.analysed_at = Some(None);
    }
    if let Some(location) = body.location {
        let location = location
            .map(|l| l.validate("location"))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        changes.lat = Some(location.map(|l| l.lat));
        changes.lng = Some(location.map(|l| l.lng));
    }
    let reason = body
        .reason
        .filter(|r| !r.trim().is_empty())
        .map(|r| text::single_line("reason", &r, 500))
        .transpose()
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if let Some(status) = body.status {
        if status != SubmissionStatus::Visible && reason.is_none() {
            errors.push(FieldError::new(
                "reason",
                "is required to hide or flag a submission",
            ));
        }
        changes.status = Some(status.as_str().into());
        changes.moderation_reason = Some(reason.clone());
    } else if reason.is_some() {
        errors.push(FieldError::new("status", "is required with a reason"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (id, previous_status) = (row.id, row.status.clone());
    let updated = state
        .db
        .write(move |conn| {
            let updated = db::submissions::update(conn, id, &changes)?;
            if let Some(status) = &changes.status {
                AuditEvent::new("submission.moderate")
                    .target("submission", id)
                    .reason(reason)
                    .details(json!({ "from": previous_status, "to": status }))
                    .record(conn, Some(who.token_id), Some(ip))?;
            }
            Ok(updated)
        })
        .await?;
    if updated.analysed_at.is_none() {
        state.analyzer.notify();
    }
    Ok(HttpResponse::Ok().json(view(&state, updated, &process, caller.is_admin()).await?))
}

/// Delete a submission: its owner while the process is open, or an admin.
#[utoipa::path(
    operation_id = "deleteSubmission",
    tag = "submissions",
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[delete("/submissions/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?.clone();
    let (row, process) = load_visible(&state, &who, id.into_inner()).await?;
    if !who.is_admin() && !process.submissions_open {
        return Err(ApiError::SubmissionsClosed);
    }
    let id = row.id;
    state
        .db
        .write(move |conn| {
            db::submissions::delete(conn, id)?;
            // A participant withdrawing their own words is their right and not audited,
            // unless a moderator had acted on them: then the moderation record must not vanish
            // without a trace.
            if who.is_admin() || row.status != "visible" {
                AuditEvent::new("submission.delete")
                    .target("submission", id)
                    .details(json!({ "process": process.slug, "owner_token_id": row.token_id, "status": row.status }))
                    .record(conn, Some(who.token_id), Some(ip))?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
