//! Background jobs in one room (crates.io's `BackgroundJob` is the model): the [`Job`] enum
//! names every kind with its payload, the API only enqueues ([`Job::enqueue`]) and reads rows,
//! and one runner (`runner`) claims jobs under a lease and runs them off the HTTP workers,
//! each kind in its own file.

mod analyse;
mod handle;
mod job;
pub mod make_room;
pub mod priority;
mod runner;
mod themes;
mod train;

pub use handle::JobHandle;
pub use job::Job;
pub use runner::spawn;
