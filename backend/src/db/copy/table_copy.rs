//! Copying and checksumming one table: keyset pages walked in key order, each row hashed as it
//! passes, progress reported; and the list of tables in copy order.

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::error::CopyError;
use super::outcome::{Progress, Stage, TableSum, PROGRESS_EVERY};
use super::pair_tables::{SubmissionReports, SubmissionSupports, ThemeMembers, TokenProcesses};
use super::tables::{
    AuditLog, CopyTable, EmbeddingCache, Jobs, ModelRuns, ModerationSettings, Processes,
    ResponseSettings, Sentences, Sessions, ShareLinks, SubmissionResponses, Submissions, Themes,
    Tokens, TotpRecoveryCodes, TrainingExamples, PAGE,
};
use super::totp_factors::TotpFactors;
use crate::db::DbConn;

/// Every table of an installation in copy order (referenced tables first). The migration
/// bookkeeping (`__diesel_schema_migrations`) is the target's own.
pub const TABLES: [&str; 21] = [
    "processes",
    "response_settings",
    "moderation_settings",
    "tokens",
    "token_processes",
    "totp_factors",
    "totp_recovery_codes",
    "sessions",
    "submissions",
    "submission_responses",
    "submission_reports",
    "submission_supports",
    "sentences",
    "training_examples",
    "model_runs",
    "jobs",
    "themes",
    "theme_members",
    "share_links",
    "audit_log",
    "embedding_cache",
];

/// Hears about progress every [`PROGRESS_EVERY`] rows.
pub(super) type OnProgress<'a> = &'a mut dyn FnMut(Progress);

/// One table's part in a copy: the generic walks below, instantiated per table.
pub(super) struct TableOps {
    pub(super) name: &'static str,
    pub(super) count: fn(&mut DbConn) -> QueryResult<i64>,
    pub(super) copy: fn(&mut DbConn, &mut DbConn, OnProgress) -> Result<Copied, CopyError>,
    pub(super) checksum: fn(&mut DbConn, OnProgress) -> Result<TableSum, CopyError>,
}

fn ops<T: CopyTable>() -> TableOps {
    TableOps {
        name: T::NAME,
        count: T::count,
        copy: copy_table::<T>,
        checksum: checksum::<T>,
    }
}

/// In copy order ([`TABLES`]).
pub(super) fn table_ops() -> Vec<TableOps> {
    let all = vec![
        ops::<Processes>(),
        ops::<ResponseSettings>(),
        ops::<ModerationSettings>(),
        ops::<Tokens>(),
        ops::<TokenProcesses>(),
        ops::<TotpFactors>(),
        ops::<TotpRecoveryCodes>(),
        ops::<Sessions>(),
        ops::<Submissions>(),
        ops::<SubmissionResponses>(),
        ops::<SubmissionReports>(),
        ops::<SubmissionSupports>(),
        ops::<Sentences>(),
        ops::<TrainingExamples>(),
        ops::<ModelRuns>(),
        ops::<Jobs>(),
        ops::<Themes>(),
        ops::<ThemeMembers>(),
        ops::<ShareLinks>(),
        ops::<AuditLog>(),
        ops::<EmbeddingCache>(),
    ];
    debug_assert!(all.iter().map(|t| t.name).eq(TABLES));
    all
}

pub(super) struct Copied {
    pub(super) sum: TableSum,
    pub(super) normalised: u64,
}

/// Visits every row of `T` in key order, a page at a time.
fn walk<T: CopyTable>(
    conn: &mut DbConn,
    mut each_page: impl FnMut(&mut Vec<T::Row>) -> Result<(), CopyError>,
) -> Result<(), CopyError> {
    let mut after = None;
    loop {
        let mut page = T::page(conn, after.as_ref())?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(T::key(last));
        let full = page.len() as i64 == PAGE;
        each_page(&mut page)?;
        if !full {
            return Ok(());
        }
    }
}

/// Row count and SHA-256 of a table, as a stream of rows is hashed.
pub(super) struct Summer {
    hasher: Sha256,
    buf: Vec<u8>,
    rows: u64,
}

impl Summer {
    pub(super) fn new() -> Self {
        Self {
            hasher: Sha256::new(),
            buf: Vec::new(),
            rows: 0,
        }
    }

    pub(super) fn add<T: CopyTable>(&mut self, row: &T::Row) {
        self.buf.clear();
        T::digest(row, &mut self.buf);
        self.hasher.update(&self.buf);
        self.rows += 1;
    }

    pub(super) fn finish(self, table: &'static str) -> TableSum {
        TableSum {
            table,
            rows: self.rows,
            sha256: hex::encode(self.hasher.finalize()),
        }
    }
}

pub(super) fn report(
    progress: &mut dyn FnMut(Progress),
    stage: Stage,
    table: &'static str,
    before: u64,
    done: u64,
    total: u64,
) {
    if before / PROGRESS_EVERY != done / PROGRESS_EVERY {
        progress(Progress {
            stage,
            table,
            done,
            total,
        });
    }
}

fn copy_table<T: CopyTable>(
    src: &mut DbConn,
    dst: &mut DbConn,
    progress: &mut dyn FnMut(Progress),
) -> Result<Copied, CopyError> {
    let total = T::count(src)?.max(0) as u64;
    let mut sum = Summer::new();
    let mut normalised = 0;
    let mut links = Vec::new();
    walk::<T>(src, |page| {
        let before = sum.rows;
        for row in page.iter_mut() {
            normalised += u64::from(T::normalise(row));
            sum.add::<T>(row);
            links.extend(T::detach(row));
        }
        T::insert(dst, page)?;
        report(progress, Stage::Copy, T::NAME, before, sum.rows, total);
        Ok(())
    })?;
    T::reattach(dst, &links)?;
    if sum.rows != total {
        return Err(CopyError::Inconsistent {
            table: T::NAME,
            read: sum.rows,
            counted: total,
        });
    }
    Ok(Copied {
        sum: sum.finish(T::NAME),
        normalised,
    })
}

fn checksum<T: CopyTable>(
    conn: &mut DbConn,
    progress: &mut dyn FnMut(Progress),
) -> Result<TableSum, CopyError> {
    let total = T::count(conn)?.max(0) as u64;
    let mut sum = Summer::new();
    walk::<T>(conn, |page| {
        let before = sum.rows;
        for row in page.iter() {
            sum.add::<T>(row);
        }
        report(progress, Stage::Verify, T::NAME, before, sum.rows, total);
        Ok(())
    })?;
    Ok(sum.finish(T::NAME))
}
