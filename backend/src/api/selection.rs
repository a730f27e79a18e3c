//! A selection of a process's submissions in one request (answering them, moderating them):
//! named by id, each checked to be the process's, or every submission matching the admin
//! list's filters when the request runs. A filter is read in id pages of [`BATCH`] and its
//! selection changed in slices of as many, so no statement's parameters or answer grow with
//! the selection.

use crate::{
    api::submission_filters::SubmissionFilters,
    auth::Identity,
    db::{self, submission_list::SubmissionFilter, DbConn},
    domain::{ProcessId, SubmissionId, SubmissionStatus},
    error::{ApiError, FieldCode, FieldError},
};

/// The most submissions one request may name.
pub const IDS_MAX: usize = 500;

/// The most submissions a filter may select: a consultation's worth, while the one write that
/// changes them (with an audit entry each) stays around a second. A filter matching more is
/// refused (`too_many`, with the count) rather than half done: narrow it, e.g. by date.
pub const MATCHING_MAX: usize = 10_000;

/// Rows per statement when a selection is read or changed.
pub const BATCH: usize = 500;

/// What a bulk request acts on.
#[derive(Debug)]
pub enum Selection {
    /// The ids it names (1-[`IDS_MAX`]).
    Named(Vec<SubmissionId>),
    /// Every submission of the process matching this filter when the request runs.
    Matching(SubmissionFilter),
}

impl Selection {
    /// The request's selection: exactly one of `submission_ids` and `filter` (whose filters
    /// `who`, a staff member, applies as the admin list does).
    pub fn from_request(
        ids: Option<Vec<SubmissionId>>,
        filter: Option<&SubmissionFilters>,
        process_id: ProcessId,
        who: &Identity,
    ) -> Result<Self, FieldError> {
        match (ids, filter) {
            (Some(_), Some(_)) => Err(FieldError::new(
                "filter",
                FieldCode::Invalid,
                "give `submission_ids` or `filter`, not both",
            )),
            (None, None) => Err(FieldError::new(
                "submission_ids",
                FieldCode::Required,
                "name the submissions, or give a `filter` instead",
            )),
            (Some(ids), None) => match size_error(&ids) {
                Some(e) => Err(e),
                None => Ok(Self::Named(ids)),
            },
            (None, Some(filters)) => filters
                .to_filter(process_id, who, "filter.")
                .map(Self::Matching),
        }
    }

    /// Each selected submission once, in id order, with its status. Refused: ids that are not
    /// submissions of `process_id` (`unknown_reference`), a filter matching more than
    /// [`MATCHING_MAX`] (`too_many`, with how many it matches).
    pub fn resolve(
        self,
        conn: &mut DbConn,
        process_id: ProcessId,
    ) -> Result<Vec<(SubmissionId, SubmissionStatus)>, ApiError> {
        match self {
            Selection::Named(ids) => in_process(conn, process_id, ids),
            Selection::Matching(filter) => matching(conn, &filter),
        }
    }
}

/// The field error for a selection naming none, or more than [`IDS_MAX`].
pub fn size_error(ids: &[SubmissionId]) -> Option<FieldError> {
    if ids.is_empty() {
        Some(
            FieldError::new("submission_ids", FieldCode::TooShort, "name at least one")
                .bounds(Some(1.0), None),
        )
    } else if ids.len() > IDS_MAX {
        Some(
            FieldError::new("submission_ids", FieldCode::TooLong, "at most 500 ids")
                .bounds(None, Some(IDS_MAX as f64)),
        )
    } else {
        None
    }
}

/// The selected submissions, each once in id order with its status; refused with
/// `unknown_reference` when any id is not a submission of `process_id`.
pub fn in_process(
    conn: &mut DbConn,
    process_id: ProcessId,
    mut ids: Vec<SubmissionId>,
) -> Result<Vec<(SubmissionId, SubmissionStatus)>, ApiError> {
    ids.sort();
    ids.dedup();
    let found = db::submissions::statuses_in_process(conn, process_id, &ids)?;
    if found.len() != ids.len() {
        return Err(ApiError::field(FieldError::new(
            "submission_ids",
            FieldCode::UnknownReference,
            "names submissions not in this process",
        )));
    }
    Ok(found)
}

/// The submissions `filter` matches, in id order, read a page at a time; past
/// [`MATCHING_MAX`] the exact count is worked out for the refusal.
fn matching(
    conn: &mut DbConn,
    filter: &SubmissionFilter,
) -> Result<Vec<(SubmissionId, SubmissionStatus)>, ApiError> {
    let mut found = Vec::new();
    let mut after = SubmissionId(0);
    loop {
        let page = db::submission_list::statuses_after(conn, filter, after, BATCH as i64)?;
        let full = page.len() == BATCH;
        found.extend(page);
        if found.len() > MATCHING_MAX {
            let count = db::submission_list::count_exact(conn, filter)?;
            return Err(ApiError::field(FieldError::too_many(
                "filter",
                count.max(0) as u64,
                MATCHING_MAX as u64,
                "submissions match",
            )));
        }
        match found.last() {
            Some(&(last, _)) if full => after = last,
            _ => return Ok(found),
        }
    }
}
