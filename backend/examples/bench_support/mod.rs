//! What the `make bench` programs share: starting a release `planner serve` process on a
//! temp directory, waiting for it, and reading percentiles.

#![allow(dead_code)]

pub mod round_trips;
pub mod rows;

use diesel::{Connection, RunQueryDsl};
use std::{
    process::{Child, Command, Stdio},
    time::Duration,
};

/// A server process, killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// Resident memory of the process (kB), from /proc.
    pub fn rss_kb(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

pub fn planner_binary() -> std::path::PathBuf {
    // target/release/examples/<bench> -> target/release/planner
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("planner");
    assert!(
        bin.is_file(),
        "{} missing: cargo build --release --bin planner first (make bench does)",
        bin.display()
    );
    bin
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Limits raised out of the way of a load generator on one address: every request still
/// passes the limiters (in Redis when configured), so the figures measure throughput, not
/// refusals.
pub fn raised_limits() -> Vec<(&'static str, String)> {
    [
        "RATE_LIMIT_IP_PER_HOUR",
        "RATE_LIMIT_IP_PER_DAY",
        "RATE_LIMIT_TOKEN_PER_HOUR",
        "RATE_LIMIT_SUBMISSIONS_PER_HOUR",
    ]
    .into_iter()
    .map(|name| (name, "100000000".to_string()))
    .collect()
}

/// `planner serve` on `dir` with a known admin token and the given extra environment; the
/// lexical engine unless `env` names a MODEL_DIR. Returns the process and its base URL.
pub fn start(
    dir: &std::path::Path,
    database_url: &str,
    admin: &str,
    env: &[(&str, String)],
) -> (Server, String) {
    let port = free_port();
    let mut cmd = Command::new(planner_binary());
    cmd.arg("serve")
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("SECRET_KEY", "b".repeat(64))
        .env("ADMIN_TOKEN", admin)
        .env("PLANNER_CONFIG", dir.join("none.toml"))
        .env("STATIC_DIR", dir.join("no-frontend"))
        .env("MODEL_DIR", dir.join("no-model"))
        .env("RUST_LOG", "error")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    (
        Server(cmd.spawn().unwrap()),
        format!("http://127.0.0.1:{port}"),
    )
}

pub async fn wait_ready(http: &reqwest::Client, base: &str) {
    for _ in 0..600 {
        if let Ok(r) = http.get(format!("{base}/readyz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{base} did not become ready");
}

/// Creates the process `bench` on the server at `base` and issues `participants` tokens for it
/// (in batches of 100); returns the tokens.
pub async fn bench_process(
    http: &reqwest::Client,
    base: &str,
    admin: &str,
    participants: usize,
) -> Vec<String> {
    let resp = http
        .post(format!("{base}/api/v1/processes"))
        .bearer_auth(admin)
        .json(&serde_json::json!({ "slug": "bench", "title": "Bench", "prompt": "What should change?" }))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.text().await.unwrap());
    let mut tokens = Vec::new();
    while tokens.len() < participants {
        let issued: serde_json::Value = http
            .post(format!("{base}/api/v1/processes/bench/tokens"))
            .bearer_auth(admin)
            .json(&serde_json::json!({ "count": 100, "contributor_type": "community" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for t in issued["tokens"].as_array().unwrap() {
            tokens.push(t["token"].as_str().unwrap().to_owned());
        }
    }
    tokens
}

/// The `p` quantile of sorted microseconds, in milliseconds.
pub fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// A fresh PostgreSQL database for one run, dropped afterwards.
pub struct PgDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl PgDatabase {
    pub fn create(admin_url: &str) -> Self {
        let name = format!("pp_bench_{}", std::process::id());
        let mut admin = diesel::PgConnection::establish(admin_url).expect("PostgreSQL reachable");
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap();
        let base = admin_url.rsplit_once('/').unwrap().0;
        Self {
            admin_url: admin_url.into(),
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
}
