//! Logs an operator can use, and that never hold a secret: a real `planner serve` with
//! `LOG_FORMAT=json` runs a whole journey (admin sign-in, tokens, participants' submissions,
//! failed sign-ins, a results link, analysis), then its log is parsed line by line and grepped
//! for every token, cookie value and submission text used.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{cookie_client, TestDatabase};

struct Server {
    child: Child,
    base: String,
    log: std::path::PathBuf,
    _database: TestDatabase,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn serve(admin_token: &str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::fresh(&dir);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = dir.path().join("server.log");
    let child = Command::new(env!("CARGO_BIN_EXE_planner"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PLANNER_CONFIG", dir.path().join("no-config"))
        .env("LOG_FORMAT", "json")
        // Our own debug lines too: nothing at any level may carry a secret.
        .env("RUST_LOG", "info,planner=debug")
        .env("DATABASE_URL", &database.url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("SECRET_KEY", "s".repeat(64))
        .env("ADMIN_TOKEN", admin_token)
        .env("MODEL_DIR", dir.path().join("no-model"))
        .env("STATIC_DIR", dir.path().join("no-frontend"))
        .env("RATE_LIMIT_IP_PER_HOUR", "10000")
        .env("RATE_LIMIT_IP_PER_DAY", "10000")
        .current_dir(dir.path())
        .stdout(Stdio::from(
            std::fs::File::create(dir.path().join("stdout.log")).unwrap(),
        ))
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
        .spawn()
        .expect("planner serve starts");
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await {
            if r.status() == StatusCode::OK {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    Server {
        child,
        base,
        log,
        _database: database,
        _dir: dir,
    }
}

/// The `name=value` cookie value set by a response.
fn cookie_value(resp: &reqwest::Response) -> String {
    let header = resp.headers()["set-cookie"].to_str().unwrap();
    let pair = header.split(';').next().unwrap();
    pair.split_once('=').unwrap().1.to_owned()
}

#[actix_web::test]
async fn json_logs_carry_request_ids_and_never_a_token_cookie_or_text() {
    let admin_token = format!("drill-admin-{}", planner::security::tokens::random_hex(16));
    let server = serve(&admin_token).await;
    let url = |p: &str| format!("{}{p}", server.base);
    let http = Client::new();
    let mut secrets: Vec<String> = vec![admin_token.clone()];

    // The admin signs in in a browser, and creates a process with the cookie.
    let admin = cookie_client();
    let resp = admin
        .post(url("/api/v1/auth/login"))
        .header("Origin", &server.base)
        .header("Sec-Fetch-Site", "same-origin")
        .json(&json!({ "token": admin_token }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    secrets.push(cookie_value(&resp));
    let resp = admin
        .post(url("/api/v1/processes"))
        .header("Origin", &server.base)
        .header("Sec-Fetch-Site", "same-origin")
        .json(&json!({ "slug": "harbour", "title": "The harbour", "prompt": "Ideas?" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let resp = http
        .post(url("/api/v1/processes/harbour/tokens"))
        .bearer_auth(&admin_token)
        .json(&json!({ "count": 3, "contributor_type": "community", "label": "drill" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let issued: Value = resp.json().await.unwrap();
    let tokens: Vec<String> = issued["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["token"].as_str().unwrap().to_owned())
        .collect();
    secrets.extend(tokens.iter().cloned());

    // Participants: two in browsers, one with a bearer token; distinctive texts.
    let texts = [
        "Plant quince orchards along the zebrafish canal. The old ferry pier needs a ramp.",
        "Xylophone concerts every Thursday on the marmalade quay would bring people back.",
        "Repaint the periwinkle lighthouse and open it for visits by the schools.",
    ];
    for (i, (token, text)) in tokens.iter().zip(texts).enumerate() {
        let resp = if i < 2 {
            let browser = cookie_client();
            let resp = browser
                .post(url("/api/v1/auth/login"))
                .header("Origin", &server.base)
                .header("Sec-Fetch-Site", "same-origin")
                .json(&json!({ "token": token }))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            secrets.push(cookie_value(&resp));
            browser
                .post(url("/api/v1/processes/harbour/submissions"))
                .header("Origin", &server.base)
                .header("Sec-Fetch-Site", "same-origin")
                .json(&json!({ "text": text, "location": { "lat": 51.5, "lng": -0.1 } }))
                .send()
                .await
                .unwrap()
        } else {
            http.post(url("/api/v1/processes/harbour/submissions"))
                .bearer_auth(token)
                .json(&json!({ "text": text }))
                .send()
                .await
                .unwrap()
        };
        assert_eq!(resp.status(), StatusCode::CREATED);
        secrets.push(text.to_owned());
    }
    // Refused requests whose bodies and errors hold text and tokens.
    let resp = http
        .post(url("/api/v1/processes/harbour/submissions"))
        .bearer_auth(&tokens[2])
        .json(&json!({ "text": "Gazebo", "location": "Quokka sanctuary behind the gasworks" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    secrets.push("Quokka sanctuary behind the gasworks".into());
    let wrong = format!("ppp_{}_AAAAAA", "Z".repeat(32));
    for token in [wrong.as_str(), "not-even-a-token-Pelican42"] {
        let resp = http
            .post(url("/api/v1/auth/login"))
            .json(&json!({ "token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        secrets.push(token.to_owned());
    }
    // An old printed link carried the token in the query string.
    let resp = http
        .get(url(&format!("/p/harbour?token={}", tokens[0])))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_client_error() || resp.status().is_success());

    // A results link, opened.
    let resp = http
        .post(url("/api/v1/processes/harbour/share-links"))
        .bearer_auth(&admin_token)
        .json(&json!({ "label": "Council", "expires_in_days": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let link: Value = resp.json().await.unwrap();
    let link_token = link["token"].as_str().unwrap().to_owned();
    let resp = http
        .get(url("/api/v1/shared/results"))
        .header("X-Results-Token", &link_token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    secrets.push(link_token);

    // Analysis as a job, followed to the end.
    let resp = http
        .post(url("/api/v1/processes/harbour/analysis"))
        .bearer_auth(&admin_token)
        .json(&json!({ "reanalyse_all": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    let job: Value = resp.json().await.unwrap();
    let job_id = job["id"].as_i64().unwrap();
    let started = Instant::now();
    loop {
        let job: Value = http
            .get(url(&format!("/api/v1/jobs/{job_id}")))
            .bearer_auth(&admin_token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if job["state"] == "done" {
            break;
        }
        assert!(job["state"] != "failed", "{job}");
        assert!(started.elapsed() < Duration::from_secs(60), "{job}");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }

    // Request ids: a sane one is taken and echoed, in the header and in a problem body; an
    // insane one is replaced.
    let resp = http
        .get(url("/api/v1/no-such-thing"))
        .header("X-Request-Id", "drill-42.a")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-request-id"], "drill-42.a");
    let problem: Value = resp.json().await.unwrap();
    assert_eq!(problem["request_id"], "drill-42.a", "{problem}");
    let resp = http
        .get(url("/healthz"))
        .header("X-Request-Id", "has spaces in it")
        .send()
        .await
        .unwrap();
    let generated = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(generated != "has spaces in it" && !generated.is_empty());

    // Give the last lines a moment to be written, then read the log.
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let log = std::fs::read_to_string(&server.log).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "the log holds a secret or a text: {secret}"
        );
        // Pieces of texts too (a sentence of a submission).
        if secret.contains(' ') {
            for sentence in secret.split(". ") {
                assert!(!log.contains(sentence), "the log holds {sentence:?}");
            }
        }
    }
    assert!(!log.contains("token="), "a query string reached the log");

    let access: Vec<&Value> = lines
        .iter()
        .filter(|l| l["target"] == "planner::access")
        .collect();
    let submission = access
        .iter()
        .find(|l| l["route"] == "/api/v1/processes/{slug}/submissions" && l["status"] == 201)
        .expect("an access line for a submission");
    assert_eq!(submission["method"], "POST");
    assert_eq!(submission["client"], "127.0.0.1");
    assert!(submission["latency_ms"].as_f64().is_some(), "{submission}");
    assert!(submission["request_id"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let echoed = access
        .iter()
        .find(|l| l["request_id"] == "drill-42.a")
        .expect("the client's request id is logged");
    assert_eq!(echoed["status"], 404);
    assert_eq!(echoed["route"], "unmatched");
    assert_eq!(echoed["path"], "/api/v1/no-such-thing");
    // The job's lines carry its id.
    assert!(
        lines
            .iter()
            .any(|l| l["span"]["name"] == "job" && l["span"]["job_id"] == job_id),
        "no line of job {job_id} carries its id"
    );
}
