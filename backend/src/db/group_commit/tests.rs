//! Group commit's tests: batching, failures rolled back alone, the background lane.

use diesel::{connection::SimpleConnection, sql_types::BigInt, QueryableByName, RunQueryDsl};

use super::*;
use crate::{db::SqliteWrites, with_conn};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A database in `dir` with group commit on.
fn grouped(dir: &tempfile::TempDir, durable: bool) -> crate::db::Db {
    let path = dir.path().join("g.db");
    let writes = SqliteWrites {
        durable,
        group_commit: true,
    };
    crate::db::Db::open_with(&path.to_string_lossy(), 2, 5_000, writes).unwrap()
}

/// [`grouped`], with an empty table `t` of numbers.
fn grouped_with_table(dir: &tempfile::TempDir, durable: bool) -> crate::db::Db {
    let db = grouped(dir, durable);
    db.batch_execute("CREATE TABLE t (n BIGINT NOT NULL)")
        .unwrap();
    db
}

/// The rows of `t`.
fn rows_in_t(db: &crate::db::Db) -> i64 {
    db.read_blocking_as::<_, DbError, _>(|conn| {
        Ok(with_conn!(
            conn,
            diesel::sql_query("SELECT COUNT(*) AS n FROM t").get_result::<Count>(conn)
        )?)
    })
    .unwrap()
    .n
}

/// Writes queued together share transactions; one that fails is rolled back alone and
/// answered with its own error, and every success is in the database once answered.
#[actix_web::test]
async fn a_failing_write_is_rolled_back_alone_and_the_others_commit() {
    let dir = tempfile::tempdir().unwrap();
    let db = grouped_with_table(&dir, true);
    let calls = (0..64i64).map(|n| {
        let db = db.clone();
        db_write(db, n)
    });
    let answers = futures_util::future::join_all(calls).await;
    for (n, answer) in answers.iter().enumerate() {
        assert_eq!(answer.is_ok(), n % 7 != 0, "write {n}: {answer:?}");
    }
    assert_eq!(
        rows_in_t(&db),
        (0..64).filter(|n| n % 7 != 0).count() as i64
    );
}

/// The analysis thread's writes run on the writer thread, inside its transactions: a
/// transaction of their own would hold SQLite's lock at that thread's low priority while
/// the writer sleeps in the busy handler.
#[test]
fn queued_blocking_work_runs_on_the_writer_thread() {
    let dir = tempfile::tempdir().unwrap();
    let db = grouped(&dir, false);
    let ran_on = db
        .write_queued_as::<_, DbError, _>(|_| Ok(std::thread::current().name().map(str::to_owned)))
        .unwrap();
    assert_eq!(ran_on.as_deref(), Some("sqlite-writer"));
}

/// Background pieces are answered in order, each on its own: a failing one is rolled back
/// alone.
#[test]
fn background_pieces_are_answered_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = grouped_with_table(&dir, false);
    let pieces: Vec<_> = (0..10i64)
        .map(|n| {
            move |conn: &mut DbConn| -> Result<i64, DbError> {
                with_conn!(
                    conn,
                    conn.batch_execute(&format!("INSERT INTO t VALUES ({n})"))
                )?;
                if n == 3 {
                    return Err(DbError::other("refused"));
                }
                Ok(n)
            }
        })
        .collect();
    let answers = db.write_queued_pieces_as(pieces);
    let kept: Vec<i64> = answers
        .iter()
        .filter_map(|a| a.as_ref().ok().copied())
        .collect();
    assert_eq!(kept, vec![0, 1, 2, 4, 5, 6, 7, 8, 9]);
    assert!(answers[3].is_err());
    assert_eq!(rows_in_t(&db), 9);
}

/// Work that only records that it ran.
struct Noop;
impl Job for Noop {
    fn run(self: Box<Self>, _: &mut SqliteConnection) -> Box<dyn Reply> {
        unreachable!("only batched here")
    }
    fn fail(self: Box<Self>, _: DbError) {}
}

fn noops(n: usize) -> Vec<Box<dyn Job>> {
    (0..n).map(|_| Box::new(Noop) as Box<dyn Job>).collect()
}

#[test]
fn one_background_piece_joins_requests_and_all_join_an_empty_batch() {
    let mut held_back: VecDeque<Box<dyn Job>> = noops(3).into();
    let batch = with_background(noops(2), &mut held_back);
    assert_eq!((batch.len(), held_back.len()), (3, 2));
    let batch = with_background(Vec::new(), &mut held_back);
    assert_eq!((batch.len(), held_back.len()), (2, 0));
    let mut many: VecDeque<Box<dyn Job>> = noops(MAX_BATCH + 5).into();
    assert_eq!(with_background(Vec::new(), &mut many).len(), MAX_BATCH);
}

/// Inserts `n`, then fails every seventh write after its insert (which must not stay).
async fn db_write(db: crate::db::Db, n: i64) -> Result<(), DbError> {
    db.write_as::<_, DbError, _>(move |conn| {
        with_conn!(
            conn,
            conn.batch_execute(&format!("INSERT INTO t VALUES ({n})"))
        )?;
        if n % 7 == 0 {
            return Err(DbError::other("refused"));
        }
        Ok(())
    })
    .await
}
