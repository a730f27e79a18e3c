//! Planning processes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::processes, with_conn, DbConn};
use planner_analysis::language::Language;

use crate::domain::{Category, ContributorType, MapView, ProcessId, Translations};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = processes,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ProcessRow {
    pub id: ProcessId,
    pub slug: String,
    pub title: String,
    pub prompt: String,
    pub registration_open: bool,
    pub submissions_open: bool,
    pub categories: String,
    pub contributor_types: String,
    pub map_lat: Option<f64>,
    pub map_lng: Option<f64>,
    pub map_zoom: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The training run whose classifier analyses this process; None = the default model.
    pub active_model_run_id: Option<crate::domain::RunId>,
    /// Participants may browse the process's visible submissions (never who wrote them).
    pub public_submissions: bool,
    /// JSON array of the language codes participants write in (`["en"]`, `["es", "en"]`).
    pub languages: String,
    /// JSON object: the process's texts per UI language ([`Translations`]).
    pub translations: String,
}

impl ProcessRow {
    pub fn translations(&self) -> Translations {
        Translations::from_json(&self.translations)
    }
    pub fn categories(&self) -> Vec<Category> {
        serde_json::from_str(&self.categories).unwrap_or_default()
    }
    pub fn contributor_types(&self) -> Vec<ContributorType> {
        serde_json::from_str(&self.contributor_types).unwrap_or_default()
    }
    /// The declared language codes, as stored.
    pub fn language_codes(&self) -> Vec<String> {
        serde_json::from_str(&self.languages).unwrap_or_default()
    }
    /// The declared languages the analysis knows (English when none is).
    pub fn languages(&self) -> Vec<Language> {
        let known: Vec<Language> = self
            .language_codes()
            .iter()
            .filter_map(|c| Language::parse(c))
            .collect();
        if known.is_empty() {
            vec![Language::En]
        } else {
            known
        }
    }
    pub fn has_contributor_type(&self, key: &str) -> bool {
        self.contributor_types().iter().any(|t| t.key == key)
    }
    pub fn map(&self) -> Option<MapView> {
        match (self.map_lat, self.map_lng, self.map_zoom) {
            (Some(lat), Some(lng), Some(zoom)) => Some(MapView { lat, lng, zoom }),
            _ => None,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = processes)]
pub struct NewProcess {
    pub slug: String,
    pub title: String,
    pub prompt: String,
    pub registration_open: bool,
    pub submissions_open: bool,
    pub categories: String,
    pub contributor_types: String,
    pub map_lat: Option<f64>,
    pub map_lng: Option<f64>,
    pub map_zoom: Option<i32>,
    pub public_submissions: bool,
    pub languages: String,
    pub translations: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A partial update; `None` leaves a column alone. The map columns are set together.
#[derive(AsChangeset, Default)]
#[diesel(table_name = processes)]
pub struct ProcessChanges {
    pub title: Option<String>,
    pub prompt: Option<String>,
    pub registration_open: Option<bool>,
    pub submissions_open: Option<bool>,
    pub categories: Option<String>,
    pub contributor_types: Option<String>,
    pub map_lat: Option<Option<f64>>,
    pub map_lng: Option<Option<f64>>,
    pub map_zoom: Option<Option<i32>>,
    pub public_submissions: Option<bool>,
    pub languages: Option<String>,
    pub translations: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn slug_exists(conn: &mut DbConn, slug: &str) -> QueryResult<bool> {
    with_conn!(conn, {
        diesel::select(diesel::dsl::exists(
            processes::table.filter(processes::slug.eq(slug)),
        ))
        .get_result(conn)
    })
}

pub fn insert(conn: &mut DbConn, new: &NewProcess) -> QueryResult<ProcessRow> {
    with_conn!(conn, {
        diesel::insert_into(processes::table)
            .values(new)
            .returning(ProcessRow::as_returning())
            .get_result(conn)
    })
}

pub fn by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<ProcessRow>> {
    with_conn!(conn, {
        processes::table
            .filter(processes::slug.eq(slug))
            .select(ProcessRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn by_id(conn: &mut DbConn, id: ProcessId) -> QueryResult<Option<ProcessRow>> {
    with_conn!(conn, {
        processes::table
            .find(id)
            .select(ProcessRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<ProcessRow>> {
    with_conn!(conn, {
        processes::table
            .order(processes::created_at.desc())
            .select(ProcessRow::as_select())
            .load(conn)
    })
}

pub fn list_registration_open(conn: &mut DbConn) -> QueryResult<Vec<ProcessRow>> {
    with_conn!(conn, {
        processes::table
            .filter(processes::registration_open.eq(true))
            .order(processes::created_at.desc())
            .select(ProcessRow::as_select())
            .load(conn)
    })
}

pub fn update(
    conn: &mut DbConn,
    id: ProcessId,
    changes: &ProcessChanges,
) -> QueryResult<ProcessRow> {
    with_conn!(conn, {
        diesel::update(processes::table.find(id))
            .set(changes)
            .returning(ProcessRow::as_returning())
            .get_result(conn)
    })
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    with_conn!(conn, processes::table.count().get_result(conn))
}

pub fn set_active_model(
    conn: &mut DbConn,
    id: ProcessId,
    run: Option<crate::domain::RunId>,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(processes::table.find(id))
            .set(processes::active_model_run_id.eq(run))
            .execute(conn)
    })
}
