//! `make bench`: latency of `POST /api/v1/classify` through the real server (release build,
//! embedding engine, temp database), one request at a time, for sentences never seen (the model
//! runs) and seen before (embedding from the cache). Prints p50/p99; asserts nothing.

use std::{net::TcpListener, path::PathBuf, time::Instant};

use planner::{
    config::{RawSettings, Secret},
    startup::Application,
};

#[actix_web::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut raw = RawSettings::defaults();
    raw.database_url = dir.path().join("bench.db").to_string_lossy().into();
    raw.secret_key = Secret::new("b".repeat(64));
    let admin = format!(
        "bench-admin-token-{}",
        planner::security::tokens::random_hex(8)
    );
    raw.admin_token = Secret::new(admin.clone());
    raw.model_dir = std::env::var("MODEL_DIR").unwrap_or_else(|_| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../data/models/all-MiniLM-L6-v2")
            .to_string_lossy()
            .into()
    });
    raw.rate_limit_token_per_hour = 1_000_000;
    let settings = raw.validate().unwrap();
    let app = Application::with_listener(settings, TcpListener::bind("127.0.0.1:0").unwrap())
        .await
        .unwrap();
    let engine = app.state.analyzer.engine_kind().as_str();
    let base = format!("http://127.0.0.1:{}/api/v1", app.spawn());
    let http = reqwest::Client::new();
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{base}{path}"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    post(
        "/processes",
        serde_json::json!({ "slug": "bench", "title": "Bench", "prompt": "?" }),
    )
    .await
    .unwrap();
    // Warm-up: the first request builds the process's default model.
    post(
        "/classify",
        serde_json::json!({ "process": "bench", "text": "Warm up." }),
    )
    .await
    .unwrap();
    let sentences: Vec<String> = planner_analysis::corpus::eval_holdout()
        .into_iter()
        .map(|e| e.text)
        .collect();
    for pass in ["new sentences", "cached sentences"] {
        let mut ms = Vec::new();
        for text in &sentences {
            let t = Instant::now();
            let resp = post(
                "/classify",
                serde_json::json!({ "process": "bench", "text": text }),
            )
            .await
            .unwrap();
            assert!(resp.status().is_success());
            resp.bytes().await.unwrap();
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        ms.sort_by(f64::total_cmp);
        let pct = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "POST /api/v1/classify ({engine}, {pass}, one sentence per request, sequential, {} requests): p50 {:.1} ms, p99 {:.1} ms",
            ms.len(),
            pct(0.5),
            pct(0.99)
        );
    }
}
