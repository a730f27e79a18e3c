//! `make bench`: authenticated submission throughput and latency, and admin list latency,
//! through real `planner serve` processes (the release binary) on three configurations:
//! SQLite with one server; PostgreSQL + Redis with one replica; PostgreSQL + Redis with two
//! replicas, the load spread round-robin. The load generator runs on the same machine, and
//! the servers use the lexical engine so the figures measure the request path (HTTP, sessions,
//! Redis rate limits, database) rather than the sentence model. Prints figures; asserts
//! nothing. Needs PostgreSQL at BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/test)
//! and Redis at 127.0.0.1:6379.

mod bench_support;

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use bench_support::{percentile, round_trips, wait_ready, PgDatabase, Server};

use serde_json::json;

const CLIENTS: usize = 16;
const WRITE_SECONDS: u64 = 10;
const READ_CLIENTS: usize = 8;
const READ_SECONDS: u64 = 5;
/// Participants the clients submit as, in turn.
const PARTICIPANTS: usize = 400;

/// One configuration's server: the common start plus the raised budgets and Redis.
fn start(
    dir: &std::path::Path,
    database_url: &str,
    redis: Option<(&str, &str)>,
    admin: &str,
) -> (Server, String) {
    let mut env = bench_support::raised_limits();
    if let Some((url, prefix)) = redis {
        // One prefix for all replicas of a run: they share sessions and limits.
        env.push(("REDIS_URL", url.to_string()));
        env.push(("REDIS_KEY_PREFIX", prefix.to_string()));
    }
    bench_support::start(dir, database_url, admin, &env)
}

struct Figures {
    /// Round trips per request: SQL statements and Redis commands.
    write_statements: f64,
    write_redis: f64,
    read_statements: f64,
    read_redis: f64,
    writes: usize,
    write_errors: usize,
    write_p50: f64,
    write_p99: f64,
    reads: usize,
    read_p50: f64,
    read_p99: f64,
}

