//! Why a copy was refused or rolled back.

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("{}", not_empty_message(.tables, *.can_force))]
    NotEmpty {
        tables: Vec<(&'static str, i64)>,
        can_force: bool,
    },
    #[error(
        "--force only replaces the data of a PostgreSQL target; to copy into SQLite, name a new \
         database file"
    )]
    ForceOnSqlite,
    #[error("{0}")]
    Busy(&'static str),
    #[error(
        "verification failed for table {table}: the source has {from_rows} rows (sha256 \
         {from_sha}), the copy {to_rows} rows (sha256 {to_sha}); rolled back, the target is \
         unchanged"
    )]
    Mismatch {
        table: &'static str,
        from_rows: u64,
        from_sha: String,
        to_rows: u64,
        to_sha: String,
    },
    #[error(
        "{table}: read {read} rows from the source but it counts {counted} in the same \
         snapshot; rolled back, the target is unchanged"
    )]
    Inconsistent {
        table: &'static str,
        read: u64,
        counted: u64,
    },
    #[error("{0}")]
    Db(String),
}

fn not_empty_message(tables: &[(&'static str, i64)], can_force: bool) -> String {
    let held = tables
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if can_force {
        format!(
            "the target is not empty ({held} rows); pass --force to replace its data with the \
             source's (a server started on it first registers an admin token, which counts)"
        )
    } else {
        format!("the target is not empty ({held} rows); copy into a new database file")
    }
}

impl From<diesel::result::Error> for CopyError {
    fn from(err: diesel::result::Error) -> Self {
        CopyError::Db(format!("database: {err}"))
    }
}

impl From<DbError> for CopyError {
    fn from(err: DbError) -> Self {
        CopyError::Db(err.to_string())
    }
}
