//! The connection every query function takes, and the macro that compiles a query body once
//! per backend.

use diesel::{pg::PgConnection, SqliteConnection};

/// A connection to whichever backend this installation runs on; every query function takes
/// `&mut DbConn`. It borrows the pooled connection (or the one inside a transaction).
pub enum DbConn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

/// Runs `$body` with `$conn` rebound to the concrete connection, once per backend. Inside the
/// body `DB` names the backend type (for `into_boxed::<DB>()`).
#[macro_export]
macro_rules! with_conn {
    ($conn:ident, $body:expr) => {
        match $conn {
            $crate::db::conn::DbConn::Sqlite($conn) => {
                #[allow(dead_code)]
                type DB = ::diesel::sqlite::Sqlite;
                let $conn: &mut ::diesel::SqliteConnection = &mut **$conn;
                $body
            }
            $crate::db::conn::DbConn::Pg($conn) => {
                #[allow(dead_code)]
                type DB = ::diesel::pg::Pg;
                let $conn: &mut ::diesel::PgConnection = &mut **$conn;
                $body
            }
        }
    };
}

/// Runs `work` in a savepoint of the open transaction: if it fails, its writes are undone and
/// the rest of the transaction goes on.
pub fn in_savepoint<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    use diesel::Connection;
    match conn {
        DbConn::Sqlite(c) => c.transaction(|c| work(&mut DbConn::Sqlite(c))),
        DbConn::Pg(c) => c.transaction(|c| work(&mut DbConn::Pg(c))),
    }
}