async fn run(label: &str, database_url: &str, redis: Option<&str>, replicas: usize) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    let admin = format!("bench-admin-{}", planner::security::tokens::random_hex(10));
    let prefix = format!("bench-{}", planner::security::tokens::random_hex(6));
    let redis = redis.map(|url| (url, prefix.as_str()));
    let http = reqwest::Client::new();
    // The first server migrates; the others start once it is up.
    let mut servers = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..replicas {
        let (server, base) = start(dir.path(), database_url, redis, &admin);
        wait_ready(&http, &base).await;
        servers.push(server);
        bases.push(base);
    }
    let api = |i: usize, path: &str| format!("{}/api/v1{path}", bases[i % bases.len()]);
    let tokens = bench_support::bench_process(&http, &bases[0], &admin, PARTICIPANTS).await;

    // Round trips are counted over each phase, across all replicas (a /metrics scrape itself
    // costs a few statements, negligible beside thousands of requests).
    let redis_addr = redis.map(|(url, _)| url.trim_start_matches("redis://").to_owned());
    let redis_count =
        |addr: &Option<String>| addr.as_deref().map_or(0.0, round_trips::redis_commands);
    let statements_before = round_trips::all_db_statements(&http, &bases).await;
    let redis_before = redis_count(&redis_addr);

    // Writes: each client submits as its own participants, replicas in turn.
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(0usize));
    let deadline = Instant::now() + Duration::from_secs(WRITE_SECONDS);
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (http, latencies, errors) = (http.clone(), latencies.clone(), errors.clone());
        let mine: Vec<String> = tokens.iter().skip(c).step_by(CLIENTS).cloned().collect();
        let urls: Vec<String> = (0..replicas)
            .map(|r| api(r, "/processes/bench/submissions"))
            .collect();
        tasks.push(actix_web::rt::spawn(async move {
            let mut n = 0usize;
            while Instant::now() < deadline {
                let token = &mine[(n / 29) % mine.len()];
                let started = Instant::now();
                let resp = http
                    .post(&urls[(n + c) % urls.len()])
                    .bearer_auth(token)
                    .json(&json!({ "text": format!("Client {c} idea {n}: more trees along the river. The bus should run later.") }))
                    .send()
                    .await;
                let micros = started.elapsed().as_micros() as u64;
                match resp {
                    Ok(r) if r.status().as_u16() == 201 => latencies.lock().unwrap().push(micros),
                    _ => *errors.lock().unwrap() += 1,
                }
                n += 1;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut writes = latencies.lock().unwrap().clone();
    writes.sort_unstable();
    let write_errors = *errors.lock().unwrap();
    let statements_between = round_trips::all_db_statements(&http, &bases).await;
    let redis_between = redis_count(&redis_addr);

    // Reads: the admin's moderation list, first page of 50.
    let reads = Arc::new(Mutex::new(Vec::new()));
    let deadline = Instant::now() + Duration::from_secs(READ_SECONDS);
    let mut tasks = Vec::new();
    for c in 0..READ_CLIENTS {
        let (http, reads, admin) = (http.clone(), reads.clone(), admin.clone());
        let url = api(c, "/processes/bench/submissions?limit=50");
        tasks.push(actix_web::rt::spawn(async move {
            while Instant::now() < deadline {
                let started = Instant::now();
                let r = http.get(&url).bearer_auth(&admin).send().await.unwrap();
                assert!(r.status().is_success());
                let _ = r.bytes().await.unwrap();
                reads
                    .lock()
                    .unwrap()
                    .push(started.elapsed().as_micros() as u64);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut reads = reads.lock().unwrap().clone();
    reads.sort_unstable();
    let statements_after = round_trips::all_db_statements(&http, &bases).await;
    let redis_after = redis_count(&redis_addr);
    drop(servers);
    let per = |delta: f64, n: usize| delta / n.max(1) as f64;
    let f = Figures {
        write_statements: per(statements_between - statements_before, writes.len()),
        write_redis: per(redis_between - redis_before, writes.len()),
        read_statements: per(statements_after - statements_between, reads.len()),
        read_redis: per(redis_after - redis_between, reads.len()),
        writes: writes.len(),
        write_errors,
        write_p50: percentile(&writes, 0.50),
        write_p99: percentile(&writes, 0.99),
        reads: reads.len(),
        read_p50: percentile(&reads, 0.50),
        read_p99: percentile(&reads, 0.99),
    };
    println!(
        "{label:<28} submissions {:>6.0}/s (p50 {:>6.1} ms, p99 {:>6.1} ms, {} refused/failed)   admin list p50 {:>6.1} ms, p99 {:>6.1} ms ({:.0}/s)",
        f.writes as f64 / WRITE_SECONDS as f64,
        f.write_p50,
        f.write_p99,
        f.write_errors,
        f.read_p50,
        f.read_p99,
        f.reads as f64 / READ_SECONDS as f64,
    );
    println!(
        "{:<28} round trips per submission: {:.1} SQL statements (with its analysis), {:.1} Redis commands; per list request: {:.1} SQL, {:.1} Redis",
        "",
        f.write_statements,
        f.write_redis,
        f.read_statements,
        f.read_redis,
    );
    f
}

#[actix_web::main]
async fn main() {
    let pg_admin = std::env::var("BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let redis = "redis://127.0.0.1:6379";
    println!(
        "scale bench: {CLIENTS} clients submitting for {WRITE_SECONDS} s, then {READ_CLIENTS} admins listing for {READ_SECONDS} s ({} cores, load generator on the same machine)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("bench.db");
    run("SQLite, 1 server", &sqlite.to_string_lossy(), None, 1).await;
    {
        let db = PgDatabase::create(&pg_admin);
        run("PostgreSQL+Redis, 1 replica", &db.url, Some(redis), 1).await;
    }
    {
        let db = PgDatabase::create(&pg_admin);
        run("PostgreSQL+Redis, 2 replicas", &db.url, Some(redis), 2).await;
    }
}
