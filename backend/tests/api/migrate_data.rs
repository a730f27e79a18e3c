//! `planner migrate-data`: a SQLite installation, filled through the API, moved to PostgreSQL
//! with the real binary and served from there. Always needs PostgreSQL (see
//! [`postgres_server`]): the point is the other backend.

use std::{process::Output, sync::Arc};

use planner::db::copy::{self, TableSum};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{output_text as text, *};

const MODEL_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/models/all-MiniLM-L6-v2"
);

/// Runs `planner` from `dir` with nothing from the environment but PATH.
fn planner(dir: &std::path::Path, args: &[&str]) -> Output {
    run_planner(dir, &[], args)
}

/// A server on a SQLite file whatever backend the suite runs on.
async fn spawn_sqlite_app(tweak: impl FnOnce(&mut planner::config::Settings)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase {
        url: dir.path().join("planner.db").to_string_lossy().into(),
        postgres: None,
    };
    spawn_app_on(dir, Arc::new(database), tweak).await
}

/// The URL with a password added (trust authentication ignores it), to prove it is never
/// printed.
fn with_password(url: &str) -> String {
    match url.split_once("://").and_then(|(scheme, rest)| {
        let (user, host) = rest.split_once('@')?;
        (!user.contains(':')).then(|| format!("{scheme}://{user}:Sw0rdfish-secret@{host}"))
    }) {
        Some(with) => with,
        None => url.to_owned(),
    }
}

async fn json_of(resp: reqwest::Response) -> Value {
    let (status, path) = (resp.status(), resp.url().path().to_owned());
    let body = resp.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    serde_json::from_str(&body).unwrap()
}

/// Admin GET of `path` on both servers: the same status and the same body.
async fn same(source: &TestApp, target: &TestApp, path: &str) -> Value {
    let a = source.admin(Method::GET, path).send().await.unwrap();
    let b = target.admin(Method::GET, path).send().await.unwrap();
    assert_eq!(a.status(), StatusCode::OK, "{path} on the source");
    assert_eq!(b.status(), StatusCode::OK, "{path} on the target");
    let (a, b) = (a.text().await.unwrap(), b.text().await.unwrap());
    let (a, b) = match (
        serde_json::from_str::<Value>(&a),
        serde_json::from_str::<Value>(&b),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        _ => (Value::String(a), Value::String(b)),
    };
    assert_eq!(a, b, "{path} answers differently after the copy");
    a
}

async fn wait_job(app: &TestApp, started: &Value) -> Value {
    let id = &started["id"];
    eventually(app, &format!("/api/v1/jobs/{id}"), |j| {
        j["state"] == "done" || j["state"] == "failed"
    })
    .await
}

struct Populated {
    /// Participant tokens in use.
    tokens: Vec<String>,
    revoked: String,
    /// The newest submission, deleted.
    gone: i64,
    /// A signed results link.
    link: String,
}

