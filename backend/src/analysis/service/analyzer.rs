//! The analyzer: the engine and database one server analyses with, the classifiers it has
//! loaded, and the wake-up signal of its worker thread.

use std::{
    collections::HashMap,
    path::Path,
    sync::{Arc, Condvar, Mutex},
    time::Duration,
};

use planner_analysis::engine::{Classifier, Engine, EngineKind};

use crate::analysis::cache::DbEmbeddingCache;
use crate::db::Db;

pub struct Analyzer {
    pub(super) engine: Engine,
    pub(super) db: Db,
    pub(super) runs: Mutex<HashMap<crate::domain::RunId, Arc<Classifier>>>,
    wake: (Mutex<bool>, Condvar),
    /// Jobs this server's worker ran to the end (done or failed), for /metrics: across
    /// replicas the counts add up to the jobs queued, each run once.
    jobs_finished: std::sync::atomic::AtomicU64,
}

impl Analyzer {
    pub fn new(db: Db, model_dir: &Path) -> Arc<Self> {
        let engine =
            Engine::load(model_dir).with_cache(Box::new(DbEmbeddingCache { db: db.clone() }));
        log::info!(
            "analysis engine: {} ({})",
            engine.kind().as_str(),
            engine.reason()
        );
        Arc::new(Self {
            engine,
            db,
            runs: Mutex::new(HashMap::new()),
            wake: (Mutex::new(false), Condvar::new()),
            jobs_finished: Default::default(),
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Wakes the worker: there is something new to analyse.
    pub fn notify(&self) {
        let (flag, cv) = &self.wake;
        *flag.lock().expect("wake lock") = true;
        cv.notify_all();
    }

    pub fn count_finished_job(&self) {
        self.jobs_finished
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn jobs_finished(&self) -> u64 {
        self.jobs_finished
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Waits for [`Analyzer::notify`] or the timeout.
    pub fn wait(&self, timeout: Duration) {
        let (flag, cv) = &self.wake;
        let guard = flag.lock().expect("wake lock");
        let (mut guard, _) = cv
            .wait_timeout_while(guard, timeout, |woken| !*woken)
            .expect("wake lock");
        *guard = false;
    }

    pub fn engine_kind(&self) -> EngineKind {
        self.engine.kind()
    }
}
