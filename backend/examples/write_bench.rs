//! `make bench`: the write path of an authenticated `POST …/submissions` on SQLite, side by
//! side in one run with the limit the database sets: a raw committed-insert loop (one
//! `BEGIN IMMEDIATE; INSERT … RETURNING; COMMIT` after another, same schema, same pragmas,
//! same statement as the server). For both commit modes (`SQLITE_DURABLE` false/true) it
//! reports the raw rate, then the server's POST rate and p50/p99 at 32 connections without and
//! with group commit (`SQLITE_GROUP_COMMIT`), each as a share of the raw rate. The servers run
//! their analysis thread (the lexical engine, so the model's CPU does not swamp the figures).
//!
//! Then where a request's time goes: the same 32 connections on requests that stop at
//! successive stages of the POST path, so the differences between their rates are the cost of
//! each stage. Prints figures; asserts nothing.

mod bench_support;

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use bench_support::{percentile, wait_ready, Server};
use planner::db::{self, submissions::NewSubmission, Db, DbConn, PooledConn, SqliteWrites};
use reqwest::Method;
use serde_json::{json, Value};

const CONNECTIONS: usize = 32;
const SECONDS: u64 = 8;
const RAW_SECONDS: u64 = 4;
const STAGE_SECONDS: u64 = 4;
const PARTICIPANTS: usize = 400;

struct Bench {
    _server: Server,
    _dir: tempfile::TempDir,
    base: String,
    tokens: Vec<String>,
    http: reqwest::Client,
}

/// A fresh server on a fresh database, with one process and its participants.
async fn start(writes: SqliteWrites) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let admin = format!("bench-admin-{}", planner::security::tokens::random_hex(10));
    let mut env = bench_support::raised_limits();
    env.push(("SQLITE_DURABLE", writes.durable.to_string()));
    env.push(("SQLITE_GROUP_COMMIT", writes.group_commit.to_string()));
    let url = dir.path().join("bench.db").to_string_lossy().to_string();
    let (server, base) = bench_support::start(dir.path(), &url, &admin, &env);
    let http = reqwest::Client::new();
    wait_ready(&http, &base).await;
    let tokens = bench_support::bench_process(&http, &base, &admin, PARTICIPANTS).await;
    Bench {
        _server: server,
        _dir: dir,
        base,
        tokens,
        http,
    }
}

struct Load {
    per_second: f64,
    p50: f64,
    p99: f64,
    unexpected: usize,
}

