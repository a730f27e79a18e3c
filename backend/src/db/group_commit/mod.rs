//! Group commit on SQLite: one writer thread owns one connection and runs the write work that
//! arrives together in a single transaction, so N concurrent requests pay for one commit (and,
//! in durable mode, one fsync) instead of N, and never queue on SQLite's lock against each
//! other.
//!
//! Each piece of work runs in its own savepoint, so one that fails is rolled back alone and
//! answered with its own error while the others commit. No caller hears back before the
//! transaction holding its work has committed: acknowledged means on disk (as far as the
//! `synchronous` setting makes it so).
//!
//! Requests come first: background work (the analysis thread's) waits in a lane of its own
//! and joins a batch of requests one piece at a time, so a request never waits for more than
//! one piece of it; with no request waiting, the held-back pieces share one transaction.

use std::{
    collections::VecDeque,
    panic::{catch_unwind, AssertUnwindSafe},
    sync::mpsc,
};

use diesel::{
    connection::{AnsiTransactionManager, TransactionManager},
    result::{DatabaseErrorKind, Error as DieselError},
    SqliteConnection,
};
use tokio::sync::oneshot;

use super::{
    conn::{in_savepoint, DbConn},
    error::DbError,
};

/// At most this many pieces of work share one transaction: a bound on how long the first of
/// them waits for the commit.
const MAX_BATCH: usize = 128;
/// Pieces of background work that join a batch holding requests.
const BACKGROUND_WITH_REQUESTS: usize = 1;

/// Who waits for a piece of work: a request, or the analysis thread (which can wait).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lane {
    Request,
    Background,
}

/// Work waiting for the writer thread, with the type of its answer erased.
trait Job: Send {
    /// Runs the work in a savepoint of the open transaction and keeps its result, to be sent
    /// once the transaction's fate is known.
    fn run(self: Box<Self>, conn: &mut SqliteConnection) -> Box<dyn Reply>;
    /// The transaction could not start: answer without running.
    fn fail(self: Box<Self>, err: DbError);
}

/// A result held back until the commit.
trait Reply: Send {
    /// `committed` is the commit's outcome; a failed commit turns a success into that error.
    fn send(self: Box<Self>, committed: Result<(), DbError>);
}

/// Where a caller waits for its result: a future (requests) or a blocked thread (analysis).
/// Sending never fails loudly: a caller that has gone (request cancelled) still had its work
/// committed.
type Answer<T, E> = Box<dyn FnOnce(Result<T, E>) + Send>;

struct Pending<T, E, F> {
    work: F,
    answer: Answer<T, E>,
}

struct Held<T, E> {
    result: Result<T, E>,
    answer: Answer<T, E>,
}

impl<T, E, F> Job for Pending<T, E, F>
where
    T: Send + 'static,
    E: From<DbError> + From<DieselError> + Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
{
    fn run(self: Box<Self>, conn: &mut SqliteConnection) -> Box<dyn Reply> {
        let Pending { work, answer } = *self;
        let result = in_savepoint(&mut DbConn::Sqlite(conn), work);
        Box::new(Held { result, answer })
    }

    fn fail(self: Box<Self>, err: DbError) {
        (self.answer)(Err(E::from(err)));
    }
}

impl<T: Send + 'static, E: From<DbError> + Send + 'static> Reply for Held<T, E> {
    fn send(self: Box<Self>, committed: Result<(), DbError>) {
        let result = match (self.result, committed) {
            (Err(own), _) => Err(own),
            (Ok(_), Err(err)) => Err(E::from(err)),
            (Ok(value), Ok(())) => Ok(value),
        };
        (self.answer)(result);
    }
}

/// The handle requests use to reach the writer thread; cloning shares the thread.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: mpsc::Sender<(Lane, Box<dyn Job>)>,
}

impl GroupCommit {
    /// Starts the writer thread on `connect`'s connection; `connect` runs again to replace a
    /// connection whose transaction state a panicking piece of work left unknown.
    pub fn start<C>(connect: C) -> std::io::Result<Self>
    where
        C: Fn() -> Result<SqliteConnection, DbError> + Send + 'static,
    {
        let (jobs, queue) = mpsc::channel::<(Lane, Box<dyn Job>)>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(&queue, &connect))?;
        Ok(Self { jobs })
    }

    /// Queues `work` for the next transaction and waits until that transaction has committed.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + From<DieselError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        self.queue(Lane::Request, work, Box::new(move |r| drop(answer.send(r))))?;
        answered.await.map_err(|_| dropped::<E>())?
    }

    /// Background work (the analysis thread's), in pieces: each piece joins a transaction
    /// after the requests waiting for it (see the module comment), so one piece is the most a
    /// request waits for. Blocks until every piece is answered; the answers in order.
    pub fn write_background<T, E, F>(&self, pieces: Vec<F>) -> Vec<Result<T, E>>
    where
        T: Send + 'static,
        E: From<DbError> + From<DieselError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let waiting: Vec<_> = pieces
            .into_iter()
            .map(|work| {
                let (answer, answered) = mpsc::sync_channel(1);
                self.queue(
                    Lane::Background,
                    work,
                    Box::new(move |r| drop(answer.send(r))),
                )
                .map(|()| answered)
            })
            .collect();
        waiting
            .into_iter()
            .map(|queued| {
                queued.and_then(|answered| answered.recv().map_err(|_| dropped::<E>())?)
            })
            .collect()
    }

    fn queue<T, E, F>(&self, lane: Lane, work: F, answer: Answer<T, E>) -> Result<(), E>
    where
        T: Send + 'static,
        E: From<DbError> + From<DieselError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        self.jobs
            .send((lane, Box::new(Pending { work, answer })))
            .map_err(|_| E::from(DbError::other("the SQLite writer thread has stopped")))
    }
}

