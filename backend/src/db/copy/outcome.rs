//! What a copy is asked to do and what it reports: its options, progress, each table's row
//! count and checksum, and the outcome.

/// A progress report every this many rows of a table.
pub const PROGRESS_EVERY: u64 = 10_000;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Copy browser sessions too (by default people sign in again).
    pub with_sessions: bool,
    /// Empty a non-empty PostgreSQL target first.
    pub force: bool,
}

/// One table's row count and checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    pub table: &'static str,
    pub rows: u64,
    /// SHA-256 over the rows in key order, lowercase hex.
    pub sha256: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Copy,
    Verify,
}

/// Reported every [`PROGRESS_EVERY`] rows of a table.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub stage: Stage,
    pub table: &'static str,
    pub done: u64,
    pub total: u64,
}

/// What a successful copy did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Each copied table, verified on the target (copy order).
    pub tables: Vec<TableSum>,
    pub sessions_copied: bool,
    /// What `--force` removed from the target (tables that held rows).
    pub replaced: Vec<(&'static str, i64)>,
    /// Rows whose timestamps carried sub-microsecond digits, stored to the microsecond (the
    /// precision of both backends' columns; only values written by hand can have more).
    pub normalised: Vec<(&'static str, u64)>,
}

impl Outcome {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}
