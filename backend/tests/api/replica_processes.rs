//! The scale-out deployment for real: two `planner serve` processes on different ports,
//! started together on one empty PostgreSQL database and one Redis. Always on PostgreSQL (two
//! servers on one SQLite file is what the server's lock file refuses).

use std::{
    process::{Child, Command, Stdio},
    time::Duration,
};

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

struct Replica {
    base: String,
    child: Child,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(dir: &std::path::Path, database_url: &str, prefix: &str, admin: &str) -> Replica {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_planner"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("REDIS_URL", "redis://127.0.0.1:6379")
        .env("REDIS_KEY_PREFIX", prefix)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("SECRET_KEY", "s".repeat(64))
        .env("ADMIN_TOKEN", admin)
        .env("PLANNER_CONFIG", dir.join("none.toml"))
        .env("STATIC_DIR", dir.join("no-frontend"))
        .env("MODEL_DIR", dir.join("no-model"))
        .env("RUST_LOG", "warn")
        .current_dir(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("planner serve starts");
    Replica {
        base: format!("http://127.0.0.1:{port}"),
        child,
    }
}

async fn ready(replica: &mut Replica) {
    for _ in 0..300 {
        if let Ok(resp) = Client::new()
            .get(format!("{}/readyz", replica.base))
            .send()
            .await
        {
            if resp.status() == StatusCode::OK {
                return;
            }
        }
        if let Some(status) = replica.child.try_wait().unwrap() {
            panic!("replica exited during start-up: {status}");
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("replica {} did not become ready", replica.base);
}

fn admin(r: &Replica, token: &str, method: Method, path: &str) -> reqwest::RequestBuilder {
    Client::new()
        .request(method, format!("{}{path}", r.base))
        .bearer_auth(token)
}

async fn session(r: &Replica, cookie: &str) -> StatusCode {
    Client::new()
        .get(format!("{}/api/v1/auth/session", r.base))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

async fn login(r: &Replica, token: &str) -> reqwest::Response {
    Client::new()
        .post(format!("{}/api/v1/auth/login", r.base))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap()
}

async fn metric(r: &Replica, name: &str) -> f64 {
    let text = Client::new()
        .get(format!("{}/metrics", r.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("{name} in /metrics"))
        .parse()
        .unwrap()
}

#[actix_web::test]
async fn two_server_processes_share_postgres_and_redis() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::fresh_postgres(&dir);
    let prefix = format!("planner-test-{}", planner::security::tokens::random_hex(8));
    let token = format!("test-admin-{}", planner::security::tokens::random_hex(12));
    // Started together on an empty database: one migrates and registers ADMIN_TOKEN, the
    // other waits for the advisory locks and finds it done.
    let mut one = start(dir.path(), &database.url, &prefix, &token);
    let mut two = start(dir.path(), &database.url, &prefix, &token);
    ready(&mut one).await;
    ready(&mut two).await;

    // A cookie from replica one works on replica two; logout on two ends it on one too.
    let resp = login(&one, &token).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = cookie_pair(&set_cookie(resp.headers()).unwrap());
    assert_eq!(session(&two, &cookie).await, StatusCode::OK);
    let resp = Client::new()
        .post(format!("{}/api/v1/auth/logout", two.base))
        .header("Cookie", &cookie)
        .header("Origin", &two.base)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(session(&one, &cookie).await, StatusCode::UNAUTHORIZED);

    // A participant token revoked through one is refused by two on its next request.
    let resp = admin(&one, &token, Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": "p1", "title": "P1", "prompt": "What next?" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let issued: Value = admin(&two, &token, Method::POST, "/api/v1/processes/p1/tokens")
        .json(&json!({ "count": 1, "contributor_type": "community" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let participant = issued["tokens"][0]["token"].as_str().unwrap().to_owned();
    let participant_id = issued["tokens"][0]["id"].as_i64().unwrap();
    assert_eq!(
        admin(&two, &participant, Method::GET, "/api/v1/auth/session")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let resp = admin(
        &one,
        &token,
        Method::DELETE,
        &format!("/api/v1/tokens/{participant_id}"),
    )
    .send()
    .await
    .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    assert_eq!(
        admin(&two, &participant, Method::GET, "/api/v1/auth/session")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // Analysis jobs queued through both replicas are each run exactly once.
    let writer = admin(&one, &token, Method::POST, "/api/v1/processes/p1/tokens")
        .json(&json!({ "count": 1, "contributor_type": "community" }))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["tokens"][0]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for i in 0..6 {
        let resp = admin(
            &two,
            &writer,
            Method::POST,
            "/api/v1/processes/p1/submissions",
        )
        .json(&json!({ "text": format!("Idea {i}: plant trees by the river. We need shade.") }))
        .send()
        .await
        .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
    }
    let mut ids = Vec::new();
    for i in 0..8 {
        let via = if i % 2 == 0 { &one } else { &two };
        let job: Value = admin(via, &token, Method::POST, "/api/v1/processes/p1/analysis")
            .json(&json!({ "reanalyse_all": true }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.push(job["id"].as_i64().unwrap());
    }
    for id in &ids {
        let mut state = Value::Null;
        for _ in 0..300 {
            state = admin(&one, &token, Method::GET, &format!("/api/v1/jobs/{id}"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if state["state"] == "done" || state["state"] == "failed" {
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(state["state"], "done", "job {id}: {state}");
    }
    let finished = metric(&one, "planner_jobs_finished_total").await
        + metric(&two, "planner_jobs_finished_total").await;
    assert_eq!(
        finished,
        ids.len() as f64,
        "each job run by exactly one replica"
    );
    let attempts: Vec<i32> = {
        let db = planner::db::Db::open(&database.url, 1, 5_000).unwrap();
        let mut pooled = db.conn().unwrap();
        let conn = &mut pooled.as_db();
        use diesel::prelude::*;
        use planner::db::schema::jobs;
        planner::with_conn!(
            conn,
            jobs::table
                .select(jobs::attempts)
                .order(jobs::id.asc())
                .load(conn)
        )
        .unwrap()
    };
    assert_eq!(attempts, vec![1; ids.len()], "no job claimed twice");

    // The 11th failed login in a minute is refused, though the attempts alternate replicas.
    // The revoked token's refused request above was the first failure.
    for i in 0..9 {
        let via = if i % 2 == 0 { &one } else { &two };
        assert_eq!(
            login(via, "ppa_wrong").await.status(),
            StatusCode::UNAUTHORIZED,
            "failure {}",
            i + 2
        );
    }
    let resp = login(&two, "ppa_wrong").await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// Workers on several replicas polling one queue at the same moment: every job is claimed by
/// exactly one of them (PostgreSQL's `FOR UPDATE SKIP LOCKED`; SQLite's single writer).
#[actix_web::test]
async fn concurrent_workers_claim_each_job_exactly_once() {
    use planner::db::{self, jobs};
    let dir = tempfile::tempdir().unwrap();
    for database in [
        TestDatabase::fresh(&dir),
        TestDatabase::fresh_postgres(&dir),
    ] {
        let db = db::Db::open(&database.url, 8, 5_000).unwrap();
        const JOBS: i64 = 200;
        db.write_blocking(|conn| {
            for _ in 0..JOBS {
                jobs::insert(
                    conn,
                    &jobs::NewJob {
                        kind: "analyse".into(),
                        process_id: None,
                        payload: "{}".into(),
                        state: "queued".into(),
                        created_by: None,
                        created_at: db::now(),
                        updated_at: db::now(),
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
        let workers: Vec<_> = (0..6)
            .map(|_| {
                let db = db.clone();
                std::thread::spawn(move || {
                    let mut claimed = Vec::new();
                    loop {
                        match db.write_blocking(|conn| Ok(jobs::claim_next(conn, db::now())?)) {
                            Ok(Some(job)) => claimed.push(job.id),
                            Ok(None) => return claimed,
                            // SQLite may answer busy under this contention; a worker retries.
                            Err(_) => std::thread::sleep(Duration::from_millis(5)),
                        }
                    }
                })
            })
            .collect();
        let mut all: Vec<i64> = workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        all.sort_unstable();
        assert_eq!(
            all,
            (1..=JOBS).collect::<Vec<_>>(),
            "{}: each job claimed once",
            db.backend().name()
        );
    }
}
