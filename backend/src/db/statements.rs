//! A count of the SQL statements this process has sent, for `/metrics`
//! (`planner_db_statements_total`): divided by the requests served it says how many database
//! round trips a request costs, which is what decides latency once the database is on
//! another host (PostgreSQL) rather than in-process (SQLite).

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Once,
};

use diesel::connection::{set_default_instrumentation, Instrumentation, InstrumentationEvent};

static STATEMENTS: AtomicU64 = AtomicU64::new(0);
static INSTALL: Once = Once::new();

/// Statements started by every connection opened since [`count_from_now_on`].
pub fn total() -> u64 {
    STATEMENTS.load(Ordering::Relaxed)
}

/// Makes every connection opened from now on count its statements (connections opened
/// before keep no count; the pools are built after this).
pub fn count_from_now_on() {
    INSTALL.call_once(|| {
        if let Err(err) = set_default_instrumentation(counter) {
            log::warn!("database statements will not be counted: {err}");
        }
    });
}

fn counter() -> Option<Box<dyn Instrumentation>> {
    Some(Box::new(|event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            STATEMENTS.fetch_add(1, Ordering::Relaxed);
        }
    }))
}
