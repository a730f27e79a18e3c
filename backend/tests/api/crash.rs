//! A `planner serve` process killed with SIGKILL while 16 participants submit, on SQLite, with
//! group commit in both commit modes (`SQLITE_DURABLE` false and true): every submission the
//! server acknowledged (201) is in the database exactly once, nothing else half-written is,
//! and the file passes `PRAGMA integrity_check`.

use std::{
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use diesel::{sql_types::BigInt, sql_types::Text, QueryableByName};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

const WRITERS: usize = 16;

/// A `planner serve` child process, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(dir: tempfile::TempDir, durable: bool) -> (Process, TestApp) {
    let database = Arc::new(TestDatabase {
        url: dir.path().join("planner.db").to_string_lossy().into(),
        postgres: None,
    });
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let admin = format!(
        "crash-admin-token-{}",
        planner::security::tokens::random_hex(8)
    );
    let child = Command::new(env!("CARGO_BIN_EXE_planner"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &database.url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("SECRET_KEY", "s".repeat(64))
        .env("ADMIN_TOKEN", &admin)
        .env("SQLITE_DURABLE", durable.to_string())
        .env("SQLITE_GROUP_COMMIT", "true")
        .env("RATE_LIMIT_SUBMISSIONS_PER_HOUR", "100000")
        .env("RATE_LIMIT_TOKEN_PER_HOUR", "100000")
        .env("PLANNER_CONFIG", dir.path().join("none.toml"))
        .env("STATIC_DIR", dir.path().join("no-frontend"))
        .env("MODEL_DIR", dir.path().join("no-model"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("planner serve starts");
    let app = TestApp {
        base: format!("http://127.0.0.1:{port}"),
        admin_token: admin,
        http: reqwest::Client::new(),
        database_url: database.url.clone(),
        database,
        dir,
    };
    (Process(child), app)
}

async fn ready(app: &TestApp) {
    for _ in 0..300 {
        if let Ok(resp) = app.anon(Method::GET, "/readyz").send().await {
            if resp.status() == StatusCode::OK {
                return;
            }
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("planner serve did not become ready");
}

#[derive(QueryableByName)]
struct Stored {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    text: String,
}

async fn acknowledged_writes_survive_a_kill(durable: bool) {
    let (mut server, app) = start(tempfile::tempdir().unwrap(), durable);
    ready(&app).await;
    app.create_process("crash", json!({})).await;
    let tokens = app.issue_tokens("crash", WRITERS as u32, "community").await;

    // (id, text) of every 201; each text is unique, so a row written twice would show.
    let acknowledged = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let mut writers = Vec::new();
    for (w, token) in tokens.into_iter().enumerate() {
        let (http, url, acknowledged) = (
            app.http.clone(),
            app.url("/api/v1/processes/crash/submissions"),
            acknowledged.clone(),
        );
        writers.push(actix_web::rt::spawn(async move {
            for n in 0.. {
                let text = format!("writer {w} submission {n}");
                let sent = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "text": text }))
                    .send()
                    .await;
                // The kill ends the run: refused connections and cut-off answers alike.
                let Ok(resp) = sent else { break };
                if resp.status() != StatusCode::CREATED {
                    break;
                }
                let Ok(body) = resp.json::<serde_json::Value>().await else {
                    break;
                };
                let id = body["id"].as_i64().expect("a created submission has an id");
                acknowledged.lock().unwrap().push((id, text));
            }
        }));
    }
    // Let the writers get going (several group commits), then pull the plug mid-stream.
    while acknowledged.lock().unwrap().len() < 300 {
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    server.0.kill().unwrap(); // SIGKILL: no shutdown, no checkpoint
    server.0.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }

    // Opening it recovers the write-ahead log, as the next start would.
    let stored: Vec<Stored> = app.query(|c| {
        planner::with_conn!(
            c,
            diesel::RunQueryDsl::load(
                diesel::sql_query("SELECT id, text FROM submissions ORDER BY id"),
                c
            )
        )
    });
    let path = std::path::Path::new(&app.database_url);
    planner::db::integrity_check(path).expect("the database is intact after the kill");
    let acknowledged = acknowledged.lock().unwrap().clone();
    for (id, text) in &acknowledged {
        let copies: Vec<&Stored> = stored.iter().filter(|s| &s.text == text).collect();
        assert_eq!(
            copies.len(),
            1,
            "acknowledged {text:?} (id {id}) is stored {} times (durable: {durable})",
            copies.len()
        );
        assert_eq!(copies[0].id, *id, "stored under the id the server answered");
    }
    // Writes in flight at the kill may or may not have committed, but never twice.
    let mut texts: Vec<&str> = stored.iter().map(|s| s.text.as_str()).collect();
    texts.sort_unstable();
    let before = texts.len();
    texts.dedup();
    assert_eq!(before, texts.len(), "no submission is stored twice");
    assert!(
        stored.len() >= acknowledged.len(),
        "{} stored, {} acknowledged",
        stored.len(),
        acknowledged.len()
    );
    eprintln!(
        "crash (durable: {durable}): {} acknowledged, {} stored",
        acknowledged.len(),
        stored.len()
    );
}

#[actix_web::test]
async fn acknowledged_submissions_survive_sigkill_with_group_commit() {
    acknowledged_writes_survive_a_kill(false).await;
}

#[actix_web::test]
async fn acknowledged_submissions_survive_sigkill_in_durable_mode() {
    acknowledged_writes_survive_a_kill(true).await;
}
