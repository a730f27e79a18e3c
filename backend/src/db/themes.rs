//! Themes computed for a process (replaced as a whole by each run, with the submissions each
//! holds: see `theme_members`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    schema::{sentences, submissions, themes},
    theme_members, with_conn, DbConn,
};
use crate::domain::{ProcessId, SubmissionId, ThemeId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = themes,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ThemeRow {
    pub id: ThemeId,
    pub process_id: ProcessId,
    pub position: i32,
    pub label: String,
    pub custom_label: Option<String>,
    /// JSON array of characteristic words.
    pub terms: String,
    pub size: i32,
    /// JSON object category -> sentences.
    pub category_mix: String,
    /// JSON array of {sentence_id, submission_id, text}.
    pub representatives: String,
    pub seed: i64,
    pub created_at: NaiveDateTime,
    /// Whether `theme_members` lists its submissions: false for themes computed before
    /// memberships were recorded (compute them again to answer or count them by theme).
    pub members_known: bool,
}

#[derive(Insertable)]
#[diesel(table_name = themes)]
pub struct NewTheme {
    pub process_id: ProcessId,
    pub position: i32,
    pub label: String,
    pub terms: String,
    pub size: i32,
    pub category_mix: String,
    pub representatives: String,
    pub seed: i64,
    pub created_at: NaiveDateTime,
}

/// A theme as a run computed it, with the submissions it holds (those with a sentence in it).
pub struct ComputedTheme {
    pub theme: NewTheme,
    pub submissions: Vec<SubmissionId>,
}

/// (sentence id, submission id, text, category) of the visible, non-duplicate submissions'
/// sentences, by id.
pub fn theme_sentences(
    conn: &mut DbConn,
    process_id: ProcessId,
) -> QueryResult<Vec<(i64, i64, String, String)>> {
    with_conn!(conn, {
        sentences::table
            .inner_join(submissions::table)
            .filter(submissions::process_id.eq(process_id))
            .filter(submissions::status.eq("visible"))
            .filter(submissions::duplicate_of.is_null())
            .order(sentences::id.asc())
            .select((
                sentences::id,
                sentences::submission_id,
                sentences::text,
                sentences::category,
            ))
            .load(conn)
    })
}

/// Replaces the process's themes and their members; renamed labels survive when a theme keeps
/// its words. Call inside a transaction (the themes and their members change together).
pub fn replace(
    conn: &mut DbConn,
    process_id: ProcessId,
    new: &[ComputedTheme],
) -> QueryResult<usize> {
    let old = for_process(conn, process_id)?;
    with_conn!(conn, {
        diesel::delete(themes::table.filter(themes::process_id.eq(process_id))).execute(conn)?;
    });
    for computed in new {
        let id: ThemeId = with_conn!(conn, {
            diesel::insert_into(themes::table)
                .values((&computed.theme, themes::members_known.eq(true)))
                .returning(themes::id)
                .get_result(conn)
        })?;
        theme_members::insert(conn, id, &computed.submissions)?;
    }
    with_conn!(conn, {
        for theme in old.into_iter().filter(|t| t.custom_label.is_some()) {
            diesel::update(
                themes::table.filter(
                    themes::process_id
                        .eq(process_id)
                        .and(themes::terms.eq(&theme.terms)),
                ),
            )
            .set(themes::custom_label.eq(theme.custom_label))
            .execute(conn)?;
        }
        Ok(new.len())
    })
}

pub fn for_process(conn: &mut DbConn, process_id: ProcessId) -> QueryResult<Vec<ThemeRow>> {
    with_conn!(conn, {
        themes::table
            .filter(themes::process_id.eq(process_id))
            .order(themes::position.asc())
            .select(ThemeRow::as_select())
            .load(conn)
    })
}

pub fn by_id(conn: &mut DbConn, id: ThemeId) -> QueryResult<Option<ThemeRow>> {
    with_conn!(conn, {
        themes::table
            .find(id)
            .select(ThemeRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn rename(conn: &mut DbConn, id: ThemeId, label: Option<&str>) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(themes::table.find(id))
            .set(themes::custom_label.eq(label))
            .execute(conn)
    })
}