/// A process with everything an installation accumulates.
async fn populate(app: &TestApp) -> Populated {
    app.create_process(
        "p1",
        json!({ "map": { "lat": 52.52, "lng": 13.405, "zoom": 13 }, "public_submissions": true }),
    )
    .await;
    let mut tokens = app.issue_tokens("p1", 3, "community").await;
    // A staff token limited to p1: its process list is copied too.
    let (_, staff) =
        crate::staff::issue_staff(app, json!({ "role": "moderator", "processes": ["p1"] })).await;
    // Its second factor and recovery codes (as an enrolment leaves them) are copied too.
    app.sql(&format!(
        "INSERT INTO totp_factors (token_id, secret, created_at, confirmed_at, last_used_step) \
         VALUES ({staff}, '00112233445566778899aabbccddeeff00112233', '2026-11-29 10:00:00', \
         '2026-11-29 10:00:01', 59000000); \
         INSERT INTO totp_recovery_codes (token_id, code_hash) VALUES ({staff}, 'h1'), ({staff}, 'h2')"
    ));
    // So is the owner's requirement of second factors (one row the target's migrations make).
    let resp = app
        .admin(Method::PUT, "/api/v1/admin/security")
        .json(&json!({ "require_totp": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let revoked = tokens.pop().unwrap();
    let listed = admin_json(app, "/api/v1/processes/p1/tokens").await;
    let revoked_id = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .max()
        .unwrap();
    let resp = app
        .admin(Method::DELETE, &format!("/api/v1/tokens/{revoked_id}"))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let texts = [
        "Plant more shade trees along the river. The benches get too hot in summer.",
        "Night buses should run every half hour on weekends.",
        "Plazas, \"shade\" and benches;\nlíneas nuevas también.",
        "Fix the broken street lights on Mill Road, it feels unsafe at night.",
        "More night buses, please: every half hour at the weekend.",
        "A playground next to the library would bring families.",
    ];
    let mut ids = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let token = &tokens[i % tokens.len()];
        let mut body = json!({ "text": text });
        if i % 2 == 0 {
            body["location"] = json!({ "lat": 52.5 + i as f64 / 1000.0, "lng": 13.4 });
        }
        let created = json_of(
            app.as_token(token, Method::POST, "/api/v1/processes/p1/submissions")
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        ids.push(created["id"].as_i64().unwrap());
    }
    // A support of someone else's submission ("me too" instead of writing it again).
    let resp = app
        .as_token(
            &tokens[1],
            Method::PUT,
            &format!("/api/v1/submissions/{}/support", ids[2]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // An answer ("you said, we did") with a reply that needs quoting.
    let resp = app
        .admin(Method::PUT, "/api/v1/processes/p1/responses")
        .json(&json!({ "status": "partly_accepted", "reply": "Yes, «partly»: see\nthe plan", "submission_ids": [ids[0], ids[1]] }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .admin(Method::PUT, "/api/v1/processes/p1/response-settings")
        .json(&json!({ "names": { "accepted": "Lo haremos" }, "notify": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // Moderation: one hidden with a reason, one flagged.
    for (id, body) in [
        (
            ids[3],
            json!({ "status": "hidden", "reason": "names a neighbour" }),
        ),
        (
            ids[5],
            json!({ "status": "flagged", "reason": "check the address" }),
        ),
    ] {
        json_of(
            app.admin(Method::PATCH, &format!("/api/v1/submissions/{id}"))
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
    }
    // A participant reports another's submission (below the threshold: it stays visible).
    json_of(
        app.as_token(
            &tokens[1],
            Method::POST,
            &format!("/api/v1/submissions/{}/report", ids[2]),
        )
        .json(&json!({ "reason": "Not about the plan" }))
        .send()
        .await
        .unwrap(),
    )
    .await;
    // The earlier bus submission repeats the later one: a link to a higher id.
    json_of(
        app.admin(
            Method::PUT,
            &format!("/api/v1/submissions/{}/duplicate-of", ids[1]),
        )
        .json(&json!({ "of": ids[4] }))
        .send()
        .await
        .unwrap(),
    )
    .await;
    for id in &ids {
        analysed(app, &json!(id)).await;
    }
    // An admin correction (a training example), a training run, themes, a results link.
    let first = admin_json(app, &format!("/api/v1/submissions/{}", ids[0])).await;
    let sentence = &first["sentences"][0]["id"];
    json_of(
        app.admin(
            Method::PUT,
            &format!("/api/v1/sentences/{sentence}/category"),
        )
        .json(&json!({ "category": "problem" }))
        .send()
        .await
        .unwrap(),
    )
    .await;
    let run = json_of(
        app.admin(Method::POST, "/api/v1/processes/p1/training-runs")
            .send()
            .await
            .unwrap(),
    )
    .await;
    wait_job(app, &run["job"]).await;
    let themes = json_of(
        app.admin(Method::POST, "/api/v1/processes/p1/themes")
            .json(&json!({ "k": 2, "seed": 7 }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(wait_job(app, &themes).await["state"], "done");
    // A whole theme answered: its members (copied with the themes) carry the answer.
    let listed = admin_json(app, "/api/v1/processes/p1/themes").await;
    let theme = &listed["themes"][0]["id"];
    let resp = app
        .admin(
            Method::PUT,
            &format!("/api/v1/processes/p1/themes/{theme}/response"),
        )
        .json(&json!({ "status": "under_consideration", "reply": "On the council's agenda" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let link = json_of(
        app.admin(Method::POST, "/api/v1/processes/p1/share-links")
            .json(&json!({ "label": "Council", "expires_in_days": 7 }))
            .send()
            .await
            .unwrap(),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // The newest submission is deleted: the next id is still one the source never used.
    let gone = json_of(
        app.submit(&tokens[0], "p1", "Short-lived: deleted by the admin.")
            .await,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    // Analysed first, so the analyser is not still caching its embeddings meanwhile.
    analysed(app, &json!(gone)).await;
    let resp = app
        .admin(Method::DELETE, &format!("/api/v1/submissions/{gone}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    Populated {
        tokens,
        revoked,
        gone,
        link,
    }
}

/// The audit log but for the entries of copies, newest first.
async fn audit_but_copies(app: &TestApp) -> Vec<Value> {
    let page = admin_json(app, "/api/v1/admin/audit?limit=200").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] != "data.migrate")
        .cloned()
        .collect()
}

async fn shared_results(app: &TestApp, link: &str) -> Value {
    json_of(
        app.anon(Method::GET, "/api/v1/shared/results")
            .header("X-Results-Token", link)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn rows_of(sums: &[TableSum], table: &str) -> u64 {
    sums.iter().find(|t| t.table == table).unwrap().rows
}

fn without_audit(sums: &[TableSum]) -> Vec<TableSum> {
    sums.iter()
        .filter(|t| t.table != "audit_log")
        .cloned()
        .collect()
}

#[actix_web::test]
async fn a_sqlite_installation_moves_to_postgresql_and_answers_the_same() {
    let source = spawn_sqlite_app(|s| s.model_dir = MODEL_DIR.into()).await;
    let Populated {
        tokens,
        revoked,
        gone,
        link,
    } = populate(&source).await;
    let before = copy::checksums(&source.db(), true).unwrap();
    // Every table but sessions (bearer tokens in these tests) has something to copy.
    for table in copy::TABLES.into_iter().filter(|t| *t != "sessions") {
        assert!(rows_of(&before, table) > 0, "the source has {table}");
    }

    let target_dir = tempfile::tempdir().unwrap();
    let target_db = Arc::new(TestDatabase::fresh_postgres(&target_dir));
    let to = with_password(&target_db.url);
    let from = source.database_url.clone();
    let started = std::time::Instant::now();
    let out = planner(
        source.dir.path(),
        &["migrate-data", "--from", &from, "--to", &to],
    );
    let took = started.elapsed();
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    eprintln!("migrate-data of the test installation took {took:?}:\n{printed}");
    assert!(!printed.contains("Sw0rdfish"), "never prints a password");
    for table in copy::TABLES {
        assert!(printed.contains(table), "{table} reported: {printed}");
    }
    assert!(
        printed.contains("not copied: people sign in again"),
        "{printed}"
    );
    assert!(printed.contains("total: "), "{printed}");
    assert_eq!(
        copy::checksums(&source.db(), true).unwrap(),
        before,
        "the source is only read"
    );

    let admin = source.admin_token.clone();
    let target = spawn_app_on(target_dir, target_db.clone(), move |s| {
        s.admin_token = Some(planner::config::Secret::new(admin));
        s.model_dir = MODEL_DIR.into();
    })
    .await;
    assert!(target.on_postgres());
    let security = admin_json(&target, "/api/v1/admin/security").await;
    assert_eq!(security["require_totp"], true);
    let after = copy::checksums(&target.db(), true).unwrap();
    assert_eq!(without_audit(&after), without_audit(&before));
    assert_eq!(rows_of(&after, "sessions"), 0, "sessions stay behind");
    assert_eq!(
        rows_of(&after, "audit_log"),
        rows_of(&before, "audit_log") + 1
    );

    // The audit log, plus one entry for the copy (before the exports below add their own).
    assert_eq!(
        audit_but_copies(&source).await,
        audit_but_copies(&target).await
    );
    let migrated = target.audit("data.migrate").await;
    assert_eq!(migrated.len(), 1, "{migrated:?}");
    let details: Value = match &migrated[0]["details"] {
        Value::String(s) => serde_json::from_str(s).unwrap(),
        other => other.clone(),
    };
    assert_eq!(details["from_backend"], "sqlite", "{details}");
    assert_eq!(
        details["tables"]["submissions"]["rows"],
        rows_of(&before, "submissions")
    );
    assert_eq!(details["sessions_copied"], false);
    // The API answers the same on both.
    let mut paths: Vec<String> = [
        "/api/v1/processes",
        "/api/v1/processes/p1",
        "/api/v1/processes/p1/submissions?status=hidden",
        "/api/v1/processes/p1/tokens?limit=100",
        "/api/v1/processes/p1/analytics",
        "/api/v1/processes/p1/themes",
        "/api/v1/processes/p1/share-links",
        "/api/v1/processes/p1/training-examples",
        "/api/v1/processes/p1/training-runs",
        "/api/v1/processes/p1/duplicates",
        "/api/v1/processes/p1/review-queue",
        "/api/v1/processes/p1/exports/submissions.json",
        "/api/v1/processes/p1/exports/submissions.geojson",
        "/api/v1/processes/p1/exports/submissions.csv",
        "/api/v1/processes/p1/exports/sentences.csv",
    ]
    .map(String::from)
    .into();
    let list = same(
        &source,
        &target,
        "/api/v1/processes/p1/submissions?limit=100",
    )
    .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    for s in items {
        paths.push(format!("/api/v1/submissions/{}", s["id"]));
    }
    for path in &paths {
        same(&source, &target, path).await;
    }
    let dup = items
        .iter()
        .find(|s| !s["duplicate_of"].is_null())
        .expect("the duplicate link came over");
    assert!(dup["duplicate_of"].as_i64() > dup["id"].as_i64());
    // The admin token list, but for when each was last used (every request may touch it).
    let admins = |v: Value| -> Value {
        let mut v = v;
        for t in v.as_array_mut().unwrap() {
            t.as_object_mut().unwrap().remove("last_used_at");
        }
        v
    };
    assert_eq!(
        admins(admin_json(&source, "/api/v1/admin/tokens").await),
        admins(admin_json(&target, "/api/v1/admin/tokens").await)
    );
    // A results link signed on the source opens on the target (same SECRET_KEY).
    assert_eq!(
        shared_results(&source, &link).await,
        shared_results(&target, &link).await
    );

    // Again into the now non-empty target: refused, and nothing changes.
    let settled = copy::checksums(&target.db(), true).unwrap();
    let out = planner(
        source.dir.path(),
        &["migrate-data", "--from", &from, "--to", &to],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("not empty") && text(&out).contains("--force"),
        "{}",
        text(&out)
    );
    assert_eq!(copy::checksums(&target.db(), true).unwrap(), settled);

    // With --force it replaces the target's data with the source's as it is now (the
    // requests above may have touched the admin token, and the exports were audited).
    let now = copy::checksums(&source.db(), true).unwrap();
    let out = planner(
        source.dir.path(),
        &["migrate-data", "--from", &from, "--to", &to, "--force"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("replaced the target's previous data"));
    let forced = copy::checksums(&target.db(), true).unwrap();
    assert_eq!(forced.len(), now.len());
    for (copied, source) in forced.iter().zip(&now) {
        if copied.table == "audit_log" {
            assert_eq!(copied.rows, source.rows + 1, "and the entry of the copy");
        } else {
            assert_eq!(copied, source);
        }
    }
    assert_eq!(target.audit("data.migrate").await.len(), 1);

    // People carry on where they were: their tokens sign in, the revoked one does not.
    let browser = cookie_client();
    assert_eq!(
        target.login(&browser, &tokens[0]).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        target.login(&cookie_client(), &revoked).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // New rows get fresh ids, past the source's deleted newest one.
    let created = json_of(target.submit(&tokens[1], "p1", "Made on PostgreSQL.").await).await;
    assert!(created["id"].as_i64().unwrap() > gone, "{created}");
    let themes = admin_json(&target, "/api/v1/processes/p1/themes").await;
    assert!(!themes["themes"].as_array().unwrap().is_empty());
    // Themes still know their submissions there: answering one works on the target too.
    assert!(rows_of(&after, "theme_members") > 0);
    let theme = &themes["themes"][0];
    assert_eq!(theme["members_known"], true);
    let resp = target
        .admin(
            Method::PUT,
            &format!("/api/v1/processes/p1/themes/{}/response", theme["id"]),
        )
        .json(&json!({ "status": "accepted" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let answered: Value = resp.json().await.unwrap();
    assert_eq!(
        answered["submission_ids"].as_array().unwrap().len() as i64,
        theme["submissions"].as_i64().unwrap()
    );
}

#[actix_web::test]
async fn a_source_with_a_running_server_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let db_url = db.to_string_lossy().to_string();
    drop(planner::db::Db::open(&db_url, 1, 5_000).unwrap());
    // What `planner serve` holds while it runs.
    let lock = std::fs::File::create(dir.path().join("live.db.lock")).unwrap();
    lock.try_lock().unwrap();
    let copy = dir.path().join("copy.db");
    let out = planner(
        dir.path(),
        &[
            "migrate-data",
            "--from",
            &db_url,
            "--to",
            copy.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out).contains("stop the server first"),
        "{}",
        text(&out)
    );
    assert!(!copy.exists(), "nothing created");
    drop(lock);
    let out = planner(
        dir.path(),
        &[
            "migrate-data",
            "--from",
            &db_url,
            "--to",
            copy.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    // A SQLite target is never overwritten, not even with --force.
    let out = planner(
        dir.path(),
        &[
            "migrate-data",
            "--from",
            &db_url,
            "--to",
            copy.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(
        !out.status.success() && text(&out).contains("new database file"),
        "{}",
        text(&out)
    );
    let missing = dir.path().join("missing.db");
    let out = planner(
        dir.path(),
        &[
            "migrate-data",
            "--from",
            missing.to_str().unwrap(),
            "--to",
            dir.path().join("other.db").to_str().unwrap(),
        ],
    );
    assert!(
        !out.status.success() && text(&out).contains("no database at"),
        "{}",
        text(&out)
    );
    assert!(!missing.exists(), "the source is never created");
}

/// Text keys in bytewise order on both backends, whatever the PostgreSQL database's
/// collation (an ICU locale orders `a-b`, `a_b`, `aB` differently), and back again.
#[actix_web::test]
async fn text_keys_keep_their_order_under_a_natural_language_collation() {
    use diesel::{Connection, RunQueryDsl};
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("keys.db").to_string_lossy().to_string();
    let db = planner::db::Db::open(&sqlite, 1, 5_000).unwrap();
    db.batch_execute(
        "INSERT INTO processes (id, slug, title, prompt, categories, contributor_types, \
             created_at, updated_at) \
         VALUES (1, 'p1', 'P', 'What?', '[]', '[]', '2026-11-29 10:00:00', '2026-11-29 10:00:00');
         INSERT INTO share_links (id, process_id, created_at, expires_at) \
         VALUES ('a-b', 1, '2026-11-29 10:00:00', '2030-01-01 00:00:00'), \
                ('a_b', 1, '2026-11-29 10:00:00', '2030-01-01 00:00:00'), \
                ('aB', 1, '2026-11-29 10:00:00', '2030-01-01 00:00:00'), \
                ('Ab', 1, '2026-11-29 10:00:00', '2030-01-01 00:00:00');
         INSERT INTO embedding_cache (model, text_hash, vector) \
         VALUES ('m-1', 'x', X'0000803F'), ('m_1', 'x', X''), ('M', 'y', X'00'), ('m', 'Y', X'01');",
    )
    .unwrap();
    // A fresh database with an ICU collation, named like the suite's so a sweep drops it.
    let server =
        test_postgres().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into());
    let name = format!("pp_test_{}_icu", std::process::id());
    let mut admin = diesel::PgConnection::establish(&server).unwrap();
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .unwrap();
    let icu = diesel::sql_query(format!(
        "CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
    ))
    .execute(&mut admin);
    if icu.is_err() {
        // A server built without ICU: its default collation still has to do.
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap();
    }
    let base = server.rsplit_once('/').unwrap().0;
    let pg = TestDatabase {
        url: format!("{base}/{name}"),
        postgres: Some((server.clone(), name)),
    };
    let out = planner(
        dir.path(),
        &["migrate-data", "--from", &sqlite, "--to", &pg.url],
    );
    assert!(out.status.success(), "{}", text(&out));
    let back = dir.path().join("back.db").to_string_lossy().to_string();
    let out = planner(
        dir.path(),
        &["migrate-data", "--from", &pg.url, "--to", &back],
    );
    assert!(out.status.success(), "{}", text(&out));
    let original = copy::checksums(&db, true).unwrap();
    let returned = copy::checksums(&planner::db::Db::open(&back, 1, 5_000).unwrap(), true).unwrap();
    // Identical but for the audit entries of the two copies (the first one's came back).
    assert_eq!(without_audit(&returned), without_audit(&original));
    assert_eq!(rows_of(&returned, "audit_log"), 2);
}
