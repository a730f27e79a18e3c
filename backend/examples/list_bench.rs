//! `make bench`: the admin list at scale. One process holds 100,000 submissions (written
//! straight into the database after the server has migrated it); one admin then asks for the
//! list, one request at a time, with no filter, with each filter, and for a deep page by
//! offset and by cursor. Prints p50/p99 per view on SQLite and on PostgreSQL (BENCH_POSTGRES,
//! default postgres://postgres@127.0.0.1:5432/test); asserts nothing.

mod bench_support;

use std::time::{Duration, Instant};

use bench_support::{percentile, wait_ready};
use diesel::{Connection, RunQueryDsl};

const SUBMISSIONS: usize = 100_000;
const REQUESTS: usize = 200;
/// A view that is slow stops after this long, with the requests it made.
const VIEW_BUDGET: Duration = Duration::from_secs(20);

const WORDS: &[&str] = &[
    "river",
    "bus",
    "park",
    "bench",
    "trees",
    "school",
    "bridge",
    "market",
    "lights",
    "path",
    "shade",
    "noise",
    "parking",
    "bikes",
    "children",
    "library",
    "square",
    "flood",
    "housing",
    "cafe",
    "toilets",
    "playground",
    "crossing",
    "garden",
    "market",
    "traffic",
    "safety",
    "water",
    "music",
    "walk",
];
const TYPES: &[&str] = &["community", "business", "youth", "government"];
const CATEGORIES: &[&str] = &[
    "vision",
    "problem",
    "objective",
    "directive",
    "value",
    "action",
];

/// A small deterministic generator, so both backends hold the same rows.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next() as usize % from.len()]
    }
}

/// One multi-row INSERT per batch of 500; text is built from the word list, so no quoting is
/// needed. About one submission in a thousand mentions a "heliport".
fn fill(process_id: i64, token_id: i64) -> Vec<String> {
    let mut statements = Vec::new();
    let mut rng = Lcg(42);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for batch in 0..SUBMISSIONS / 500 {
        let mut values = Vec::with_capacity(500);
        for i in 0..500 {
            let n = batch * 500 + i;
            let mut words: Vec<&str> = (0..12).map(|_| rng.pick(WORDS)).collect();
            if rng.next().is_multiple_of(1000) {
                words.push("heliport");
            }
            let text = format!("Idea {n}: {}.", words.join(" "));
            let status = match rng.next() % 20 {
                0 => "flagged",
                1 => "hidden",
                _ => "visible",
            };
            let created = start + chrono::Duration::seconds(n as i64 * 60);
            // As diesel writes a timestamp to SQLite, so text comparisons order it alike.
            let at = created.format("%F %T%.f");
            values.push(format!(
                "({process_id}, {token_id}, '{}', '{text}', '{status}', FALSE, '{at}', '{at}', '{at}', '{}', {})",
                rng.pick(TYPES),
                rng.pick(CATEGORIES),
                (rng.next() % 100) as f64 / 100.0,
            ));
        }
        statements.push(format!(
            "INSERT INTO submissions (process_id, token_id, contributor_type, text, status, \
             entered_by_admin, created_at, updated_at, analysed_at, primary_category, \
             min_confidence) VALUES {}",
            values.join(", ")
        ));
    }
    // Supports: every 50th submission backed by about 14 of the process's other tokens, and
    // every 1,000th submission marked as a duplicate of the one before (whose count it joins).
    statements.push(format!(
        "INSERT INTO submission_supports (submission_id, token_id, created_at) \
         SELECT s.id, t.id, s.created_at FROM submissions s JOIN tokens t \
         ON t.process_id = s.process_id \
         WHERE s.process_id = {process_id} AND s.id % 50 = 0 AND t.id <> {token_id} \
         AND (s.id / 50 + t.id) % 7 = 0"
    ));
    statements.push(format!(
        "UPDATE submissions SET duplicate_of = id - 1 \
         WHERE process_id = {process_id} AND id % 1000 = 1 AND id > 1"
    ));
    statements
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// The bench process's id and one of its tokens' ids, on either connection type.
macro_rules! bench_ids {
    ($conn:expr) => {{
        let process: Id = diesel::sql_query("SELECT id FROM processes WHERE slug = 'bench'")
            .get_result($conn)
            .unwrap();
        let token: Id = diesel::sql_query(format!(
            "SELECT id FROM tokens WHERE process_id = {} LIMIT 1",
            process.id
        ))
        .get_result($conn)
        .unwrap();
        (process.id, token.id)
    }};
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
    bench_support::bench_process(&http, &base, &admin, 1).await;
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
        ("q=heliport (rare)", format!("{list}&q=heliport")),
        ("q=river (common)", format!("{list}&q=river")),
        ("q=sq (2 chars)", format!("{list}&q=sq")),
        (
            "created 1 week",
            format!("{list}&created_from=2026-02-01T00:00:00Z&created_to=2026-02-08T00:00:00Z"),
        ),
        ("offset=50000", format!("{list}&offset=50000")),
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
            for statement in fill(process_id, token_id) {
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
            for statement in fill(process_id, token_id) {
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
