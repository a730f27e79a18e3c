//! Backups an operator trusts: the schedule writes, rotates and reports its backups; and a
//! restore drill backs up under write load, restores into a new directory and checks the copy
//! against the live database as it was at the backup's moment, then serves from it.

use std::{
    collections::BTreeSet,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use planner::config::BackupSchedule;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{output_text as text, *};

fn backups_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("planner-") && n.ends_with(".db"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[actix_web::test]
async fn scheduled_backups_rotate_and_report_in_metrics_and_stats() {
    let backups = tempfile::tempdir().unwrap();
    let dir = backups.path().join("nightly");
    let plan_dir = dir.clone();
    let app = spawn_app_with(move |s| {
        s.backup = Some(BackupSchedule {
            every: Duration::from_secs(1),
            dir: plan_dir,
            keep: 2,
        })
    })
    .await;
    app.create_process("kept", json!({})).await;
    let before = admin_json(&app, "/api/v1/admin/stats").await;
    assert_eq!(before["backups"]["enabled"], true);
    assert_eq!(before["backups"]["interval_seconds"], 1);
    // Three successes at least, so one rotation happened.
    let mut seen = BTreeSet::new();
    let started = Instant::now();
    let stats = loop {
        let stats = admin_json(&app, "/api/v1/admin/stats").await;
        if let Some(at) = stats["backups"]["last_success_at"].as_str() {
            seen.insert(at.to_owned());
        }
        if seen.len() >= 3 {
            break stats;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{stats}");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    };
    let b = &stats["backups"];
    assert_eq!(b["failures"], 0, "{b}");
    let last = std::path::PathBuf::from(b["last_file"].as_str().unwrap());
    assert!(
        last.is_file() && b["last_bytes"].as_u64().unwrap() > 0,
        "{b}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&last).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "backups are readable by their owner only"
        );
    }
    let kept = backups_in(&dir);
    assert!(kept.len() <= 2, "BACKUP_KEEP=2 but {kept:?}");
    // The copy is a working database with the data in it.
    planner::db::integrity_check(&last).expect("a sound SQLite database");
    let metrics = app
        .anon(Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stamp = metrics
        .lines()
        .find_map(|l| l.strip_prefix("planner_backup_last_success_timestamp_seconds "))
        .expect("last success in /metrics");
    assert!(stamp.parse::<f64>().unwrap() > 1.7e9, "{stamp}");
    assert!(metrics.contains("planner_backup_failures_total 0"));
    assert!(metrics.contains("planner_backup_enabled 1"));
}

#[actix_web::test]
async fn a_failing_backup_is_counted_and_reported() {
    let blocker = tempfile::tempdir().unwrap();
    let file = blocker.path().join("not-a-directory");
    std::fs::write(&file, b"x").unwrap();
    let dir = file.join("backups");
    let app = spawn_app_with(move |s| {
        s.backup = Some(BackupSchedule {
            every: Duration::from_secs(1),
            dir,
            keep: 3,
        })
    })
    .await;
    let stats = eventually(&app, "/api/v1/admin/stats", |v| {
        v["backups"]["failures"].as_u64().unwrap_or(0) >= 1
    })
    .await;
    assert!(stats["backups"]["last_success_at"].is_null(), "{stats}");
    assert!(stats["backups"]["last_failure_at"].is_string(), "{stats}");
    let metrics = app
        .anon(Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("planner_backup_last_success_timestamp_seconds 0"));
    assert!(!metrics.contains("planner_backup_consecutive_failures 0"));
}

/// The columns a submission is written with (analysis and moderation change the others).
type Row = (
    i64,
    i64,
    i64,
    String,
    String,
    Option<f64>,
    Option<f64>,
    chrono::NaiveDateTime,
);

fn submissions(db: &planner::db::Db) -> Vec<Row> {
    use diesel::prelude::*;
    use planner::db::schema::submissions::dsl as s;
    let mut pooled = db.conn().expect("connection");
    let conn = &mut pooled.as_db();
    planner::with_conn!(
        conn,
        s::submissions
            .select((
                s::id,
                s::process_id,
                s::token_id,
                s::contributor_type,
                s::text,
                s::lat,
                s::lng,
                s::created_at,
            ))
            .order(s::id)
            .load::<Row>(conn)
    )
    .expect("submissions")
}

fn checksum(rows: &[&Row]) -> String {
    let mut h = Sha256::new();
    for r in rows {
        h.update(format!("{r:?}\n"));
    }
    hex::encode(h.finalize())
}

/// The backup's moment is the snapshot the backup read. Submission ids are handed out in
/// order, so the backup holds the live rows up to its highest id, except rows whose write was
/// still in flight while the backup ran (possible on PostgreSQL, whose ids may commit out of
/// order; never on SQLite, whose writes are serialised). Every write acknowledged before the
/// backup began must be in it; no row may be in it that the live database does not have; the
/// rows it holds must be identical (count and checksum) to the live ones.
#[actix_web::test]
async fn restore_drill_backs_up_under_write_load_and_serves_the_restored_copy() {
    let app = spawn_app_with(|s| {
        s.limits.submissions_per_hour = 1_000_000;
        s.limits.token_per_hour = 1_000_000;
    })
    .await;
    app.create_process("drill", json!({})).await;
    let tokens = app.issue_tokens("drill", 4, "community").await;
    let stop = Arc::new(AtomicBool::new(false));
    // (id, acknowledged at)
    let acked: Arc<Mutex<Vec<(i64, Instant)>>> = Arc::default();
    let mut writers = Vec::new();
    for (w, token) in tokens.iter().enumerate() {
        let (stop, acked, token) = (stop.clone(), acked.clone(), token.clone());
        let url = app.url("/api/v1/processes/drill/submissions");
        let http = reqwest::Client::new();
        writers.push(actix_web::rt::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let resp = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "text": format!("Drill writer {w}, submission {n}: more benches by the river.") }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(resp.status(), StatusCode::CREATED);
                let body: Value = resp.json().await.unwrap();
                acked
                    .lock()
                    .unwrap()
                    .push((body["id"].as_i64().unwrap(), Instant::now()));
            }
        }));
    }
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
    let backups = tempfile::tempdir().unwrap();
    let plan = BackupSchedule {
        every: Duration::from_secs(3600),
        dir: backups.path().to_owned(),
        keep: 3,
    };
    let db = app.db();
    let began = Instant::now();
    let file = actix_web::web::block(move || planner::backup::run_once(&db, &plan))
        .await
        .unwrap()
        .expect("backup under load");
    let writes_during = acked
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, at)| *at > began)
        .count();
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let before: BTreeSet<i64> = acked
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| *id)
        .collect();
    assert!(before.len() >= 20, "too little load: {}", before.len());

    // Restore into a new directory, as an operator would.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = restored_dir.path().join("planner.db");
    let out = run_planner(
        restored_dir.path(),
        &[("DATABASE_URL", restored.to_str().unwrap())],
        &["restore", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let restored_db = planner::db::Db::open(restored.to_str().unwrap(), 2, 5_000).unwrap();

    let copy = submissions(&restored_db);
    let live = submissions(&app.db());
    let in_copy: BTreeSet<i64> = copy.iter().map(|r| r.0).collect();
    let max = *in_copy.iter().max().unwrap();
    assert!(
        before.is_subset(&in_copy),
        "an acknowledged write is missing"
    );
    let live_ids: BTreeSet<i64> = live.iter().map(|r| r.0).collect();
    assert!(in_copy.is_subset(&live_ids), "the copy invented rows");
    let in_flight: BTreeSet<i64> = acked
        .iter()
        .filter(|(_, at)| *at >= began)
        .map(|(id, _)| *id)
        .collect();
    let missing: Vec<i64> = live_ids
        .iter()
        .filter(|id| **id <= max && !in_copy.contains(id))
        .copied()
        .collect();
    assert!(
        missing.iter().all(|id| in_flight.contains(id)),
        "rows before the backup's moment are missing: {missing:?}"
    );
    if !app.on_postgres() {
        assert!(
            missing.is_empty(),
            "SQLite writes are serialised: {missing:?}"
        );
    }
    let live_at_moment: Vec<&Row> = live.iter().filter(|r| in_copy.contains(&r.0)).collect();
    let copy_rows: Vec<&Row> = copy.iter().collect();
    assert_eq!(copy_rows.len(), live_at_moment.len());
    assert_eq!(checksum(&copy_rows), checksum(&live_at_moment));
    eprintln!(
        "drill: {} rows in the backup, {} acknowledged before it began, {writes_during} during it, {} after its highest id",
        copy.len(),
        before.len(),
        live_ids.iter().filter(|id| **id > max).count()
    );
    // The other tables the load does not write: whole-table checksums.
    let sums = |db: &planner::db::Db| {
        planner::db::copy::checksums(db, false)
            .unwrap()
            .into_iter()
            .filter(|t| ["processes", "share_links", "training_examples"].contains(&t.table))
            .collect::<Vec<_>>()
    };
    assert_eq!(sums(&restored_db), sums(&app.db()));
    drop(restored_db);

    // A server on the restored database serves the data back.
    let admin = app.admin_token.clone();
    let server = spawn_app_on(
        restored_dir,
        Arc::new(TestDatabase {
            url: restored.to_string_lossy().into(),
            postgres: None,
        }),
        move |s| s.admin_token = Some(planner::config::Secret::new(admin)),
    )
    .await;
    let page = admin_json(&server, "/api/v1/processes/drill/submissions?limit=1").await;
    assert_eq!(page["total"], copy.len() as i64, "{page}");
    for row in [
        copy.first().unwrap(),
        copy.last().unwrap(),
        &copy[copy.len() / 2],
    ] {
        let got = admin_json(&server, &format!("/api/v1/submissions/{}", row.0)).await;
        assert_eq!(got["text"], row.4, "{got}");
    }
    let audit = server.audit("backup.restore").await;
    assert_eq!(audit.len(), 1, "the restore is in the restored audit log");
}
