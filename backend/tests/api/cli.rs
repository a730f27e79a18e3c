//! The `planner` binary's maintenance commands, run as an operator would.

use std::process::{Command, Output};

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{output_text as text, *};

/// Runs `planner` on a SQLite file (its directory is the working directory).
fn planner(db: &std::path::Path, args: &[&str]) -> Output {
    planner_on(&db.to_string_lossy(), db.parent().unwrap(), args)
}

/// Runs `planner` with `DATABASE_URL` (a file or postgres://) from `dir`.
fn planner_on(database_url: &str, dir: &std::path::Path, args: &[&str]) -> Output {
    run_planner(dir, &[("DATABASE_URL", database_url)], args)
}

#[actix_web::test]
async fn admin_token_cli_creates_lists_and_revokes() {
    let dir = tempfile::tempdir().unwrap();
    // On the suite's backend: a SQLite file, or a fresh PostgreSQL database.
    let database = TestDatabase::fresh(&dir);
    let planner = |args: &[&str]| planner_on(&database.url, dir.path(), args);
    let out = planner(&["migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = planner(&["admin-token", "create", "--label", "Ops"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    let token = printed
        .split_whitespace()
        .find(|w| w.starts_with("ppa_"))
        .expect("token printed once")
        .to_owned();
    assert!(planner::security::tokens::parse(&token).is_some());
    let list = text(&planner(&["admin-token", "list"]));
    assert!(
        list.contains("Ops") && list.contains("active") && !list.contains(&token),
        "{list}"
    );
    let out = planner(&["admin-token", "revoke", "1"]);
    assert!(!out.status.success(), "the last active admin token stays");
    assert!(text(&out).contains("last active admin token"));
    planner(&["admin-token", "create"]);
    let out = planner(&["admin-token", "revoke", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&planner(&["admin-token", "list"])).contains("revoked"));
    // Change: the role and scope stated in full; a process role needs processes.
    let out = planner(&["admin-token", "change", "2", "--role", "moderator"]);
    assert!(!out.status.success(), "{}", text(&out));
    let out = planner(&[
        "admin-token",
        "change",
        "2",
        "--role",
        "owner",
        "--read-only",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&planner(&["admin-token", "list"])).contains("[read-only]"));
    let out = planner(&["admin-token", "reset-totp", "2"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!planner(&["admin-token", "reset-totp", "999"])
        .status
        .success());
}

#[actix_web::test]
async fn backup_is_consistent_refuses_to_overwrite_and_restore_brings_data_back() {
    let app = spawn_app().await;
    app.create_process("kept", json!({})).await;
    let token = app.participant("kept").await;
    app.submit(&token, "kept", "Worth keeping").await;
    let backup = app.dir.path().join("backup.db");
    if app.on_postgres() {
        // PostgreSQL has its own backup tools; the command says so instead of half-working.
        let out = planner_on(
            &app.database_url,
            app.dir.path(),
            &["backup", backup.to_str().unwrap()],
        );
        assert!(
            !out.status.success() && text(&out).contains("pg_dump"),
            "{}",
            text(&out)
        );
        assert!(!backup.exists());
        return;
    }
    let db = app.dir.path().join("planner.db");
    // Online backup while the server runs.
    let out = planner(&db, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let out = planner(&db, &["backup", backup.to_str().unwrap()]);
    assert!(
        !out.status.success() && text(&out).contains("exists"),
        "never overwrites"
    );
    // The backup is a complete database on its own.
    let copy = app.dir.path().join("copy.db");
    let out = planner(&copy, &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let rows: i64 = {
        use diesel::{prelude::*, Connection};
        let mut conn = diesel::SqliteConnection::establish(copy.to_str().unwrap()).unwrap();
        planner::db::schema::submissions::table
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(rows, 1);
    let page: Value = app
        .admin(Method::GET, "/api/v1/admin/audit?action=backup.create")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
}

#[actix_web::test]
async fn restore_refuses_a_damaged_file_and_keeps_the_previous_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    assert!(planner(&db, &["migrate"]).status.success());
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just bytes").unwrap();
    let out = planner(&db, &["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("integrity"), "{}", text(&out));
    assert!(db.exists(), "the live database is untouched");
    // A good restore keeps the old file beside it.
    let backup = dir.path().join("good.db");
    assert!(planner(&db, &["backup", backup.to_str().unwrap()])
        .status
        .success());
    let out = planner(&db, &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("before-restore"));
    assert!(kept);
}

#[actix_web::test]
async fn production_refuses_to_start_without_a_real_secret_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_planner"))
        .arg("serve")
        .env_clear()
        .env("APP_ENV", "production")
        .env("ALLOWED_ORIGINS", "https://plan.example.org")
        .env(
            "SECRET_KEY",
            "replace-with-64-hex-characters-from-openssl-rand-hex-32",
        )
        .env("DATABASE_URL", dir.path().join("p.db"))
        .env("PLANNER_CONFIG", dir.path().join("none"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("SECRET_KEY"), "{}", text(&out));
}

fn healthcheck(db: std::path::PathBuf, bind: String) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .arg("healthcheck")
        .env_clear()
        .env("DATABASE_URL", &db)
        .env("BIND_ADDR", bind)
        .env("PLANNER_CONFIG", db.with_extension("none"))
        .output()
        .unwrap()
}

#[actix_web::test]
async fn healthcheck_command_reports_a_running_server() {
    let app = spawn_app().await;
    let port = app.base.rsplit(':').next().unwrap().to_owned();
    let db = app.dir.path().join("planner.db");
    // The check runs as a blocking child process; the server keeps answering meanwhile.
    let up = actix_web::web::block({
        let db = db.clone();
        move || healthcheck(db, format!("0.0.0.0:{port}"))
    })
    .await
    .unwrap();
    assert!(up.status.success(), "{}", text(&up));
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = actix_web::web::block(move || healthcheck(db, format!("127.0.0.1:{closed}")))
        .await
        .unwrap();
    assert!(!down.status.success());
}

fn analysis_cli(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MODEL_DIR", dir.path().join("no-model"))
        .env("PLANNER_CONFIG", dir.path().join("none"))
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[actix_web::test]
async fn eval_prints_one_json_object_in_the_documented_shape() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../analysis/data/eval_holdout.tsv"
    );
    let train = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../analysis/data/train_corrections.tsv"
    );
    for args in [
        vec!["eval", "--data", data],
        vec!["eval", "--train", train, "--data", data],
    ] {
        let out = analysis_cli(&args, None);
        assert!(out.status.success(), "{}", text(&out));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            stdout.trim().lines().count(),
            1,
            "one JSON object: {stdout}"
        );
        let v: Value = serde_json::from_str(stdout.trim()).unwrap();
        assert_eq!(v["engine"], "lexical");
        assert_eq!(v["n"], 150);
        let acc = v["accuracy"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&acc) && v["macro_f1"].is_number());
        let per = v["per_category"].as_object().unwrap();
        assert_eq!(per.len(), 6);
        for key in [
            "vision",
            "problem",
            "objective",
            "directive",
            "value",
            "action",
        ] {
            let c = &per[key];
            assert!(c["precision"].is_number() && c["recall"].is_number() && c["f1"].is_number());
            assert_eq!(c["support"], 25);
        }
    }
}

#[actix_web::test]
async fn eval_takes_the_language_of_its_data_and_refuses_an_unknown_one() {
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../analysis/data/eval_holdout_es.tsv"
    );
    let out = analysis_cli(&["eval", "--language", "es", "--data", data], None);
    assert!(out.status.success(), "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["language"].clone(), v["n"].clone()),
        (json!("es"), json!(150))
    );
    let out = analysis_cli(&["eval", "--language", "xx", "--data", data], None);
    assert!(!out.status.success());
    assert!(text(&out).contains("--language"), "{}", text(&out));
}

#[actix_web::test]
async fn eval_without_data_reports_every_language_and_the_segmenter() {
    let out = analysis_cli(&["eval"], None);
    assert!(out.status.success(), "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for language in ["en", "es"] {
        let l = &v["languages"][language];
        assert_eq!(l["n"], 150, "{v}");
        assert!(l["accuracy"].is_number() && l["macro_f1"].is_number());
        assert_eq!(l["per_category"].as_object().unwrap().len(), 6);
    }
    for set in ["dev", "held_out", "fresh"] {
        let s = &v["segmentation"][set];
        assert!(s["n"].as_u64().unwrap() >= 150, "{v}");
        let exactness = s["exactness"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&exactness));
        assert!(s["per_language"]["es"]["n"].as_u64().unwrap() > 0);
    }
    for language in ["en", "es"] {
        let d = &v["duplicates"][language];
        // Run without the model files: the lexical comparison only.
        assert_eq!(v["engine"], "lexical");
        assert!(d["embedding"].is_null(), "{v}");
        assert_eq!(d["lexical"]["n"], 30, "{v}");
        let auc = d["lexical"]["auc"].as_f64().unwrap();
        assert!((0.5..=1.0).contains(&auc), "{v}");
    }
}

