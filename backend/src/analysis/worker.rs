//! The analysis thread: claims queued jobs, otherwise analyses new and edited submissions,
//! otherwise sleeps until woken. It runs outside the HTTP workers so a model never blocks a
//! request.

use std::{
    sync::{Arc, Weak},
    time::Duration,
};

use serde::{Deserialize, Serialize};

use super::Analyzer;
use crate::db::{self, analysis as rows, jobs, Db};

/// Submissions analysed per round; progress is recorded after each.
const BATCH: i64 = 32;
const IDLE_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Serialize, Deserialize, Default)]
pub struct AnalysePayload {
    pub reanalyse_all: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct TrainPayload {
    pub run_id: i64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ThemesPayload {
    pub k: Option<usize>,
    pub seed: u64,
}

/// Starts the thread. It holds only a weak reference, so it ends with the server. Jobs a
/// stopped server was running are taken over once their lease runs out (see `jobs::LEASE`).
pub fn spawn(analyzer: &Arc<Analyzer>, db: Db) -> std::thread::JoinHandle<()> {
    let weak = Arc::downgrade(analyzer);
    std::thread::Builder::new()
        .name("analysis".into())
        .spawn(move || run(weak, db))
        .expect("spawn analysis thread")
}

fn run(weak: Weak<Analyzer>, db: Db) {
    loop {
        let Some(analyzer) = weak.upgrade() else {
            return;
        };
        let worked = match db.write_blocking(|conn| Ok(jobs::claim_next(conn, db::now())?)) {
            Ok(Some(job)) => {
                run_job(&analyzer, &db, job);
                true
            }
            Ok(None) => match analyzer.analyse_pending(None, BATCH) {
                Ok(n) => n > 0,
                Err(err) => {
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

fn run_job(analyzer: &Analyzer, db: &Db, job: jobs::JobRow) {
    // Every line about this job, the `log` ones included, carries its id and kind.
    let span = tracing::info_span!("job", job_id = job.id, kind = %job.kind);
    let _entered = span.enter();
    log::info!("job started");
    let outcome = match job.kind.as_str() {
        "analyse" => analyse_job(analyzer, db, &job),
        "train" => train_job(analyzer, db, &job),
        "themes" => themes_job(analyzer, db, &job),
        other => Err(format!("unknown job kind {other}")),
    };
    let (state, errors) = match outcome {
        Ok(()) => ("done", Vec::new()),
        Err(err) => {
            log::error!("job {} ({}) failed: {err}", job.id, job.kind);
            ("failed", vec![err])
        }
    };
    if let Err(err) =
        db.write_blocking(|conn| Ok(jobs::finish(conn, job.id, state, &errors, db::now())?))
    {
        log::error!("could not record the end of job {}: {err}", job.id);
    }
    log::info!("job {state}");
    analyzer.count_finished_job();
}

/// Drains the process's pending submissions (the handler marked them when re-analysis of all
/// was asked for), reporting progress after every batch. Resuming after a restart simply
/// continues with what is still pending.
fn analyse_job(analyzer: &Analyzer, db: &Db, job: &jobs::JobRow) -> Result<(), String> {
    let process_id = job.process_id.ok_or("analysis job without a process")?;
    let start = job.done;
    drain_pending(analyzer, db, process_id, |done, remaining| {
        db.write_blocking(|conn| {
            Ok(jobs::progress(
                conn,
                job.id,
                start + done,
                start + done + remaining,
                db::now(),
            )?)
        })
        .map(|_| ())
        .map_err(|e| e.to_string())
    })
}

/// How long a job waits for submissions another replica is analysing before it gives up.
const STALLED: Duration = Duration::from_secs(300);

/// Analyses the process's pending submissions until none is left, calling `progress(done,
/// remaining)` before each batch. Submissions another replica has claimed are left to it; the
/// loop waits for them rather than ending early, so what follows (a finished job, themes)
/// sees every sentence.
fn drain_pending(
    analyzer: &Analyzer,
    db: &Db,
    process_id: i64,
    mut progress: impl FnMut(i32, i32) -> Result<(), String>,
) -> Result<(), String> {
    let mut done = 0;
    let mut last_progress = std::time::Instant::now();
    loop {
        let remaining = db
            .read_blocking(|conn| Ok(rows::count_pending(conn, process_id)?))
            .map_err(|e| e.to_string())? as i32;
        progress(done, remaining)?;
        if remaining == 0 {
            return Ok(());
        }
        let n = analyzer.analyse_pending(Some(process_id), BATCH)?;
        if n > 0 {
            done += n as i32;
            last_progress = std::time::Instant::now();
        } else if last_progress.elapsed() > STALLED {
            return Err("pending submissions could not be analysed".into());
        } else {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn train_job(analyzer: &Analyzer, db: &Db, job: &jobs::JobRow) -> Result<(), String> {
    let payload: TrainPayload = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
    db.write_blocking(|conn| {
        rows::set_run_state(conn, payload.run_id, "running")?;
        Ok(jobs::progress(conn, job.id, 0, 1, db::now())?)
    })
    .map_err(|e| e.to_string())?;
    match analyzer.train(payload.run_id) {
        Ok(()) => db
            .write_blocking(|conn| Ok(jobs::progress(conn, job.id, 1, 1, db::now())?))
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Err(err) => {
            let _ = db
                .write_blocking(|conn| Ok(rows::fail_run(conn, payload.run_id, &err, db::now())?));
            Err(err)
        }
    }
}

/// Analysis first (themes need every sentence), then clustering. Re-running replaces the
/// themes; the same data and seed give the same themes.
fn themes_job(analyzer: &Analyzer, db: &Db, job: &jobs::JobRow) -> Result<(), String> {
    let payload: ThemesPayload = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
    let process_id = job.process_id.ok_or("themes job without a process")?;
    db.write_blocking(|conn| Ok(jobs::progress(conn, job.id, 0, 2, db::now())?))
        .map_err(|e| e.to_string())?;
    drain_pending(analyzer, db, process_id, |_, _| Ok(()))?;
    db.write_blocking(|conn| Ok(jobs::progress(conn, job.id, 1, 2, db::now())?))
        .map_err(|e| e.to_string())?;
    analyzer.compute_themes(process_id, payload.k, payload.seed)?;
    db.write_blocking(|conn| Ok(jobs::progress(conn, job.id, 2, 2, db::now())?))
        .map(|_| ())
        .map_err(|e| e.to_string())
}
