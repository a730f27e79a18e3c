//! A selection of a process's submissions named in one request (answering them, moderating
//! them): its size bound and the check that every id is a submission of the process.

use crate::{
    db::{self, DbConn},
    domain::{ProcessId, SubmissionId, SubmissionStatus},
    error::{ApiError, FieldCode, FieldError},
};

/// The most submissions one request may name.
pub const IDS_MAX: usize = 500;

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