/// `CONNECTIONS` clients sending `method path` with `body` for `seconds`, each as its own
/// participants in turn; counts answers with status `expect`.
async fn load(
    bench: &Bench,
    method: Method,
    path: &str,
    body: Option<Value>,
    expect: u16,
    seconds: u64,
) -> Load {
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let unexpected = Arc::new(Mutex::new(0usize));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let url = format!("{}{path}", bench.base);
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let (http, latencies, unexpected) =
            (bench.http.clone(), latencies.clone(), unexpected.clone());
        let (method, url, body) = (method.clone(), url.clone(), body.clone());
        let mine: Vec<String> = bench
            .tokens
            .iter()
            .skip(c)
            .step_by(CONNECTIONS)
            .cloned()
            .collect();
        tasks.push(actix_web::rt::spawn(async move {
            let mut n = 0usize;
            while Instant::now() < deadline {
                let mut request = http
                    .request(method.clone(), &url)
                    .bearer_auth(&mine[n % mine.len()]);
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let started = Instant::now();
                let resp = request.send().await;
                let ok = match resp {
                    Ok(r) => r.status().as_u16() == expect && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                let micros = started.elapsed().as_micros() as u64;
                if ok {
                    latencies.lock().unwrap().push(micros);
                } else {
                    *unexpected.lock().unwrap() += 1;
                }
                n += 1;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut all = latencies.lock().unwrap().clone();
    all.sort_unstable();
    let unexpected = *unexpected.lock().unwrap();
    Load {
        per_second: all.len() as f64 / seconds as f64,
        p50: percentile(&all, 0.50),
        p99: percentile(&all, 0.99),
        unexpected,
    }
}

fn submission() -> Value {
    json!({ "text": "More trees along the river. The bus should run later on weekends." })
}

/// The raw limit: committed inserts one after another on one connection of a database the
/// server set up (then stopped), with the server's pragmas and its insert statement.
async fn raw_inserts(durable: bool) -> f64 {
    let writes = SqliteWrites {
        durable,
        group_commit: false,
    };
    let bench = start(writes).await;
    let Bench { _server, _dir, .. } = bench;
    drop(_server); // the server is gone; its schema, process and tokens stay
    let url = _dir.path().join("bench.db").to_string_lossy().to_string();
    let db = Db::open_with(&url, 2, 5_000, writes).unwrap();
    let PooledConn::Sqlite(mut conn) = db.conn().unwrap() else {
        unreachable!("a SQLite file")
    };
    // The process and a participant the server made (foreign keys of every submission).
    let (process_id, token_id): (planner::domain::ProcessId, planner::domain::TokenId) = {
        use diesel::prelude::*;
        use planner::db::schema::tokens;
        tokens::table
            .filter(tokens::process_id.is_not_null())
            .select((tokens::process_id.assume_not_null(), tokens::id))
            .first(&mut *conn)
            .unwrap()
    };
    let deadline = Instant::now() + Duration::from_secs(RAW_SECONDS);
    let mut n = 0u64;
    while Instant::now() < deadline {
        let now = db::now();
        let new = NewSubmission {
            process_id,
            token_id,
            contributor_type: "community".into(),
            text: "More trees along the river. The bus should run later on weekends.".into(),
            lat: None,
            lng: None,
            status: planner::domain::SubmissionStatus::Visible,
            moderation_reason: None,
            entered_by_admin: false,
            created_at: now,
            updated_at: now,
        };
        conn.immediate_transaction(|c| db::submissions::insert(&mut DbConn::Sqlite(c), &new))
            .unwrap();
        n += 1;
    }
    n as f64 / RAW_SECONDS as f64
}

fn print_load(label: &str, l: &Load, raw: f64) {
    println!(
        "  {label:<34} {:>7.0}/s  {:>4.0}% of raw   p50 {:>6.1} ms   p99 {:>6.1} ms   ({} failed)",
        l.per_second,
        100.0 * l.per_second / raw,
        l.p50,
        l.p99,
        l.unexpected
    );
}

/// The POST path cut at successive stages, on one server with the default settings.
async fn stages() {
    let bench = start(SqliteWrites {
        durable: false,
        group_commit: true,
    })
    .await;
    let cases: [(&str, Method, &str, Option<Value>, u16); 4] = [
        (
            "GET /healthz (HTTP + 1 pool hop)",
            Method::GET,
            "/healthz",
            None,
            200,
        ),
        (
            "GET /auth/session (+ token check)",
            Method::GET,
            "/api/v1/auth/session",
            None,
            200,
        ),
        (
            "POST, empty text (+ process, JSON)",
            Method::POST,
            "/api/v1/processes/bench/submissions",
            Some(json!({ "text": " " })),
            422,
        ),
        (
            "POST (+ limiter, write, view)",
            Method::POST,
            "/api/v1/processes/bench/submissions",
            Some(submission()),
            201,
        ),
    ];
    println!("where the time goes (SQLITE_GROUP_COMMIT=true, {CONNECTIONS} connections, {STAGE_SECONDS} s each; µs/request = 1e6 / rate, the machine saturated):");
    let mut previous: Option<f64> = None;
    for (label, method, path, body, expect) in cases {
        let l = load(&bench, method, path, body, expect, STAGE_SECONDS).await;
        let micros = 1e6 / l.per_second;
        let added = previous.map_or(String::new(), |p| format!("(+{:.0} µs)", micros - p));
        println!(
            "  {label:<38} {:>7.0}/s  {micros:>5.0} µs/request {added:<12} p50 {:>5.1} ms  p99 {:>5.1} ms ({} failed)",
            l.per_second, l.p50, l.p99, l.unexpected
        );
        previous = Some(micros);
    }
}

#[actix_web::main]
async fn main() {
    println!(
        "write bench: SQLite, release build, {CONNECTIONS} connections for {SECONDS} s per server, lexical analysis thread running, {} cores shared with the load generator (and with whatever else this machine runs)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for durable in [false, true] {
        let mode = if durable {
            "SQLITE_DURABLE=true (synchronous=FULL)"
        } else {
            "SQLITE_DURABLE=false (synchronous=NORMAL)"
        };
        // The raw loop before and after the servers: the disk and the CPU are shared, so the
        // limit itself moves; the servers are compared with the mean of the two.
        let before = raw_inserts(durable).await;
        let mut runs = Vec::new();
        for group_commit in [false, true] {
            let bench = start(SqliteWrites {
                durable,
                group_commit,
            })
            .await;
            let l = load(
                &bench,
                Method::POST,
                "/api/v1/processes/bench/submissions",
                Some(submission()),
                201,
                SECONDS,
            )
            .await;
            runs.push((format!("POST, SQLITE_GROUP_COMMIT={group_commit}"), l));
        }
        let after = raw_inserts(durable).await;
        let raw = (before + after) / 2.0;
        println!(
            "{mode}: raw committed inserts {before:.0}/s before the servers, {after:.0}/s after"
        );
        for (label, l) in &runs {
            print_load(label, l, raw);
        }
    }
    stages().await;
}
