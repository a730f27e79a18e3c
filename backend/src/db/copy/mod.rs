//! `planner migrate-data`: copies a whole installation from one database to another (SQLite
//! to PostgreSQL when it outgrows one server, or back), and verifies the copy before it
//! commits.
//!
//! The source is read in one consistent snapshot ([`Db::snapshot_blocking`](super::Db::snapshot_blocking)), in keyset pages
//! of [`PAGE`] rows, so memory stays flat however many submissions there are; nothing is ever
//! written to it. Everything written to the target happens in one transaction: emptying it
//! (`--force`, PostgreSQL only), the copy, re-linking references that point forward, advancing
//! the id sequences, and the verification, which re-reads every copied table from the target
//! and compares its row count and SHA-256 checksum with what was read from the source. Any
//! difference rolls the transaction back, so a failed run leaves the target as it was.
//!
//! A checksum hashes each row's `Debug` text (embedding vectors as raw bytes), which is the
//! same for the same values on either backend, over the rows in primary-key order; text keys
//! are compared bytewise on both backends (PostgreSQL's default collation would order them
//! differently from SQLite).

mod error;
mod outcome;
mod pair_tables;
mod run;
mod sequences;
mod table_copy;
mod tables;
mod totp_factors;

pub use error::CopyError;
pub use outcome::{Options, Outcome, Progress, Stage, TableSum, PROGRESS_EVERY};
pub use run::{checksums, migrate};
pub use table_copy::TABLES;
pub use tables::PAGE;

#[cfg(test)]
mod tests;
