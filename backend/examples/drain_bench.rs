//! `make bench-drain` (part of `make bench`): a consultation's busiest moment. One process
//! holds 100,000 analysed submissions; then 60,000 new ones arrive at once (written straight
//! into the SQLite database, as a burst of participants would leave them) and the server's
//! analysis thread drains the backlog while admins page through the list. Reports, per
//! configuration, the drain rate (submissions analysed per second) and the admin list's
//! p50/p99 before the burst and while it drains, with the analysis thread at the same
//! priority as requests (`ANALYSIS_NICE=0`) and at the default lower one; with the lexical
//! engine and with the sentence model (if `data/models/all-MiniLM-L6-v2` exists). Once a
//! backlog has drained, the list once more on the grown table. Asserts nothing; the load
//! generator shares the machine's cores. `DRAIN_BENCH_ENGINE=lexical` or `model` runs one
//! engine only.

mod bench_support;

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use bench_support::{
    percentile,
    rows::{bench_ids, insert_statements, Rows},
    wait_ready,
};
use diesel::{Connection, RunQueryDsl, SqliteConnection};

const ANALYSED: usize = 100_000;
const BACKLOG: usize = 60_000;
/// Admins paging through the list at once, each one request after another.
const LIST_CLIENTS: usize = 4;
const BASELINE: Duration = Duration::from_secs(5);
/// The lexical engine drains the whole backlog; the model is timed over a window.
const LEXICAL_LIMIT: Duration = Duration::from_secs(120);
const MODEL_WINDOW: Duration = Duration::from_secs(45);

struct Config {
    label: &'static str,
    nice: u32,
    model: Option<String>,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn pending(conn: &mut SqliteConnection) -> i64 {
    diesel::sql_query("SELECT count(*) AS n FROM submissions WHERE analysed_at IS NULL")
        .get_result::<Count>(conn)
        .map_or(-1, |c| c.n)
}

fn write(conn: &mut SqliteConnection, rows: &Rows) {
    conn.transaction(|c| {
        for statement in insert_statements(rows) {
            diesel::sql_query(statement).execute(c)?;
        }
        diesel::QueryResult::Ok(())
    })
    .unwrap();
}

/// List requests from `LIST_CLIENTS` admins until `stop` is set or `limit` has passed:
/// alternately the first page and the first page of one category. Returns sorted
/// microseconds.
async fn list_load(
    base: String,
    admin: String,
    stop: Arc<AtomicBool>,
    limit: Duration,
) -> Vec<u64> {
    let started = Instant::now();
    let mut clients = Vec::new();
    for c in 0..LIST_CLIENTS {
        let (base, admin, stop) = (base.clone(), admin.clone(), stop.clone());
        clients.push(actix_web::rt::spawn(async move {
            let http = reqwest::Client::new();
            let views = [
                format!("{base}/api/v1/processes/bench/submissions?limit=50"),
                format!("{base}/api/v1/processes/bench/submissions?limit=50&category=problem"),
            ];
            let mut times = Vec::new();
            let mut i = c;
            while !stop.load(Ordering::Relaxed) && started.elapsed() < limit {
                let t = Instant::now();
                let r = http.get(&views[i % 2]).bearer_auth(&admin).send().await;
                let ok = match r {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                };
                if ok {
                    times.push(t.elapsed().as_micros() as u64);
                }
                i += 1;
            }
            times
        }));
    }
    let mut all = Vec::new();
    for c in clients {
        all.extend(c.await.unwrap());
    }
    all.sort_unstable();
    all
}

fn summary(times: &[u64], seconds: f64) -> String {
    format!(
        "list p50 {:>6.1} ms  p99 {:>6.1} ms  ({:.0} requests/s)",
        percentile(times, 0.50),
        percentile(times, 0.99),
        times.len() as f64 / seconds
    )
}

async fn run(config: &Config) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drain.db").to_string_lossy().into_owned();
    let admin = format!("bench-admin-{}", planner::security::tokens::random_hex(10));
    let mut env = bench_support::raised_limits();
    env.push(("ANALYSIS_NICE", config.nice.to_string()));
    if let Some(model) = &config.model {
        env.push(("MODEL_DIR", model.clone()));
    }
    let (server, base) = bench_support::start(dir.path(), &path, &admin, &env);
    let http = reqwest::Client::new();
    wait_ready(&http, &base).await;
    bench_support::bench_process(&http, &base, &admin, 1).await;
    let mut conn = SqliteConnection::establish(&path).unwrap();
    diesel::sql_query("PRAGMA busy_timeout = 10000")
        .execute(&mut conn)
        .unwrap();
    let (process_id, token_id) = bench_ids!(&mut conn);
    let rows = |first, count, analysed| Rows {
        process_id,
        token_id,
        first,
        count,
        analysed,
    };
    write(&mut conn, &rows(0, ANALYSED, true));
    let baseline = list_load(
        base.clone(),
        admin.clone(),
        Arc::new(AtomicBool::new(false)),
        BASELINE,
    )
    .await;

