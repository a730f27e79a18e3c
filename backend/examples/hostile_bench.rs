//! `make bench`: the server under hostile traffic, through a real release `planner serve`.
//!
//! 1. Soak: one million hostile requests (junk methods of up to 2 kB, junk paths of up to
//!    1 kB, bad bearer tokens, anonymous API calls, forged forwarding headers) over 16 raw
//!    keep-alive connections; reports the server's resident memory before and after, and the
//!    `/metrics` body size. Goal: less than +20 MB.
//! 2. Flood: one participant token floods `/classify` with 60-sentence texts from 16
//!    connections while 4 other participants submit and a monitor polls `/healthz`; reports
//!    their latency, once with the default sentence budgets and once with budgets out of the
//!    way (only the bound on concurrent model runs protects). Goal: others' submissions
//!    p99 < 100 ms, `/healthz` answers throughout.
//!
//! Prints figures; asserts nothing. `HOSTILE_REQUESTS` changes the soak's size.

mod bench_support;

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use bench_support::{percentile, start, wait_ready};
use rand::{distr::Alphanumeric, Rng};
use serde_json::{json, Value};

const CONNECTIONS: usize = 16;

/// One hostile request, chosen at random.
fn hostile_request(rng: &mut impl Rng, host: &str) -> Vec<u8> {
    let junk = |rng: &mut dyn rand::RngCore, max: usize| -> String {
        let n = rng.random_range(1..=max);
        rng.sample_iter(Alphanumeric)
            .take(n)
            .map(char::from)
            .collect()
    };
    let forged = format!(
        "X-Forwarded-For: {}.{}.{}.{}\r\n",
        rng.random::<u8>(),
        rng.random::<u8>(),
        rng.random::<u8>(),
        rng.random::<u8>()
    );
    let (method, path, extra) = match rng.random_range(0..4) {
        0 => (
            format!("X{}", junk(rng, 2_000).to_uppercase()),
            "/".to_string(),
            String::new(),
        ),
        1 => ("GET".into(), format!("/{}", junk(rng, 1_000)), forged),
        2 => (
            "GET".into(),
            "/api/v1/auth/session".into(),
            format!("Authorization: Bearer ppp_{}\r\n", junk(rng, 40)),
        ),
        _ => ("GET".into(), format!("/api/v1/{}", junk(rng, 200)), forged),
    };
    format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n").into_bytes()
}

/// Reads one response (status line, headers, Content-Length body); false when the connection
/// closed or the response could not be framed.
fn read_response(reader: &mut BufReader<TcpStream>) -> bool {
    let mut line = String::new();
    let mut length = 0usize;
    let mut first = true;
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        if first {
            first = false;
            if !line.starts_with("HTTP/1.1") {
                return false;
            }
            continue;
        }
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).is_ok()
}

