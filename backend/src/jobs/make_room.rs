//! Background analysis makes room for requests. Its thread runs at a lower priority
//! (`ANALYSIS_NICE`), but the writes it queues (a batch's sentences, their indexes, the log
//! checkpoints after them) run on threads at the requests' own priority: while a backlog
//! drained, the admin list's p99 doubled (`make bench-drain`). So while requests are being
//! answered, the thread rests after each batch for [`REST_PER_WORK`] times as long as the
//! batch took, at most [`MAX_REST`]: it keeps a third of the time it would have taken, and
//! takes all of it again as soon as the server is idle.

use std::{
    sync::atomic::{AtomicUsize, Ordering},
    time::Duration,
};

/// Rest after a batch, per unit of time the batch took, while requests are in flight.
pub const REST_PER_WORK: u32 = 2;
/// The longest rest after one batch, so a slow batch (the sentence model's) does not leave the
/// backlog untouched for long.
pub const MAX_REST: Duration = Duration::from_millis(200);

/// Requests being answered by this server process right now.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Counts one request as in flight until dropped (held by `http::metrics::record`).
pub struct InFlight(());

impl InFlight {
    pub fn enter() -> Self {
        IN_FLIGHT.fetch_add(1, Ordering::Relaxed);
        Self(())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How long to rest after a batch that took `took`: nothing while no request is in flight.
pub fn rest_after(took: Duration) -> Duration {
    rest_for(took, IN_FLIGHT.load(Ordering::Relaxed))
}

fn rest_for(took: Duration, in_flight: usize) -> Duration {
    if in_flight == 0 {
        Duration::ZERO
    } else {
        (took * REST_PER_WORK).min(MAX_REST)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rests_only_while_requests_are_in_flight_and_never_longer_than_the_cap() {
        let ms = Duration::from_millis;
        assert_eq!(rest_for(ms(10), 0), Duration::ZERO);
        assert_eq!(rest_for(ms(10), 3), ms(20));
        assert_eq!(rest_for(Duration::from_secs(5), 1), MAX_REST);
    }

    #[test]
    fn a_request_counts_while_its_guard_lives() {
        let request = InFlight::enter();
        // Other tests may hold guards too: at least this one is counted.
        assert!(IN_FLIGHT.load(Ordering::Relaxed) >= 1);
        drop(request);
    }
}
