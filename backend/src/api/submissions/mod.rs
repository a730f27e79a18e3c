//! Submissions: participants write and edit their own while the process is open; admins
//! moderate, and enter paper or workshop input on someone's behalf.

pub mod bulk;
pub mod create;
mod cursor;
pub mod get;
pub mod list;
pub mod moderation;
pub mod remove;
pub mod report;
pub mod update;

use crate::api::labels::SentenceView;
use crate::api::responses::ResponseView;
use crate::api::utc;
use crate::{
    analysis::summary::summarise,
    auth::Identity,
    db::{
        self, analysis::SentenceRow, processes::ProcessRow, responses::ResponseRow,
        submissions::SubmissionRow,
    },
    domain::{Location, SubmissionId, SubmissionStatus, TokenId},
    error::ApiError,
    state::AppState,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Whether a submission's sentences have been categorised since its text last changed.
#[derive(Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisState {
    Pending,
    Done,
}

#[derive(Serialize, ToSchema)]
pub struct SubmissionView {
    pub id: SubmissionId,
    /// Slug of the process.
    pub process: String,
    pub contributor_type: String,
    pub text: String,
    pub location: Option<Location>,
    pub status: SubmissionStatus,
    pub moderation_reason: Option<String>,
    /// Held by pre-moderation: flagged until an admin restores (approves) it.
    pub awaiting_approval: bool,
    /// How many participants reported it; admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<i64>,
    /// True when an admin entered it on someone's behalf.
    pub entered_by_admin: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Row id of the owning token; admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_id: Option<TokenId>,
    /// The submission this one repeats (admins mark duplicates; counted once in analytics).
    pub duplicate_of: Option<SubmissionId>,
    /// `pending` until the current text has been categorised, then `done`.
    #[schema(example = "done")]
    pub analysis: AnalysisState,
    /// The text's sentences with their categories (empty while pending).
    pub sentences: Vec<SentenceView>,
    /// The category with the largest share of sentences; ties go to the higher summed
    /// confidence, then to the category listed first by the process.
    pub primary_category: Option<String>,
    /// Share of sentences per category (0..1, summing to 1).
    pub category_distribution: BTreeMap<String, f64>,
    /// The facilitators' answer ("you said, we did").
    pub response: ResponseView,
    /// Participants who support it instead of repeating it: the distinct tokens supporting it
    /// or a submission marked as its duplicate, its author never counted (a duplicate counts
    /// its own supports only).
    pub supports: i64,
}

impl SubmissionView {
    fn new(
        row: SubmissionRow,
        process: &ProcessRow,
        admin: bool,
        sentences: &[SentenceRow],
        response: Option<ResponseRow>,
        supports: i64,
    ) -> Self {
        let response = ResponseView::from(response);
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
            response,
            supports,
            duplicate_of: row.duplicate_of,
            analysis: if done {
                AnalysisState::Done
            } else {
                AnalysisState::Pending
            },
            sentences,
            primary_category,
            category_distribution,
            id: row.id,
            process: process_slug.to_owned(),
            contributor_type: row.contributor_type,
            location: row.lat.zip(row.lng).map(|(lat, lng)| Location { lat, lng }),
            text: row.text,
            awaiting_approval: moderation::awaits_approval(
                row.status,
                row.moderation_reason.as_deref(),
            ),
            reports: admin.then_some(0),
            status: row.status,
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
    let ids: Vec<SubmissionId> = rows.iter().map(|r| r.id).collect();
    let (sentences, responses, reports) = state
        .db
        .read(move |conn| {
            Ok((
                db::analysis::for_submissions(conn, &ids)?,
                db::responses::for_submissions(conn, &ids)?,
                // Who reported what is the admins' business.
                if admin {
                    db::reports::counts(conn, &ids)?
                } else {
                    Vec::new()
                },
            ))
        })
        .await?;
    let reports: BTreeMap<SubmissionId, i64> = reports.into_iter().collect();
    let mut responses: BTreeMap<SubmissionId, ResponseRow> =
        responses.into_iter().map(|r| (r.id, r)).collect();
    let mut by_submission: BTreeMap<SubmissionId, Vec<SentenceRow>> = BTreeMap::new();
    for s in sentences {
        by_submission.entry(s.submission_id).or_default().push(s);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let own = by_submission.remove(&r.id).unwrap_or_default();
            let response = responses.remove(&r.id);
            let reported = reports.get(&r.id).copied();
            // The stored count (db::supports), read with the row.
            let supports = r.support_count;
            let mut view = SubmissionView::new(r, process, admin, &own, response, supports);
            view.reports = view.reports.map(|none| reported.unwrap_or(none));
            view
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

/// The view of a submission just created: it has neither sentences, supports nor an answer
/// yet, so answering costs no read (one pool hand-off less per POST).
fn new_view(row: SubmissionRow, process: &ProcessRow, admin: bool) -> SubmissionView {
    SubmissionView::new(row, process, admin, &[], None, 0)
}

/// A submission with its process, if the caller may see it; others get 404 so ids leak
/// nothing.
async fn load_visible(
    state: &AppState,
    who: &Identity,
    id: SubmissionId,
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
        Some((row, process)) if who.is_staff_in(process.id) || row.token_id == who.token_id => {
            Ok((row, process))
        }
        _ => Err(ApiError::NotFound),
    }
}
