//! `make bench`: a 100,000-submission CSV export through the real server, measuring time,
//! the process's resident memory while it streams, and how long writes wait meanwhile.
//! Prints figures; asserts nothing.

use std::{
    net::TcpListener,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use diesel::{Connection, RunQueryDsl};
use planner::{
    config::{RawSettings, Secret},
    startup::Application,
};

const ROWS: i64 = 100_000;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[actix_web::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("export.db");
    let mut raw = RawSettings::defaults();
    raw.database_url = db_path.to_string_lossy().into();
    raw.secret_key = Secret::new("e".repeat(64));
    let admin = format!(
        "bench-admin-token-{}",
        planner::security::tokens::random_hex(8)
    );
    raw.admin_token = Secret::new(admin.clone());
    raw.model_dir = dir.path().join("no-model").to_string_lossy().into();
    raw.rate_limit_token_per_hour = 1_000_000;
    raw.rate_limit_submissions_per_hour = 1_000_000;
    let app = Application::with_listener(
        raw.validate().unwrap(),
        TcpListener::bind("127.0.0.1:0").unwrap(),
    )
    .await
    .unwrap();
    let base = format!("http://127.0.0.1:{}/api/v1", app.spawn());
    let http = reqwest::Client::new();
    http.post(format!("{base}/processes"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({ "slug": "big", "title": "Big", "prompt": "?" }))
        .send()
        .await
        .unwrap();
    let tokens: serde_json::Value = http
        .post(format!("{base}/processes/big/tokens"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({ "count": 1, "contributor_type": "community" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let participant = tokens["tokens"][0]["token"].as_str().unwrap().to_owned();
    let token_id = tokens["tokens"][0]["id"].as_i64().unwrap();
    {
        let mut conn = diesel::SqliteConnection::establish(db_path.to_str().unwrap()).unwrap();
        let t = Instant::now();
        diesel::sql_query(format!(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {ROWS}) \
             INSERT INTO submissions (process_id, token_id, contributor_type, text, lat, lng, status, entered_by_admin, \
                                      created_at, updated_at, analysed_at, primary_category) \
             SELECT 1, {token_id}, 'community', 'Submission number ' || x || ': more trees, safer crossings, \"quotes\", commas.', \
                    CASE WHEN x % 3 = 0 THEN 53.4 + (x % 100) / 1000.0 END, CASE WHEN x % 3 = 0 THEN -2.2 END, \
                    'visible', 0, datetime('now'), datetime('now'), datetime('now'), 'action' FROM n"
        ))
        .execute(&mut conn)
        .unwrap();
        println!(
            "inserted {ROWS} submissions in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }

    let baseline = rss_kib();
    let peak = Arc::new(AtomicU64::new(baseline));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    // A participant keeps writing while the export streams.
    let writer = {
        let (http, base, done) = (http.clone(), base.clone(), done.clone());
        actix_web::rt::spawn(async move {
            let mut waits = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let t = Instant::now();
                let r = http
                    .post(format!("{base}/processes/big/submissions"))
                    .bearer_auth(&participant)
                    .json(&serde_json::json!({ "text": "Written during the export" }))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success(), "{}", r.status());
                waits.push(t.elapsed().as_secs_f64() * 1000.0);
                actix_web::rt::time::sleep(Duration::from_millis(20)).await;
            }
            waits
        })
    };
    let t = Instant::now();
    let mut resp = http
        .get(format!("{base}/processes/big/exports/submissions.csv"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let mut bytes = 0usize;
    let mut lines = 0usize;
    while let Some(chunk) = resp.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let secs = t.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let mut waits = writer.await.unwrap();
    waits.sort_by(f64::total_cmp);
    println!(
        "CSV export: {} rows, {:.1} MB in {secs:.2} s ({:.0} rows/s); server+client RSS {} MiB before, peak {} MiB (+{} MiB)",
        lines - 1,
        bytes as f64 / 1e6,
        (lines - 1) as f64 / secs,
        baseline / 1024,
        peak.load(Ordering::Relaxed) / 1024,
        (peak.load(Ordering::Relaxed) - baseline) / 1024
    );
    println!(
        "writes during the export: {} submissions, p50 {:.1} ms, max {:.1} ms",
        waits.len(),
        waits[waits.len() / 2],
        waits.last().copied().unwrap_or(0.0)
    );
}
