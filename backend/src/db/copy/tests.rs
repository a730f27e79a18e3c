//! Unit tests of the copy: checksums, timestamps cut to microseconds, forward references,
//! and whole copies between SQLite files (sessions, rollback, refusals, progress).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::table_copy::{report, Summer};
use super::tables::{CopyTable, EmbeddingCache, Micros, Submissions};
use super::*;
use crate::db::{
    analysis::EmbeddingRow, schema::submissions, submissions::SubmissionRow, Db, DbConn,
};
use crate::domain::{vocab::SubmissionStatus, ProcessId, SubmissionId, ThemeId, TokenId};

fn ts(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
}

fn submission(id: i64, duplicate_of: Option<i64>) -> SubmissionRow {
    SubmissionRow {
        id: SubmissionId(id),
        process_id: ProcessId(1),
        token_id: TokenId(2),
        contributor_type: "community".into(),
        text: "Plazas, \"shade\" and benches;\nlíneas nuevas".into(),
        lat: Some(40.4168),
        lng: Some(-3.7038),
        status: SubmissionStatus::Visible,
        moderation_reason: None,
        entered_by_admin: false,
        created_at: ts("2026-11-29 10:00:00.123456"),
        updated_at: ts("2026-11-29 10:00:00.123456"),
        analysed_at: None,
        primary_category: Some("vision".into()),
        min_confidence: Some(0.1 + 0.2),
        duplicate_of: duplicate_of.map(SubmissionId),
        support_count: 0,
    }
}

fn sum_of<T: CopyTable>(rows: &[T::Row]) -> TableSum {
    let mut sum = Summer::new();
    for row in rows {
        sum.add::<T>(row);
    }
    sum.finish(T::NAME)
}

