//! Which submissions each theme holds: a submission belongs to a theme when one of its clustered
//! sentences does (so it may belong to several). Written with the themes by each run, read to
//! answer a whole theme and to count outcomes per theme.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;

use super::{
    schema::{submission_responses, submissions, theme_members},
    with_conn, DbConn,
};
use crate::domain::{vocab::ResponseStatus, SubmissionId, ThemeId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = theme_members,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg)
)]
pub struct ThemeMemberRow {
    pub theme_id: ThemeId,
    pub submission_id: SubmissionId,
}

/// Rows per insert, well inside both backends' limits on bound parameters.
const INSERT_ROWS: usize = 1000;

/// Records `submissions` as members of `theme`, leaving out any deleted since the run read its
/// sentences (the run would otherwise fail on the reference).
pub(super) fn insert(
    conn: &mut DbConn,
    theme: ThemeId,
    submissions: &[SubmissionId],
) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in submissions.chunks(INSERT_ROWS) {
        let rows: Vec<ThemeMemberRow> = with_conn!(conn, {
            submissions::table
                .filter(submissions::id.eq_any(chunk))
                .select(submissions::id)
                .load::<SubmissionId>(conn)
        })?
        .into_iter()
        .map(|submission_id| ThemeMemberRow {
            theme_id: theme,
            submission_id,
        })
        .collect();
        written += with_conn!(conn, {
            diesel::insert_into(theme_members::table)
                .values(&rows)
                .execute(conn)
        })?;
    }
    Ok(written)
}

/// The submissions of `theme`, in id order; with `include_duplicates`, also every submission
/// marked as a duplicate of one of them (a whole duplicate group, as answering a selection
/// does).
pub fn submissions_of(
    conn: &mut DbConn,
    theme: ThemeId,
    include_duplicates: bool,
) -> QueryResult<Vec<SubmissionId>> {
    let members = theme_members::table
        .filter(theme_members::theme_id.eq(theme))
        .select(theme_members::submission_id);
    with_conn!(conn, {
        if include_duplicates {
            submissions::table
                .filter(
                    submissions::id
                        .eq_any(members)
                        .or(submissions::duplicate_of.eq_any(
                            theme_members::table
                                .filter(theme_members::theme_id.eq(theme))
                                .select(theme_members::submission_id.nullable()),
                        )),
                )
                .order(submissions::id.asc())
                .select(submissions::id)
                .load(conn)
        } else {
            members.order(theme_members::submission_id.asc()).load(conn)
        }
    })
}

/// How many submissions a theme answers: its own, and with their duplicates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemberCounts {
    pub submissions: i64,
    pub with_duplicates: i64,
}

/// [`MemberCounts`] of each of `themes` (absent: none recorded).
pub fn counts(
    conn: &mut DbConn,
    themes: &[ThemeId],
) -> QueryResult<BTreeMap<ThemeId, MemberCounts>> {
    let own: Vec<(ThemeId, i64)> = with_conn!(conn, {
        theme_members::table
            .filter(theme_members::theme_id.eq_any(themes))
            .group_by(theme_members::theme_id)
            .select((theme_members::theme_id, diesel::dsl::count_star()))
            .load(conn)
    })?;
    // Duplicates of members (few: only what moderators marked), each once per theme, unless it
    // is a member itself.
    let duplicates: Vec<(ThemeId, SubmissionId)> = with_conn!(conn, {
        submissions::table
            .inner_join(
                theme_members::table
                    .on(submissions::duplicate_of.eq(theme_members::submission_id.nullable())),
            )
            .filter(theme_members::theme_id.eq_any(themes))
            .select((theme_members::theme_id, submissions::id))
            .load(conn)
    })?;
    let duplicate_ids: Vec<SubmissionId> = duplicates.iter().map(|&(_, id)| id).collect();
    let also_members: BTreeSet<(ThemeId, SubmissionId)> = with_conn!(conn, {
        theme_members::table
            .filter(theme_members::theme_id.eq_any(themes))
            .filter(theme_members::submission_id.eq_any(&duplicate_ids))
            .select((theme_members::theme_id, theme_members::submission_id))
            .load::<(ThemeId, SubmissionId)>(conn)
    })?
    .into_iter()
    .collect();
    let mut out: BTreeMap<ThemeId, MemberCounts> = own
        .into_iter()
        .map(|(theme, n)| {
            let counts = MemberCounts {
                submissions: n,
                with_duplicates: n,
            };
            (theme, counts)
        })
        .collect();
    let extra: BTreeSet<(ThemeId, SubmissionId)> = duplicates
        .into_iter()
        .filter(|pair| !also_members.contains(pair))
        .collect();
    for (theme, _) in extra {
        out.entry(theme).or_default().with_duplicates += 1;
    }
    Ok(out)
}

/// (theme, answer) of every counted submission (hidden ones and duplicates left out, as in the
/// outcomes per category) of each of `themes`, once per theme it belongs to; `None` answer =
/// still `received`.
pub fn outcomes(
    conn: &mut DbConn,
    themes: &[ThemeId],
) -> QueryResult<Vec<(ThemeId, Option<ResponseStatus>)>> {
    with_conn!(conn, {
        submissions::table
            .left_join(submission_responses::table)
            .inner_join(theme_members::table)
            .filter(theme_members::theme_id.eq_any(themes))
            .filter(submissions::status.ne("hidden"))
            .filter(submissions::duplicate_of.is_null())
            .select((
                theme_members::theme_id,
                submission_responses::status.nullable(),
            ))
            .load(conn)
    })
}
