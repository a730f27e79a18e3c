//! The scale-out deployment for real: two `planner serve` processes on different ports,
//! started together on one empty PostgreSQL database and one Redis. Always on PostgreSQL (two
//! servers on one SQLite file is what the server's lock file refuses).

use std::{
    process::{Child, Command, Stdio},
    sync::Arc,
    time::Duration,
};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

/// A `planner serve` child process, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `planner serve` on a free port against `database` and the local Redis under
/// `prefix`; the returned [`TestApp`] talks to it like to any test server.
fn start(database: &Arc<TestDatabase>, prefix: &str, admin: &str) -> (Process, TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_planner"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &database.url)
        .env("REDIS_URL", "redis://127.0.0.1:6379")
        .env("REDIS_KEY_PREFIX", prefix)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("SECRET_KEY", "s".repeat(64))
        .env("ADMIN_TOKEN", admin)
        .env("PLANNER_CONFIG", dir.path().join("none.toml"))
        .env("STATIC_DIR", dir.path().join("no-frontend"))
        .env("MODEL_DIR", dir.path().join("no-model"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("planner serve starts");
    let app = TestApp {
        base: format!("http://127.0.0.1:{port}"),
        admin_token: admin.to_owned(),
        http: reqwest::Client::new(),
        dir,
        database_url: database.url.clone(),
        database: database.clone(),
    };
    (Process(child), app)
}

async fn ready(process: &mut Process, app: &TestApp) {
    for _ in 0..300 {
        if let Ok(resp) = app.anon(Method::GET, "/readyz").send().await {
            if resp.status() == StatusCode::OK {
                return;
            }
        }
        if let Some(status) = process.0.try_wait().unwrap() {
            panic!("replica exited during start-up: {status}");
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("replica {} did not become ready", app.base);
}

async fn metric(app: &TestApp, name: &str) -> f64 {
    let text = app
        .anon(Method::GET, "/metrics")
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

async fn status(app: &TestApp, token: &str) -> StatusCode {
    app.as_token(token, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap()
        .status()
}

#[actix_web::test]
async fn two_server_processes_share_postgres_and_redis() {
    let database = Arc::new(TestDatabase::fresh_postgres(&tempfile::tempdir().unwrap()));
    let prefix = format!("planner-test-{}", planner::security::tokens::random_hex(8));
    let token = format!("test-admin-{}", planner::security::tokens::random_hex(12));
    // Started together on an empty database: one migrates and registers ADMIN_TOKEN, the
    // other waits for the advisory locks and finds it done.
    let (mut p1, one) = start(&database, &prefix, &token);
    let (mut p2, two) = start(&database, &prefix, &token);
    ready(&mut p1, &one).await;
    ready(&mut p2, &two).await;

    // A cookie from replica one works on replica two; logout on two ends it on one too.
    let resp = one.login(&cookie_client(), &token).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = cookie_pair(&set_cookie(resp.headers()).unwrap());
    assert_eq!(cookie_session(&two, &cookie).await, StatusCode::OK);
    let resp = two
        .anon(Method::POST, "/api/v1/auth/logout")
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        cookie_session(&one, &cookie).await,
        StatusCode::UNAUTHORIZED
    );

    // A participant token revoked through one is refused by two on its next request.
    one.create_process("p1", json!({})).await;
    let participant = two.participant("p1").await;
    assert_eq!(status(&two, &participant).await, StatusCode::OK);
    let id = admin_json(&one, "/api/v1/processes/p1/tokens").await["items"][0]["id"].clone();
    let resp = one
        .admin(Method::DELETE, &format!("/api/v1/tokens/{id}"))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    assert_eq!(status(&two, &participant).await, StatusCode::UNAUTHORIZED);

    // Analysis jobs queued through both replicas are each run exactly once.
    let writer = one.participant("p1").await;
    for i in 0..6 {
        let text = format!("Idea {i}: plant trees by the river. We need shade.");
        assert_eq!(
            two.submit(&writer, "p1", &text).await.status(),
            StatusCode::CREATED
        );
    }
    let mut ids = Vec::new();
    for via in [&one, &two, &one, &two, &one, &two, &one, &two] {
        let job: Value = via
            .admin(Method::POST, "/api/v1/processes/p1/analysis")
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
        let job = eventually(&one, &format!("/api/v1/jobs/{id}"), |j| {
            j["state"] == "done" || j["state"] == "failed"
        })
        .await;
        assert_eq!(job["state"], "done", "job {id}: {job}");
    }
    let finished = metric(&one, "planner_jobs_finished_total").await
        + metric(&two, "planner_jobs_finished_total").await;
    assert_eq!(
        finished,
        ids.len() as f64,
        "each job run by exactly one replica"
    );
    let attempts: Vec<i32> = one.query(|conn| {
        use diesel::prelude::*;
        use planner::db::schema::jobs;
        planner::with_conn!(
            conn,
            jobs::table
                .select(jobs::attempts)
                .order(jobs::id.asc())
                .load(conn)
        )
    });
    assert_eq!(attempts, vec![1; ids.len()], "no job claimed twice");

    // The 11th failed login in a minute is refused, though the attempts alternate replicas.
    // The revoked token's refused request above was the first failure.
    let wrong = cookie_client();
    for (i, via) in [&one, &two].into_iter().cycle().take(9).enumerate() {
        assert_eq!(
            via.login(&wrong, "ppa_wrong").await.status(),
            StatusCode::UNAUTHORIZED,
            "failure {}",
            i + 2
        );
    }
    let resp = two.login(&wrong, "ppa_wrong").await;
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
                        kind: planner::domain::JobKind::Analyse,
                        process_id: None,
                        payload: "{}".into(),
                        state: planner::domain::JobState::Queued,
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
                            Ok(Some(job)) => claimed.push(job.id.0),
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

/// Replicas' analysis threads split pending submissions: one that another holds is skipped
/// until released, or until that server's connections end (it crashed).
#[actix_web::test]
async fn a_submission_claimed_for_analysis_is_left_to_its_claimant() {
    use planner::db::{self, locks};
    use planner::domain::SubmissionId;
    let database = TestDatabase::fresh_postgres(&tempfile::tempdir().unwrap());
    let replica_one = db::Db::open(&database.url, 2, 5_000).unwrap();
    let replica_two = db::Db::open(&database.url, 2, 5_000).unwrap();
    let mut one = replica_one.conn().unwrap();
    let mut two = replica_two.conn().unwrap();
    assert!(locks::try_claim_analysis(&mut one.as_db(), SubmissionId(7)).unwrap());
    assert!(!locks::try_claim_analysis(&mut two.as_db(), SubmissionId(7)).unwrap());
    assert!(locks::try_claim_analysis(&mut two.as_db(), SubmissionId(8)).unwrap());
    locks::release_claims(&mut two.as_db()).unwrap();
    assert!(locks::try_claim_analysis(&mut one.as_db(), SubmissionId(8)).unwrap());
    // Replica one dies holding 7 and 8: its connections close and the claims go with them.
    drop(one);
    drop(replica_one);
    let mut free = false;
    for _ in 0..50 {
        free = locks::try_claim_analysis(&mut two.as_db(), SubmissionId(7)).unwrap();
        if free {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(free, "a dead replica's claim is released");
    assert!(locks::try_claim_analysis(&mut two.as_db(), SubmissionId(8)).unwrap());
}