#[test]
fn checksums_depend_on_every_value_and_the_order_only() {
    let rows = [submission(1, None), submission(2, Some(1))];
    let a = sum_of::<Submissions>(&rows);
    assert_eq!(a, sum_of::<Submissions>(&rows.clone()), "stable");
    assert_eq!(a.rows, 2);
    assert_eq!(a.sha256.len(), 64);
    let mut changed = rows.clone();
    changed[1].min_confidence = Some(0.3);
    assert_ne!(a, sum_of::<Submissions>(&changed), "0.1 + 0.2 is not 0.3");
    let mut later = rows.clone();
    later[0].updated_at += chrono::Duration::microseconds(1);
    assert_ne!(a, sum_of::<Submissions>(&later), "a microsecond counts");
    let swapped = [rows[1].clone(), rows[0].clone()];
    assert_ne!(a, sum_of::<Submissions>(&swapped), "key order counts");
    // One line per row: a newline inside a value is escaped, so rows cannot run together.
    let mut buf = Vec::new();
    Submissions::digest(&rows[0], &mut buf);
    assert!(rows[0].text.contains('\n'));
    assert_eq!(buf.iter().filter(|&&b| b == b'\n').count(), 1);
    assert_eq!(buf.last(), Some(&b'\n'));
    // An empty table hashes to the SHA-256 of nothing.
    assert_eq!(
        sum_of::<Submissions>(&[]).sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn embedding_vectors_are_hashed_as_bytes() {
    let row = |vector: Vec<u8>| EmbeddingRow {
        model: "all-MiniLM-L6-v2".into(),
        text_hash: "ab".into(),
        vector,
    };
    let mut buf = Vec::new();
    EmbeddingCache::digest(&row(vec![0, 0, 128, 63]), &mut buf);
    assert!(buf.ends_with(&[0, 0, 128, 63]));
    assert_ne!(
        sum_of::<EmbeddingCache>(&[row(vec![0, 0, 128, 63])]),
        sum_of::<EmbeddingCache>(&[row(vec![0, 0, 128, 191])])
    );
}

#[test]
fn timestamps_are_cut_to_microseconds_and_reported() {
    let mut t = ts("2026-11-29 10:00:00.123456789");
    assert!(t.to_micros());
    assert_eq!(t, ts("2026-11-29 10:00:00.123456"));
    assert!(!t.to_micros(), "already whole microseconds");
    let mut none: Option<NaiveDateTime> = None;
    assert!(!none.to_micros());
    let mut row = submission(1, None);
    row.analysed_at = Some(ts("2026-11-29 10:00:01.000000001"));
    assert!(Submissions::normalise(&mut row));
    assert_eq!(row.analysed_at, Some(ts("2026-11-29 10:00:01")));
    assert!(!Submissions::normalise(&mut row));
}

#[test]
fn only_forward_self_references_are_detached() {
    let mut back = submission(5, Some(3));
    assert_eq!(Submissions::detach(&mut back), None);
    assert_eq!(back.duplicate_of, Some(SubmissionId(3)));
    let mut forward = submission(5, Some(9));
    assert_eq!(Submissions::detach(&mut forward), Some((5, 9)));
    assert_eq!(forward.duplicate_of, None);
}

/// A small installation in a SQLite file, written with raw SQL so it can hold what the
/// API would not write (a forward duplicate link, sub-microsecond timestamps, a deleted
/// newest row, text keys whose order depends on the collation).
fn seeded(dir: &tempfile::TempDir) -> Db {
    let db = Db::open(&dir.path().join("source.db").to_string_lossy(), 2, 5_000).unwrap();
    db.batch_execute(
        "INSERT INTO processes (id, slug, title, prompt, categories, contributor_types, \
             created_at, updated_at, map_lat, map_lng, map_zoom) \
         VALUES (1, 'p1', 'P', 'What?', '[]', '[]', '2026-11-29 10:00:00', \
             '2026-11-29 10:00:00.5', 40.4, -3.7, 12);
         INSERT INTO tokens (id, kind, token_hash, hint, source, created_at, role) \
         VALUES (1, 'admin', 'h1', 'ppa_', 'environment', '2026-11-29 10:00:00', 'owner');
         INSERT INTO tokens (id, kind, token_hash, hint, source, process_id, \
             contributor_type, created_at, created_by, revoked_at) \
         VALUES (2, 'participant', 'h2', 'ppp_', 'admin', 1, 'community', \
             '2026-11-29 10:00:00.123456789', 1, '2026-11-29 11:00:00');
         INSERT INTO sessions (key_hash, token_id, state, created_at, expires_at) \
         VALUES ('b', 2, '{}', '2026-11-29 10:00:00', '2026-11-30 10:00:00'), \
                ('B', NULL, '{}', '2026-11-29 10:00:00', '2026-11-30 10:00:00');
         INSERT INTO submissions (id, process_id, token_id, contributor_type, text, \
             created_at, updated_at, duplicate_of) \
         VALUES (1, 1, 2, 'community', 'first', '2026-11-29 10:00:00', \
             '2026-11-29 10:00:00', NULL), \
                (2, 1, 2, 'community', 'second', '2026-11-29 10:00:01', \
             '2026-11-29 10:00:01', NULL), \
                (3, 1, 2, 'community', 'gone', '2026-11-29 10:00:02', \
             '2026-11-29 10:00:02', NULL);
         UPDATE submissions SET duplicate_of = 2 WHERE id = 1;
         INSERT INTO submission_supports (submission_id, token_id, created_at) \
         VALUES (2, 1, '2026-11-29 10:00:03.25'), (3, 1, '2026-11-29 10:00:03');
         DELETE FROM submissions WHERE id = 3;
         INSERT INTO submission_reports (submission_id, token_id, reason, created_at) \
         VALUES (2, 2, 'Names a neighbour', '2026-11-29 10:00:03'), \
                (1, 2, NULL, '2026-11-29 10:00:04');
         INSERT INTO sentences (id, submission_id, position, text, start_offset, \
             end_offset, category, confidence, source) \
         VALUES (1, 1, 0, 'first', 0, 5, 'vision', 0.30000000000000004, 'model');
         INSERT INTO themes (id, process_id, position, label, terms, size, category_mix, \
             representatives, seed, created_at, members_known) \
         VALUES (1, 1, 0, 'first', '[\"first\"]', 1, '{}', '[]', 7, '2026-11-29 10:00:05', 1), \
                (2, 1, 1, 'older', '[]', 0, '{}', '[]', 7, '2026-11-29 10:00:05', 0);
         INSERT INTO theme_members (theme_id, submission_id) VALUES (1, 2), (1, 1);
         INSERT INTO training_examples (process_id, sentence_id, text, category, kind, \
             group_key, created_at) \
         VALUES (1, 1, 'first', 'problem', 'correction', 'g', '2026-11-29 10:00:00');
         INSERT INTO share_links (id, process_id, created_at, expires_at) \
         VALUES ('a-b', 1, '2026-11-29 10:00:00', '2026-12-29 10:00:00'), \
                ('a_b', 1, '2026-11-29 10:00:00', '2026-12-29 10:00:00'), \
                ('aB', 1, '2026-11-29 10:00:00', '2026-12-29 10:00:00');
         INSERT INTO embedding_cache (model, text_hash, vector) \
         VALUES ('m-1', 'x', X'0000803F'), ('m_1', 'x', X''), ('M', 'y', X'00');
         INSERT INTO audit_log (at, action) VALUES ('2026-11-29 10:00:00', 'demo.create');",
    )
    .unwrap();
    // The stored support counts, as the server's writes would have left them.
    db.batch_execute(&format!(
        "UPDATE submissions SET support_count = {}",
        crate::db::supports::COUNT_SQL
    ))
    .unwrap();
    db
}

fn no_progress() -> impl FnMut(Progress) {
    |_| {}
}

#[test]
fn a_sqlite_installation_copies_whole_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let source = seeded(&dir);
    let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
    let options = Options {
        with_sessions: true,
        force: false,
    };
    let outcome = migrate(
        &source,
        &target,
        &options,
        &mut no_progress(),
        |_, _| Ok(()),
    )
    .expect("copies");
    assert_eq!(outcome.tables.len(), TABLES.len());
    assert_eq!(outcome.normalised, vec![("tokens", 1)]);
    assert_eq!(checksums(&target, true).unwrap(), outcome.tables);
    let rows = |t: &str| outcome.tables.iter().find(|s| s.table == t).unwrap().rows;
    assert_eq!(
        (
            rows("submissions"),
            rows("sessions"),
            rows("share_links"),
            rows("embedding_cache"),
            rows("submission_reports"),
            rows("submission_supports"),
            rows("theme_members")
        ),
        (2, 2, 3, 3, 2, 1, 2)
    );
    let mut conn = target.conn().unwrap();
    let conn = &mut conn.as_db();
    let dup = super::super::submissions::by_id(conn, SubmissionId(1))
        .unwrap()
        .unwrap();
    assert_eq!(
        dup.duplicate_of,
        Some(SubmissionId(2)),
        "forward link restored"
    );
    let original = super::super::submissions::by_id(conn, SubmissionId(2))
        .unwrap()
        .unwrap();
    assert_eq!(
        (dup.support_count, original.support_count),
        (0, 1),
        "stored support counts carried"
    );
    // Themes keep their members, and whether they are known.
    assert_eq!(
        super::super::theme_members::submissions_of(conn, ThemeId(1), false).unwrap(),
        [SubmissionId(1), SubmissionId(2)]
    );
    let known: Vec<bool> = super::super::themes::for_process(conn, ProcessId(1))
        .unwrap()
        .iter()
        .map(|t| t.members_known)
        .collect();
    assert_eq!(known, [true, false]);
    // The next submission continues after the deleted one, as it would have on the source.
    let DbConn::Sqlite(c) = conn else {
        unreachable!()
    };
    diesel::sql_query(
        "INSERT INTO submissions (process_id, token_id, contributor_type, text, created_at, \
         updated_at) VALUES (1, 2, 'community', 'new', '2026-11-29 12:00:00', \
         '2026-11-29 12:00:00')",
    )
    .execute(*c)
    .unwrap();
    let newest: i64 = submissions::table
        .select(diesel::dsl::max(submissions::id))
        .first::<Option<i64>>(*c)
        .unwrap()
        .unwrap();
    assert_eq!(newest, 4);
}

#[test]
fn sessions_stay_behind_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let source = seeded(&dir);
    let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
    let outcome = migrate(
        &source,
        &target,
        &Options::default(),
        &mut no_progress(),
        |_, _| Ok(()),
    )
    .unwrap();
    assert!(!outcome.sessions_copied);
    assert!(outcome.tables.iter().all(|t| t.table != "sessions"));
    let sessions = checksums(&target, true).unwrap();
    assert_eq!(
        sessions
            .iter()
            .find(|t| t.table == "sessions")
            .unwrap()
            .rows,
        0
    );
}

