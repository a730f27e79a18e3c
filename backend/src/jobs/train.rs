//! The training job: trains a queued model run; a failure is recorded on the run as well.

use super::handle::JobHandle;
use crate::{analysis::Analyzer, db, db::analysis as rows, domain::vocab::RunState};

pub(super) fn run(
    analyzer: &Analyzer,
    job: &JobHandle,
    run_id: crate::domain::RunId,
) -> Result<(), String> {
    job.db
        .write_queued(move |conn| Ok(rows::set_run_state(conn, run_id, RunState::Running)?))
        .map_err(|e| e.to_string())?;
    job.progress(0, 1)?;
    match analyzer.train(run_id) {
        Ok(()) => job.progress(1, 1),
        Err(err) => {
            let message = err.clone();
            let _ = job
                .db
                .write_queued(move |conn| Ok(rows::fail_run(conn, run_id, &message, db::now())?));
            Err(err)
        }
    }
}