fn dropped<E: From<DbError>>() -> E {
    E::from(DbError::other(
        "the SQLite writer thread dropped a write (a panic in its work)",
    ))
}

fn writer_loop<C>(queue: &mpsc::Receiver<(Lane, Box<dyn Job>)>, connect: &C)
where
    C: Fn() -> Result<SqliteConnection, DbError>,
{
    let mut conn: Option<SqliteConnection> = None;
    let mut held_back: VecDeque<Box<dyn Job>> = VecDeque::new();
    // Blocks for the first job unless background work is held back; then takes whatever else
    // has queued meanwhile. While one batch commits the next one queues, so the batch grows
    // with the load by itself.
    loop {
        let mut requests = Vec::new();
        if held_back.is_empty() {
            match queue.recv() {
                Ok((Lane::Request, job)) => requests.push(job),
                Ok((Lane::Background, job)) => held_back.push_back(job),
                Err(_) => return,
            }
        }
        while requests.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok((Lane::Request, job)) => requests.push(job),
                Ok((Lane::Background, job)) => held_back.push_back(job),
                Err(_) => break,
            }
        }
        let batch = with_background(requests, &mut held_back);
        let c = match conn.take().map_or_else(connect, Ok) {
            Ok(c) => conn.insert(c),
            Err(err) => {
                let message = err.to_string();
                batch
                    .into_iter()
                    .for_each(|job| job.fail(DbError::other(&message)));
                continue;
            }
        };
        if !run_batch(c, batch) {
            conn = None; // reconnect: a panic may have left a savepoint open
        }
    }
}

/// The requests, then as much held-back background work as may join them: one piece beside
/// requests, as many as a batch holds when none waits.
fn with_background(
    mut batch: Vec<Box<dyn Job>>,
    held_back: &mut VecDeque<Box<dyn Job>>,
) -> Vec<Box<dyn Job>> {
    let room = if batch.is_empty() {
        MAX_BATCH
    } else {
        BACKGROUND_WITH_REQUESTS
    };
    let take = room.min(held_back.len());
    batch.extend(held_back.drain(..take));
    batch
}

/// Runs one batch in one IMMEDIATE transaction and answers every job. Returns false when a
/// piece of work panicked (the batch is rolled back, and the connection should be replaced).
fn run_batch(conn: &mut SqliteConnection, batch: Vec<Box<dyn Job>>) -> bool {
    let mut replies: Vec<Box<dyn Reply>> = Vec::with_capacity(batch.len());
    let mut jobs = batch.into_iter();
    let mut panicked = false;
    let outcome = conn.immediate_transaction(|c| {
        for job in jobs.by_ref() {
            match catch_unwind(AssertUnwindSafe(|| job.run(c))) {
                Ok(reply) => replies.push(reply),
                Err(_) => {
                    panicked = true;
                    return Err(DieselError::RollbackTransaction);
                }
            }
        }
        Ok(())
    });
    if panicked {
        // Whatever succeeded is rolled back with the rest, and everyone is told (the
        // panicking job's own caller hears that its answer was dropped). The connection is
        // replaced, which ends any savepoint diesel lost track of.
        let _ = AnsiTransactionManager::rollback_transaction(conn);
        let rolled_back = || DbError::other("rolled back: another write in its batch panicked");
        replies.into_iter().for_each(|r| r.send(Err(rolled_back())));
        jobs.for_each(|job| job.fail(rolled_back()));
        return false;
    }
    match outcome {
        Ok(()) => replies.into_iter().for_each(|r| r.send(Ok(()))),
        Err(err) => {
            // BEGIN failed (busy after busy_timeout: no job ran) or COMMIT failed.
            replies
                .into_iter()
                .for_each(|r| r.send(Err(same_error(&err))));
            jobs.for_each(|job| job.fail(same_error(&err)));
        }
    }
    true
}

/// A copy of a transaction's error for each caller of the batch; keeps SQLite's message, so a
/// "database is locked" still answers 503 (see `db::is_busy`).
fn same_error(err: &DieselError) -> DbError {
    match err {
        DieselError::DatabaseError(_, info) => DbError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new(info.message().to_owned()),
        )),
        other => DbError::other(other),
    }
}

#[cfg(test)]
mod tests;
