//! How many model runs requests may have going at once.
//!
//! `/classify` and `/similar` embed text on the request path. Each run keeps a core busy, so
//! they take a slot: a few run, a few more wait briefly, and past that the caller gets 503 with
//! Retry-After at once. The queue never grows without bound, and the cores left over keep
//! serving everything else (sign-ins, submissions, health checks).

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// How long a request waits for a slot before it is told to come back.
const MAX_WAIT: Duration = Duration::from_secs(2);

pub struct ModelSlots {
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl ModelSlots {
    pub fn new(slots: usize) -> Self {
        let slots = slots.max(1);
        Self {
            slots: Arc::new(Semaphore::new(slots)),
            waiting: AtomicUsize::new(0),
            max_waiting: slots * 2,
        }
    }

    /// One model run per core, less one for everything else (at least one).
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self::new(cores.saturating_sub(1))
    }

    /// A slot, held until the permit is dropped; `ModelBusy` when all are taken and the short
    /// queue is full or the wait runs out.
    pub async fn acquire(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(ApiError::ModelBusy);
        }
        let permit = tokio::time::timeout(MAX_WAIT, self.slots.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        match permit {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(ApiError::ModelBusy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn past_the_slots_and_the_short_queue_callers_are_told_to_retry() {
        let slots = Arc::new(ModelSlots::new(1));
        let held = slots.acquire().await.unwrap();
        // Two may wait (2 × 1 slot); the third is refused at once.
        let a = actix_web::rt::spawn({
            let s = slots.clone();
            async move { s.acquire().await.map(drop) }
        });
        let b = actix_web::rt::spawn({
            let s = slots.clone();
            async move { s.acquire().await.map(drop) }
        });
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        assert!(matches!(slots.acquire().await, Err(ApiError::ModelBusy)));
        drop(held);
        assert!(a.await.unwrap().is_ok() && b.await.unwrap().is_ok());
    }
}
