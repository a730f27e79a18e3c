//! How the list's `q` (a case-insensitive substring) is answered. The text index (FTS5
//! trigram on SQLite, `pg_trgm` on PostgreSQL; migration `000041`) finds the rows of a rare
//! word at once, but a word in a third of the rows gives it tens of thousands of rows to
//! collect before the first page can be sorted; walking the list's own index newest first and
//! testing each row's text fills that page after a few hundred rows. So each request picks a
//! [`TextPlan`], and the total a text search reports stops counting at [`TOTAL_CAP`]: an exact
//! count of a common word is a walk over all its matches, whatever the plan.

use diesel::{
    dsl::sql,
    expression::BoxableExpression,
    pg::Pg,
    prelude::*,
    sql_types::{BigInt, Bool, Text},
    sqlite::Sqlite,
};

use crate::db::{schema::submissions, DbConn};

/// A text search reports "at least this many" beyond this count (exact below it).
pub const TOTAL_CAP: i64 = 1000;

/// How one request answers `q`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPlan {
    /// `lower(text) LIKE '%q%'`, tested row by row while the list's index is walked in list
    /// order: for queries too short for the index (under three characters) and, on SQLite,
    /// for ASCII queries the index holds more than [`TOTAL_CAP`] rows of.
    Scan,
    /// The text index, as part of the filtered query (the planner decides how).
    Index,
    /// SQLite, at most [`TOTAL_CAP`] matching rows in the whole table: the query starts from
    /// the text index's rows (the process is tested per row rather than walked) and sorts
    /// them.
    FromIndex,
}

impl TextPlan {
    /// Picks the plan for `query` on this connection's backend. On SQLite this costs one
    /// probe of the text index, which stops after [`TOTAL_CAP`] + 1 rows (under a
    /// millisecond at 100,000 submissions).
    pub fn choose(conn: &mut DbConn, query: &str) -> QueryResult<Self> {
        if query.chars().count() < 3 {
            return Ok(TextPlan::Scan);
        }
        let DbConn::Sqlite(conn) = conn else {
            // PostgreSQL's planner weighs the trigram index against the list's index itself
            // (it keeps statistics on lower(text)); only the total needs the cap.
            return Ok(TextPlan::Index);
        };
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let found: Count = diesel::sql_query(
            "SELECT count(*) AS n FROM (SELECT rowid FROM submissions_fts \
             WHERE submissions_fts MATCH ? LIMIT ?)",
        )
        .bind::<Text, _>(fts_phrase(query))
        .bind::<BigInt, _>(TOTAL_CAP + 1)
        .get_result(&mut **conn)?;
        Ok(if found.n <= TOTAL_CAP {
            TextPlan::FromIndex
        } else if query.is_ascii() {
            // SQLite's lower() folds ASCII only, which is all an ASCII query needs; a
            // non-ASCII one (`äpfel` for `Äpfel`) stays with the index, which folds Unicode.
            TextPlan::Scan
        } else {
            TextPlan::Index
        })
    }
}

#[diesel::declare_sql_function]
extern "SQL" {
    /// Lower-cases text, so the search is case-insensitive on both backends (SQLite's LIKE
    /// already is for ASCII; PostgreSQL's is not).
    fn lower(text: Text) -> Text;
}

/// `%` and `_` typed by a user are literal characters, not wildcards; lower-cased to match
/// `lower(text)`.
fn like_pattern(query: &str) -> String {
    let escaped = query
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// An FTS5 phrase: the query as one quoted string, so its words and punctuation are matched
/// as typed rather than read as FTS5 syntax.
fn fts_phrase(query: &str) -> String {
    format!("\"{}\"", query.to_lowercase().replace('"', "\"\""))
}

pub type TextCondition<DB> = Box<dyn BoxableExpression<submissions::table, DB, SqlType = Bool>>;

/// The `q` condition for a plan, on each backend.
pub trait TextSearch: diesel::backend::Backend + Sized {
    fn contains(query: &str, plan: TextPlan) -> TextCondition<Self>;
}

/// `lower(text) LIKE '%q%'`, a case-insensitive substring.
fn substring<DB>(query: &str) -> TextCondition<DB>
where
    DB: diesel::backend::Backend + 'static,
    diesel::dsl::Escape<diesel::dsl::Like<lower<submissions::text>, String>>:
        BoxableExpression<submissions::table, DB, SqlType = Bool>,
{
    Box::new(
        lower(submissions::text)
            .like(like_pattern(query))
            .escape('\\'),
    )
}

impl TextSearch for Sqlite {
    /// The FTS5 trigram index (`submissions_fts`) finds every row holding the query as a
    /// substring, case-insensitively (folding case beyond ASCII, as PostgreSQL's `lower`
    /// does).
    fn contains(query: &str, plan: TextPlan) -> TextCondition<Self> {
        if plan == TextPlan::Scan {
            return substring(query);
        }
        Box::new(
            sql::<Bool>(
                "submissions.id IN (SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH ",
            )
            .bind::<Text, _>(fts_phrase(query))
            .sql(")"),
        )
    }
}

impl TextSearch for Pg {
    /// The pg_trgm GIN index on `lower(text)` answers the LIKE when the extension was
    /// available to the migration (without it PostgreSQL scans the process). For a scan the
    /// comparison is written so that the index does not match it, `lower(text) || ''`: a
    /// query under three characters has no trigram to look up, yet the planner would still
    /// walk the whole index (measured 2.5× slower than a scan at 100,000 rows).
    fn contains(query: &str, plan: TextPlan) -> TextCondition<Self> {
        if plan != TextPlan::Scan {
            return substring(query);
        }
        Box::new(
            lower(submissions::text)
                .concat("")
                .like(like_pattern(query))
                .escape('\\'),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_wildcards_and_quotes_are_literal() {
        assert_eq!(like_pattern("50%_a\\B"), "%50\\%\\_a\\\\b%");
        assert_eq!(fts_phrase("say \"Hi\""), "\"say \"\"hi\"\"\"");
    }
}
