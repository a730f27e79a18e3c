//! Signed read-only results links (admin creates, lists, revokes) and the public results they
//! open: aggregated figures, plus the visible submissions when the process is public.

pub mod create;
pub mod list;
pub mod public_submissions;
pub mod results;
pub mod revoke;

use crate::api::{
    pagination::{Page, PageRequest},
    utc,
};
use crate::domain::vocab::SubmissionStatus;
use crate::{
    db::{
        self, processes::ProcessRow, share_links::ShareLinkRow, submission_list::SubmissionFilter,
        submissions::SubmissionRow,
    },
    domain::{Location, SubmissionId, TokenId},
    error::ApiError,
    state::AppState,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

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

/// A visible submission as the public sees it: never who wrote it.
#[derive(Serialize, ToSchema)]
pub struct PublicSubmission {
    pub id: crate::domain::SubmissionId,
    pub text: String,
    pub contributor_type: String,
    pub primary_category: Option<String>,
    pub location: Option<Location>,
    pub created_at: DateTime<Utc>,
    /// Participants who support it instead of repeating it (its duplicates' supporters
    /// included, its author never counted).
    pub supports: i64,
    /// Whether the caller supports it (always false for staff and on results links).
    pub supported: bool,
    /// Whether the caller wrote it, so cannot support it (always false for staff and on
    /// results links).
    pub mine: bool,
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
            supports: 0,
            supported: false,
            mine: false,
        }
    }
}

/// Public views of `rows` with their support counts, and whether `caller` (a participant)
/// wrote or supports each.
pub fn public_views(
    conn: &mut db::DbConn,
    rows: Vec<SubmissionRow>,
    caller: Option<TokenId>,
) -> diesel::QueryResult<Vec<PublicSubmission>> {
    let ids: Vec<SubmissionId> = rows.iter().map(|r| r.id).collect();
    let counts = db::supports::counts(conn, &ids)?;
    let backed = match caller {
        Some(token) => db::supports::supported_by(conn, token, &ids)?,
        None => Default::default(),
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.id;
            PublicSubmission {
                supports: counts.get(&id).copied().unwrap_or(0),
                supported: backed.contains(&id),
                mine: caller == Some(row.token_id),
                ..PublicSubmission::from(row)
            }
        })
        .collect())
}

/// Visible submissions only: hidden and flagged ones never leave through public views.
/// `caller`: the participant asking, whose own supports are marked.
async fn public_page(
    state: &AppState,
    process: &ProcessRow,
    page: PageRequest,
    caller: Option<TokenId>,
) -> Result<Page<PublicSubmission>, ApiError> {
    let filter = SubmissionFilter {
        process_id: process.id,
        status: Some(SubmissionStatus::Visible),
        ..Default::default()
    };
    let found = state
        .db
        .read(move |conn| {
            let found = db::submission_list::list(conn, &filter, page.limit, page.offset, None)?;
            Ok((public_views(conn, found.rows, caller)?, found.total))
        })
        .await?;
    Ok(Page::new(found.0, found.1, page))
}

/// How many of the most supported visible submissions a results link shows.
const MOST_SUPPORTED: i64 = 5;

/// The most supported visible submissions (only those with a support), most first.
async fn most_supported(
    state: &AppState,
    process: &ProcessRow,
) -> Result<Vec<PublicSubmission>, ApiError> {
    let filter = SubmissionFilter {
        process_id: process.id,
        status: Some(SubmissionStatus::Visible),
        ..Default::default()
    };
    state
        .db
        .read(move |conn| {
            let found = db::submission_list::list_most_supported(conn, &filter, MOST_SUPPORTED, 0)?;
            let items = public_views(conn, found.rows, None)?;
            Ok(items.into_iter().filter(|s| s.supports > 0).collect())
        })
        .await
}
