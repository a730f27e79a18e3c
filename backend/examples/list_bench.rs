//! `make bench`: the admin list at scale. One process holds 100,000 submissions (written
//! straight into the database after the server has migrated it); one admin then asks for the
//! list, one request at a time, with no filter, with each filter, and for a deep page by
//! offset and by cursor. Prints p50/p99 per view on SQLite and on PostgreSQL (BENCH_POSTGRES,
//! default postgres://postgres@127.0.0.1:5432/test); asserts nothing.

mod bench_support;

use std::time::{Duration, Instant};

use bench_support::{
    percentile,
    rows::{bench_ids, insert_statements, Rows},
    wait_ready,
};
use diesel::{Connection, RunQueryDsl};

const SUBMISSIONS: usize = 100_000;
const REQUESTS: usize = 200;
/// A view that is slow stops after this long, with the requests it made.
const VIEW_BUDGET: Duration = Duration::from_secs(20);

/// The list bench's rows: all analysed.
fn all_rows(process_id: i64, token_id: i64) -> Rows {
    Rows {
        process_id,
        token_id,
        first: 0,
        count: SUBMISSIONS,
        analysed: true,
    }
}

/// What else the views read: one submission in 200 reported by a participant (the
/// `reported=true` view); every 50th submission backed by about 14 of the process's other
/// tokens, and every 1,000th marked as a duplicate of the one before (whose count it joins);
/// then the stored support counts written as the server would.
fn reports_and_supports(process_id: i64, token_id: i64) -> Vec<String> {
    vec![
        format!(
            "INSERT INTO submission_reports (submission_id, token_id, created_at) \
             SELECT id, {token_id}, created_at FROM submissions \
             WHERE process_id = {process_id} AND id % 200 = 0"
        ),
        format!(
            "INSERT INTO submission_supports (submission_id, token_id, created_at) \
             SELECT s.id, t.id, s.created_at FROM submissions s JOIN tokens t \
             ON t.process_id = s.process_id \
             WHERE s.process_id = {process_id} AND s.id % 50 = 0 AND t.id <> {token_id} \
             AND (s.id / 50 + t.id) % 7 = 0"
        ),
        format!(
            "UPDATE submissions SET duplicate_of = id - 1 \
             WHERE process_id = {process_id} AND id % 1000 = 1 AND id > 1"
        ),
        // The stored counts, as the server's writes keep them (`supports::recount`), for
        // the rows that have a support or a supported duplicate.
        format!(
            "UPDATE submissions SET support_count = {count} \
             WHERE id IN (SELECT submission_id FROM submission_supports \
             UNION SELECT d.duplicate_of FROM submissions d \
             JOIN submission_supports s ON s.submission_id = d.id \
             WHERE d.process_id = {process_id} AND d.duplicate_of IS NOT NULL)",
            count = planner::db::supports::COUNT_SQL
        ),
    ]
}

async fn time_view(
    http: &reqwest::Client,
    admin: &str,
    url: &str,
) -> Option<(usize, f64, f64, usize)> {
    let mut times = Vec::new();
    let mut rows = 0;
    let started = Instant::now();
    while times.len() < REQUESTS && started.elapsed() < VIEW_BUDGET {
        let t = Instant::now();
        let r = http.get(url).bearer_auth(admin).send().await.unwrap();
        if !r.status().is_success() {
            println!("    {url}: {}", r.status());
            return None;
        }
        let body: serde_json::Value = r.json().await.unwrap();
        times.push(t.elapsed().as_micros() as u64);
        rows = body["items"].as_array().map_or(0, |a| a.len());
    }
    times.sort_unstable();
    Some((
        times.len(),
        percentile(&times, 0.50),
        percentile(&times, 0.99),
        rows,
    ))
}

