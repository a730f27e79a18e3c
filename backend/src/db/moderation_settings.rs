//! A process's moderation settings: pre-moderation, and how many participants' reports flag a
//! submission. One row per process (keyed by its id); a process without one has the defaults.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::moderation_settings, with_conn, DbConn};
use crate::domain::{process::REPORT_THRESHOLD_DEFAULT, ProcessId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = moderation_settings,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ModerationSettingsRow {
    /// The process's id.
    pub id: ProcessId,
    /// Participants' new submissions wait, flagged, until an admin restores them.
    pub pre_moderation: bool,
    /// Distinct reporters that flag a submission (0: reports never flag).
    pub report_threshold: i32,
    pub updated_at: NaiveDateTime,
}

impl ModerationSettingsRow {
    /// What a process without a row of its own has.
    pub fn defaults(id: ProcessId, now: NaiveDateTime) -> Self {
        Self {
            id,
            pre_moderation: false,
            report_threshold: REPORT_THRESHOLD_DEFAULT,
            updated_at: now,
        }
    }
}

/// The settings of `process_id` (the defaults when it has no row).
pub fn of(conn: &mut DbConn, process_id: ProcessId) -> QueryResult<ModerationSettingsRow> {
    let found = with_conn!(conn, {
        moderation_settings::table
            .find(process_id)
            .select(ModerationSettingsRow::as_select())
            .first(conn)
            .optional()
    })?;
    Ok(found.unwrap_or_else(|| ModerationSettingsRow::defaults(process_id, super::now())))
}

/// The rows of those of `ids` that have one, by process.
pub fn of_processes(
    conn: &mut DbConn,
    ids: &[ProcessId],
) -> QueryResult<BTreeMap<ProcessId, ModerationSettingsRow>> {
    let rows: Vec<ModerationSettingsRow> = with_conn!(conn, {
        moderation_settings::table
            .filter(moderation_settings::id.eq_any(ids))
            .select(ModerationSettingsRow::as_select())
            .load(conn)
    })?;
    Ok(rows.into_iter().map(|r| (r.id, r)).collect())
}

/// Writes the process's settings, replacing earlier ones.
pub fn save(conn: &mut DbConn, row: &ModerationSettingsRow) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(moderation_settings::table.find(row.id)).execute(conn)?;
        diesel::insert_into(moderation_settings::table)
            .values(row)
            .execute(conn)
    })
}
