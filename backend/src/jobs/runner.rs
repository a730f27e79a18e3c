//! The one job runner: a thread that claims queued jobs (or jobs whose worker died, once their
//! lease ran out), otherwise analyses new and edited submissions, otherwise sleeps until woken.
//! It runs outside the HTTP workers so a model never blocks a request.

use std::{
    sync::{Arc, Weak},
    time::Duration,
};

use super::{
    analyse,
    handle::{JobHandle, BATCH},
    job::Job,
    make_room, priority, themes, train,
};
use crate::{
    analysis::Analyzer,
    db::{self, jobs as rows, Db},
};

const IDLE_WAIT: Duration = Duration::from_secs(2);

/// Starts the thread at niceness `nice` (`ANALYSIS_NICE`). It holds only a weak reference, so
/// it ends with the server. Jobs a stopped server was running are taken over once their lease
/// runs out (see `db::jobs::LEASE`).
pub fn spawn(analyzer: &Arc<Analyzer>, db: Db, nice: u32) -> std::thread::JoinHandle<()> {
    let weak = Arc::downgrade(analyzer);
    std::thread::Builder::new()
        .name("analysis".into())
        .spawn(move || {
            priority::lower_this_thread(nice);
            run(weak, db)
        })
        .expect("spawn analysis thread")
}

fn run(weak: Weak<Analyzer>, db: Db) {
    loop {
        let Some(analyzer) = weak.upgrade() else {
            return;
        };
        let worked = match db.write_queued(|conn| Ok(rows::claim_next(conn, db::now())?)) {
            Ok(Some(row)) => {
                run_job(&analyzer, &db, row);
                true
            }
            Ok(None) => match timed(|| analyzer.analyse_pending(None, BATCH)) {
                (Ok(n), took) => {
                    std::thread::sleep(make_room::rest_after(took));
                    n > 0
                }
                (Err(err), _) => {
                    log::error!("background analysis failed: {err}");
                    false
                }
            },
            Err(err) => {
                log::warn!("job queue unavailable: {err}");
                false
            }
        };
        if !worked {
            analyzer.wait(IDLE_WAIT);
        }
    }
}

/// What `work` returned, and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = work();
    (out, started.elapsed())
}

fn run_job(analyzer: &Analyzer, db: &Db, row: rows::JobRow) {
    let span = tracing::info_span!("job", job_id = row.id.0, kind = %row.kind);
    let _entered = span.enter();
    log::info!("job started");
    let job = JobHandle::new(db, row.id);
    let outcome = Job::from_row(&row).and_then(|kind| {
        let process_id = row.process_id.ok_or("job without a process")?;
        match kind {
            Job::Analyse { .. } => analyse::run(analyzer, &job, process_id, row.done),
            Job::Train { run_id } => train::run(analyzer, &job, run_id),
            Job::Themes { k, seed } => themes::run(analyzer, &job, process_id, k, seed),
        }
    });
    if let Err(err) = &outcome {
        log::error!("job {} ({}) failed: {err}", row.id, row.kind);
    }
    log::info!("job {}", if outcome.is_ok() { "done" } else { "failed" });
    job.finish(outcome);
    analyzer.count_finished_job();
}