#[actix_web::test]
async fn eval_refuses_a_malformed_file_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "# comment\nvision\tA good one.\nno tab here\n").unwrap();
    let out = analysis_cli(&["eval", "--data", bad.to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(text(&out).contains("line 3"), "{}", text(&out));
}

#[actix_web::test]
async fn segment_prints_one_sentence_per_line() {
    let out = analysis_cli(&["segment"], Some("Dr. Smith lives on Main St. near the park. Buses stop at 9.30 p.m. every night!\n\n- Add a night bus\n- Light the underpass"));
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "Dr. Smith lives on Main St. near the park.",
            "Buses stop at 9.30 p.m. every night!",
            "Add a night bus",
            "Light the underpass"
        ]
    );
}

#[actix_web::test]
async fn demo_creates_an_analysed_process_with_about_a_hundred_submissions() {
    use diesel::{prelude::*, Connection};
    use planner::db::schema::submissions::dsl as s;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_planner"))
            .arg("demo")
            .env_clear()
            .env("DATABASE_URL", &db)
            .env("MODEL_DIR", dir.path().join("no-model"))
            .env("PLANNER_CONFIG", dir.path().join("none"))
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("demo-riverfront"));
    let mut conn = diesel::SqliteConnection::establish(db.to_str().unwrap()).unwrap();
    let total: i64 = s::submissions.count().get_result(&mut conn).unwrap();
    let analysed: i64 = s::submissions
        .filter(s::analysed_at.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    let located: i64 = s::submissions
        .filter(s::lat.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    let kinds: Vec<String> = s::submissions
        .select(s::contributor_type)
        .distinct()
        .load(&mut conn)
        .unwrap();
    let categories: Vec<Option<String>> = s::submissions
        .select(s::primary_category)
        .distinct()
        .load(&mut conn)
        .unwrap();
    assert!((90..=110).contains(&total), "{total}");
    assert_eq!(analysed, total, "every demo submission is analysed");
    assert!(located > 20 && located < total);
    assert!(kinds.len() >= 4, "{kinds:?}");
    assert!(categories.len() >= 4, "{categories:?}");
    let again = run();
    assert!(
        !again.status.success(),
        "a second demo does not overwrite the first"
    );
}

/// One-shot commands on PostgreSQL over TLS exit cleanly. libpq's OpenSSL clean-up at exit
/// used to crash about one run in four while a pool thread still held a connection, so a
/// command that had done its work still failed with SIGSEGV.
#[actix_web::test]
async fn commands_on_postgres_exit_cleanly_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::fresh_postgres(&dir);
    let base = database.url.split('?').next().unwrap();
    let url = format!("{base}?sslmode=prefer");
    let runs: Vec<_> = (0..20)
        .map(|_| planner_on(&url, dir.path(), &["admin-token", "list"]))
        .collect();
    for out in &runs {
        assert!(out.status.success(), "{:?}: {}", out.status, text(out));
    }
}