async fn run(label: &str, database_url: &str, fill_db: impl FnOnce()) {
    let dir = tempfile::tempdir().unwrap();
    let admin = format!("bench-admin-{}", planner::security::tokens::random_hex(10));
    let http = reqwest::Client::new();
    let (server, base) = bench_support::start(
        dir.path(),
        database_url,
        &admin,
        &bench_support::raised_limits(),
    );
    wait_ready(&http, &base).await;
    // 100 participants, so submissions can gather supports from several tokens.
    bench_support::bench_process(&http, &base, &admin, 100).await;
    let filled = Instant::now();
    fill_db();
    println!(
        "{label}: {SUBMISSIONS} submissions written in {:.1} s",
        filled.elapsed().as_secs_f64()
    );
    // A fresh client: the server closes connections left idle during a long fill.
    let http = reqwest::Client::new();
    let list = format!("{base}/api/v1/processes/bench/submissions?limit=50");
    // The cursor after row 50,000, if the server gives one.
    let deep: serde_json::Value = http
        .get(format!("{list}&offset=49950"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cursor = deep["next_cursor"].as_str().map(str::to_owned);
    let mut views = vec![
        ("default (first page)", list.clone()),
        ("status=flagged", format!("{list}&status=flagged")),
        (
            "contributor_type=business",
            format!("{list}&contributor_type=business"),
        ),
        ("category=problem", format!("{list}&category=problem")),
        ("reported=true", format!("{list}&reported=true")),
        (
            "sort=supports (first page)",
            format!("{list}&sort=supports"),
        ),
        (
            "sort=supports offset=50000",
            format!("{list}&sort=supports&offset=50000"),
        ),
        (
            "sort=supports status=flagged",
            format!("{list}&sort=supports&status=flagged"),
        ),
        ("q=heliport (rare)", format!("{list}&q=heliport")),
        ("q=river (common)", format!("{list}&q=river")),
        ("q=sq (2 chars)", format!("{list}&q=sq")),
        (
            "created 1 week",
            format!("{list}&created_from=2026-02-01T00:00:00Z&created_to=2026-02-08T00:00:00Z"),
        ),
        ("offset=50000", format!("{list}&offset=50000")),
    ];
    match &cursor {
        Some(c) => views.push(("after=<row 50,000>", format!("{list}&after={c}"))),
        None => println!("    (no next_cursor in the page: keyset not available)"),
    }
    for (name, url) in views {
        if let Some((n, p50, p99, rows)) = time_view(&http, &admin, &url).await {
            println!(
                "  {name:<28} p50 {p50:>7.1} ms  p99 {p99:>7.1} ms  ({n} requests, {rows} rows a page)"
            );
        }
    }
    drop(server);
}

#[actix_web::main]
async fn main() {
    let pg_admin = std::env::var("BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    println!(
        "list bench: {SUBMISSIONS} submissions in one process; one admin, one request at a time, up to {REQUESTS} requests per view ({} cores, load generator on the same machine)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("bench.db").to_string_lossy().into_owned();
    let path = sqlite.clone();
    run("SQLite", &sqlite, move || {
        let mut conn = diesel::SqliteConnection::establish(&path).unwrap();
        diesel::sql_query("PRAGMA busy_timeout = 10000")
            .execute(&mut conn)
            .unwrap();
        let (process_id, token_id) = bench_ids!(&mut conn);
        conn.transaction(|c| {
            for statement in insert_statements(&all_rows(process_id, token_id)) {
                diesel::sql_query(statement).execute(c)?;
            }
            for statement in reports_and_supports(process_id, token_id) {
                diesel::sql_query(statement).execute(c)?;
            }
            diesel::QueryResult::Ok(())
        })
        .unwrap();
    })
    .await;
    let db = bench_support::PgDatabase::create(&pg_admin);
    let url = db.url.clone();
    run("PostgreSQL", &db.url, move || {
        let mut conn = diesel::PgConnection::establish(&url).unwrap();
        let (process_id, token_id) = bench_ids!(&mut conn);
        conn.transaction(|c| {
            for statement in insert_statements(&all_rows(process_id, token_id)) {
                diesel::sql_query(statement).execute(c)?;
            }
            for statement in reports_and_supports(process_id, token_id) {
                diesel::sql_query(statement).execute(c)?;
            }
            diesel::QueryResult::Ok(())
        })
        .unwrap();
        // What autovacuum does soon after a bulk load: statistics and the visibility map.
        diesel::sql_query("VACUUM ANALYZE submissions, submission_supports")
            .execute(&mut conn)
            .unwrap();
    })
    .await;
}
