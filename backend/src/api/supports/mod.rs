//! Support instead of repeat: a participant backs someone else's visible submission in a
//! process with public submissions (where the "similar submissions" panel and the public list
//! show them), once per token, and may withdraw it. Counting is `db::supports`.

pub mod support;
pub mod withdraw;

use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    auth::Identity,
    db,
    domain::{SubmissionId, SubmissionStatus},
    error::{ApiError, Conflict},
    state::AppState,
};

/// A submission's supports after the caller's change.
#[derive(Serialize, ToSchema)]
pub struct SupportState {
    pub id: SubmissionId,
    /// Participants who support it (its duplicates' supporters included, its author never
    /// counted; a duplicate counts its own only).
    pub supports: i64,
    /// Whether the caller supports it now.
    pub supported: bool,
}

/// Adds (`support`) or withdraws the caller's support of submission `id`. Both are idempotent
/// and limited per token. What a participant may not see answers like a missing id (404): a
/// submission of another process, a hidden or flagged one, any in a process whose
/// submissions are not public. A closed process takes no changes; one's own submission takes
/// no support.
async fn change(
    state: &AppState,
    who: Identity,
    id: SubmissionId,
    support: bool,
) -> Result<SupportState, ApiError> {
    state.limiters.check_support(who.token_id).await?;
    let token = who.token_id;
    state
        .db
        .write(move |conn| {
            let row = db::submissions::by_id(conn, id)?
                .filter(|r| r.status == SubmissionStatus::Visible && who.reaches(r.process_id))
                .ok_or(ApiError::NotFound)?;
            let process = db::processes::by_id(conn, row.process_id)?
                .filter(|p| p.public_submissions)
                .ok_or(ApiError::NotFound)?;
            if !process.submissions_open {
                return Err(ApiError::SubmissionsClosed);
            }
            if support {
                if row.token_id == token {
                    return Err(ApiError::Conflict(
                        Conflict::OwnSubmission,
                        "You cannot support your own submission.".into(),
                    ));
                }
                db::supports::add(conn, id, token, db::now())?;
            } else {
                db::supports::remove(conn, id, token)?;
            }
            let supports = db::supports::counts(conn, &[id])?
                .get(&id)
                .copied()
                .unwrap_or(0);
            Ok(SupportState {
                id,
                supports,
                supported: support,
            })
        })
        .await
}
