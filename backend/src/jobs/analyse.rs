//! The analysis job: drains the process's pending submissions (the handler marked them when
//! re-analysis of all was asked for), reporting progress after every batch. Resuming after a
//! restart simply continues with what is still pending.

use std::time::{Duration, Instant};

use super::handle::{JobHandle, BATCH};
use crate::{analysis::Analyzer, db::analysis as rows, domain::ProcessId};

/// How long a job waits for submissions another replica is analysing before it gives up.
const STALLED: Duration = Duration::from_secs(300);

pub(super) fn run(
    analyzer: &Analyzer,
    job: &JobHandle,
    process_id: ProcessId,
    already_done: i32,
) -> Result<(), String> {
    drain_pending(analyzer, job, process_id, |done, remaining| {
        job.progress(already_done + done, already_done + done + remaining)
    })
}

/// Analyses the process's pending submissions until none is left, calling `progress(done,
/// remaining)` before each batch. Submissions another replica has claimed are left to it; the
/// loop waits for them rather than ending early, so what follows (a finished job, themes)
/// sees every sentence.
pub(super) fn drain_pending(
    analyzer: &Analyzer,
    job: &JobHandle,
    process_id: ProcessId,
    mut progress: impl FnMut(i32, i32) -> Result<(), String>,
) -> Result<(), String> {
    let mut done = 0;
    let mut last_progress = Instant::now();
    loop {
        let remaining = job
            .db
            .read_blocking(|conn| Ok(rows::count_pending(conn, process_id)?))
            .map_err(|e| e.to_string())? as i32;
        progress(done, remaining)?;
        if remaining == 0 {
            return Ok(());
        }
        let n = analyzer.analyse_pending(Some(process_id), BATCH)?;
        if n > 0 {
            done += n as i32;
            last_progress = Instant::now();
        } else if last_progress.elapsed() > STALLED {
            return Err("pending submissions could not be analysed".into());
        } else {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