    write(&mut conn, &rows(ANALYSED, BACKLOG, false));
    let burst = Instant::now();
    let limit = if config.model.is_some() {
        MODEL_WINDOW
    } else {
        LEXICAL_LIMIT
    };
    let stop = Arc::new(AtomicBool::new(false));
    let load = actix_web::rt::spawn(list_load(base.clone(), admin.clone(), stop.clone(), limit));
    let mut left = pending(&mut conn);
    while left > 0 && burst.elapsed() < limit {
        actix_web::rt::time::sleep(Duration::from_millis(250)).await;
        left = pending(&mut conn);
    }
    let drain_seconds = burst.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let during = load.await.unwrap();
    let drained = BACKLOG as i64 - left;
    // Once drained, the same list on the grown table: what is left of the slowdown is the
    // table's size, not the analysis.
    let after = if left == 0 {
        Some(
            list_load(
                base.clone(),
                admin.clone(),
                Arc::new(AtomicBool::new(false)),
                BASELINE,
            )
            .await,
        )
    } else {
        None
    };
    println!("{} (ANALYSIS_NICE={}):", config.label, config.nice);
    println!(
        "  before the burst: {}",
        summary(&baseline, BASELINE.as_secs_f64())
    );
    println!("  while draining:   {}", summary(&during, drain_seconds));
    if let Some(after) = after {
        println!(
            "  after the drain:  {}",
            summary(&after, BASELINE.as_secs_f64())
        );
    }
    println!(
        "  drained {drained} of {BACKLOG} in {drain_seconds:.1} s: {:.0} submissions/s{}",
        drained as f64 / drain_seconds,
        if left > 0 {
            format!(" ({left} still waiting when the window closed)")
        } else {
            String::new()
        }
    );
    drop(server);
}

#[actix_web::main]
async fn main() {
    println!(
        "drain bench: {ANALYSED} analysed submissions, then {BACKLOG} new at once; {LIST_CLIENTS} admins listing meanwhile ({} cores, load generator on the same machine)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let model =
        std::env::var("MODEL_DIR").unwrap_or_else(|_| "data/models/all-MiniLM-L6-v2".into());
    let model = std::fs::canonicalize(&model)
        .ok()
        .filter(|dir| dir.join("model.safetensors").is_file())
        .map(|dir| dir.to_string_lossy().into_owned());
    let mut configs = vec![
        Config {
            label: "lexical engine",
            nice: 0,
            model: None,
        },
        Config {
            label: "lexical engine",
            nice: 10,
            model: None,
        },
    ];
    match model {
        Some(dir) => {
            for nice in [0, 10] {
                configs.push(Config {
                    label: "sentence model",
                    nice,
                    model: Some(dir.clone()),
                });
            }
        }
        None => println!("  (no model files: the model engine is not measured; make model)"),
    }
    let only = std::env::var("DRAIN_BENCH_ENGINE").ok();
    let model_label = |config: &Config| {
        if config.model.is_some() {
            "model"
        } else {
            "lexical"
        }
    };
    for config in &configs {
        if only
            .as_deref()
            .is_none_or(|engine| engine == model_label(config))
        {
            run(config).await;
        }
    }
}