#[test]
fn a_failure_after_the_copy_leaves_the_target_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let source = seeded(&dir);
    let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
    let before = checksums(&target, true).unwrap();
    let err = migrate(
        &source,
        &target,
        &Options::default(),
        &mut no_progress(),
        |_, _| Err(diesel::result::Error::RollbackTransaction),
    )
    .unwrap_err();
    assert!(matches!(err, CopyError::Db(_)), "{err}");
    assert_eq!(checksums(&target, true).unwrap(), before);
    assert!(before.iter().all(|t| t.rows == 0));
}

#[test]
fn a_non_empty_target_is_refused_and_force_is_postgresql_only() {
    let dir = tempfile::tempdir().unwrap();
    let source = seeded(&dir);
    let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
    target
        .batch_execute(
            "INSERT INTO audit_log (at, action) VALUES ('2026-11-29 10:00:00', 'backup.create')",
        )
        .unwrap();
    let before = checksums(&target, true).unwrap();
    let err = migrate(
        &source,
        &target,
        &Options::default(),
        &mut no_progress(),
        |_, _| Ok(()),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("not empty (audit_log 1 rows)")
            && err.to_string().contains("new database file"),
        "{err}"
    );
    let force = Options {
        force: true,
        ..Options::default()
    };
    let err = migrate(&source, &target, &force, &mut no_progress(), |_, _| Ok(())).unwrap_err();
    assert!(matches!(err, CopyError::ForceOnSqlite), "{err}");
    assert_eq!(checksums(&target, true).unwrap(), before);
}

#[test]
fn progress_is_reported_every_ten_thousand_rows() {
    let mut seen = Vec::new();
    let mut progress = |p: Progress| seen.push((p.table, p.done));
    for (before, done) in [
        (0, 500),
        (9_500, 10_000),
        (10_000, 10_500),
        (19_800, 20_100),
    ] {
        report(
            &mut progress,
            Stage::Copy,
            "submissions",
            before,
            done,
            20_100,
        );
    }
    assert_eq!(seen, vec![("submissions", 10_000), ("submissions", 20_100)]);
}
