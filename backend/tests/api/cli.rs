//! The `planner` binary's maintenance commands, run as an operator would.

use std::process::{Command, Output};

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::*;

fn planner(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db)
        .env("PLANNER_CONFIG", db.with_extension("no-config"))
        .env("RUST_LOG", "warn")
        .current_dir(db.parent().unwrap())
        .output()
        .expect("planner runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[actix_web::test]
async fn admin_token_cli_creates_lists_and_revokes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let out = planner(&db, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = planner(&db, &["admin-token", "create", "--label", "Ops"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    let token = printed
        .split_whitespace()
        .find(|w| w.starts_with("ppa_"))
        .expect("token printed once")
        .to_owned();
    assert!(planner::security::tokens::parse(&token).is_some());
    let list = text(&planner(&db, &["admin-token", "list"]));
    assert!(
        list.contains("Ops") && list.contains("active") && !list.contains(&token),
        "{list}"
    );
    let out = planner(&db, &["admin-token", "revoke", "1"]);
    assert!(!out.status.success(), "the last active admin token stays");
    assert!(text(&out).contains("last active admin token"));
    planner(&db, &["admin-token", "create"]);
    let out = planner(&db, &["admin-token", "revoke", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&planner(&db, &["admin-token", "list"])).contains("revoked"));
}

#[actix_web::test]
async fn backup_is_consistent_refuses_to_overwrite_and_restore_brings_data_back() {
    let app = spawn_app().await;
    app.create_process("kept", json!({})).await;
    let token = app.participant("kept").await;
    app.submit(&token, "kept", "Worth keeping").await;
    let db = app.dir.path().join("planner.db");
    let backup = app.dir.path().join("backup.db");
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