fn soak(base: &str, total: u64) -> (u64, Duration) {
    let addr = base.trim_start_matches("http://").to_string();
    let sent = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (addr, sent) = (addr.clone(), sent.clone());
            std::thread::spawn(move || {
                let mut rng = rand::rng();
                let mut conn: Option<(TcpStream, BufReader<TcpStream>)> = None;
                while sent.fetch_add(1, Ordering::Relaxed) < total {
                    if conn.is_none() {
                        let stream = TcpStream::connect(&addr).unwrap();
                        let reader = BufReader::new(stream.try_clone().unwrap());
                        conn = Some((stream, reader));
                    }
                    let (stream, reader) = conn.as_mut().unwrap();
                    let ok = stream.write_all(&hostile_request(&mut rng, &addr)).is_ok()
                        && read_response(reader);
                    if !ok {
                        conn = None;
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    (total, started.elapsed())
}

async fn metrics_bytes(http: &reqwest::Client, base: &str) -> usize {
    http.get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len()
}

async fn run_soak() {
    let dir = tempfile::tempdir().unwrap();
    let admin = format!("bench-admin-{}", planner::security::tokens::random_hex(10));
    let db = dir.path().join("soak.db").to_string_lossy().to_string();
    let (server, base) = start(dir.path(), &db, &admin, &[]);
    let http = reqwest::Client::new();
    wait_ready(&http, &base).await;
    // Warm up with ordinary traffic so the baseline includes the server's working set.
    for _ in 0..2_000 {
        let _ = http.get(format!("{base}/healthz")).send().await;
    }
    let before = server.rss_kb();
    let metrics_before = metrics_bytes(&http, &base).await;
    let total: u64 = std::env::var("HOSTILE_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let base2 = base.clone();
    let (n, took) = actix_web::rt::task::spawn_blocking(move || soak(&base2, total))
        .await
        .unwrap();
    let after = server.rss_kb();
    let metrics_after = metrics_bytes(&http, &base).await;
    println!(
        "hostile soak: {n} requests in {:.1} s ({:.0}/s); server RSS {:.1} MB before, {:.1} MB after ({:+.1} MB); /metrics {} B before, {} B after",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64(),
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after as f64 - before as f64) / 1024.0,
        metrics_before,
        metrics_after,
    );
}

fn model_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/models/all-MiniLM-L6-v2"
    ))
}

async fn run_flood(label: &str, budgets: &[(&str, String)]) {
    let dir = tempfile::tempdir().unwrap();
    let admin = format!("bench-admin-{}", planner::security::tokens::random_hex(10));
    let db = dir.path().join("flood.db").to_string_lossy().to_string();
    let mut env = bench_support::raised_limits();
    env.push(("MODEL_DIR", model_dir().to_string_lossy().to_string()));
    env.extend(budgets.iter().cloned());
    let (_server, base) = start(dir.path(), &db, &admin, &env);
    let http = reqwest::Client::new();
    wait_ready(&http, &base).await;
    let api = |path: &str| format!("{base}/api/v1{path}");
    let created = http
        .post(api("/processes"))
        .bearer_auth(&admin)
        .json(&json!({ "slug": "flood", "title": "Flood", "prompt": "What should change?" }))
        .send()
        .await
        .unwrap();
    assert!(
        created.status().is_success(),
        "{}",
        created.text().await.unwrap()
    );
    let issued: Value = http
        .post(api("/processes/flood/tokens"))
        .bearer_auth(&admin)
        .json(&json!({ "count": 5, "contributor_type": "community" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tokens: Vec<String> = issued["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["token"].as_str().unwrap().to_owned())
        .collect();
    // Warm the default model (it embeds its seed corpus once).
    http.post(api("/classify"))
        .bearer_auth(&tokens[1])
        .json(&json!({ "process": "flood", "text": "Warm up." }))
        .send()
        .await
        .unwrap();
    let text: String = (0..60)
        .map(|i| format!("Sentence {i} asks for wider pavements, more shade trees and safer crossings here. "))
        .collect();
    let seconds = 10;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let outcomes = Arc::new(Mutex::new(std::collections::BTreeMap::<u16, usize>::new()));
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (http, url, token, text, outcomes) = (
            http.clone(),
            api("/classify"),
            tokens[0].clone(),
            text.clone(),
            outcomes.clone(),
        );
        tasks.push(actix_web::rt::spawn(async move {
            while Instant::now() < deadline {
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "process": "flood", "text": text }))
                    .send()
                    .await;
                let status = r.map(|r| r.status().as_u16()).unwrap_or(0);
                *outcomes.lock().unwrap().entry(status).or_default() += 1;
            }
        }));
    }
    let submits = Arc::new(Mutex::new(Vec::new()));
    for (c, token) in tokens[1..].iter().enumerate() {
        let (http, url, token, submits) = (
            http.clone(),
            api("/processes/flood/submissions"),
            token.clone(),
            submits.clone(),
        );
        tasks.push(actix_web::rt::spawn(async move {
            let mut n = 0;
            while Instant::now() < deadline {
                let started = Instant::now();
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "text": format!("Participant {c}, idea {n}: a bench by the river.") }))
                    .send()
                    .await;
                if r.is_ok_and(|r| r.status().as_u16() == 201) {
                    submits.lock().unwrap().push(started.elapsed().as_micros() as u64);
                }
                n += 1;
                actix_web::rt::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    let health = Arc::new(Mutex::new((Vec::new(), 0usize)));
    {
        let (http, url, health) = (http.clone(), format!("{base}/healthz"), health.clone());
        tasks.push(actix_web::rt::spawn(async move {
            while Instant::now() < deadline {
                let started = Instant::now();
                let ok = http
                    .get(&url)
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                {
                    let mut h = health.lock().unwrap();
                    if ok {
                        h.0.push(started.elapsed().as_micros() as u64);
                    } else {
                        h.1 += 1;
                    }
                }
                actix_web::rt::time::sleep(Duration::from_millis(200)).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut s = submits.lock().unwrap().clone();
    s.sort_unstable();
    let (mut h, failed) = health.lock().unwrap().clone();
    h.sort_unstable();
    println!(
        "classify flood ({label}): /classify answers {:?}; others' submissions {} (p50 {:.1} ms, p99 {:.1} ms); /healthz p99 {:.1} ms, {} failed",
        outcomes.lock().unwrap(),
        s.len(),
        percentile(&s, 0.5),
        percentile(&s, 0.99),
        percentile(&h, 0.99),
        failed,
    );
}

#[actix_web::main]
async fn main() {
    run_soak().await;
    if !model_dir().join("model.safetensors").is_file() {
        println!("classify flood: skipped, no model (run make model)");
        return;
    }
    run_flood("default budgets", &[]).await;
    run_flood(
        "budgets out of the way, only the model slots protect",
        &[
            (
                "RATE_LIMIT_ANALYSIS_SENTENCES_PER_HOUR",
                "100000000".to_string(),
            ),
            (
                "RATE_LIMIT_ANALYSIS_SENTENCES_PER_HOUR_PER_IP",
                "100000000".to_string(),
            ),
        ],
    )
    .await;
}
