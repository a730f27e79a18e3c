//! What a running job's code holds: progress reports (which renew the job's lease) and, for
//! the runner, the final state.

use crate::{
    db::{self, jobs as rows, Db},
    domain::vocab::JobState,
};

/// Submissions analysed per round; progress is recorded after each.
pub(super) const BATCH: i64 = 32;

/// A running job, as its code sees it: progress reports renew the lease.
pub struct JobHandle<'a> {
    pub(super) db: &'a Db,
    id: crate::domain::JobId,
}

impl<'a> JobHandle<'a> {
    pub(super) fn new(db: &'a Db, id: crate::domain::JobId) -> Self {
        Self { db, id }
    }

    /// Records `done` of `total` steps.
    pub fn progress(&self, done: i32, total: i32) -> Result<(), String> {
        let id = self.id;
        self.db
            .write_queued(move |conn| Ok(rows::progress(conn, id, done, total, db::now())?))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    pub(super) fn finish(&self, outcome: Result<(), String>) {
        let (state, errors) = match outcome {
            Ok(()) => (JobState::Done, Vec::new()),
            Err(err) => (JobState::Failed, vec![err]),
        };
        let id = self.id;
        if let Err(err) = self
            .db
            .write_queued(move |conn| Ok(rows::finish(conn, id, state, &errors, db::now())?))
        {
            log::error!("could not record the end of job {id}: {err}");
        }
    }
}
