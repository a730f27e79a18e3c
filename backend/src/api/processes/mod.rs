//! Planning processes: create, list, read, update, and self-service registration.

pub mod create;
pub mod get;
pub mod list;
pub mod register;
pub mod update;

use crate::api::utc;
use crate::{
    db::{moderation_settings::ModerationSettingsRow, processes::ProcessRow},
    domain::{Category, ContributorType, MapView, ProcessId, Translations},
    error::FieldError,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A process as shown to callers; `id`, `created_at` and `updated_at` only to admins.
#[derive(Serialize, ToSchema)]
pub struct ProcessView {
    pub slug: String,
    pub title: String,
    pub prompt: String,
    pub registration_open: bool,
    pub submissions_open: bool,
    pub public_submissions: bool,
    pub categories: Vec<Category>,
    pub contributor_types: Vec<ContributorType>,
    pub map: Option<MapView>,
    /// The languages participants write in (ISO 639-1 codes).
    #[schema(value_type = Vec<crate::domain::process::LanguageCode>)]
    pub languages: Vec<String>,
    /// Admins only: participants' new submissions stay unlisted (flagged, "awaiting
    /// approval") until an admin restores them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_moderation: Option<bool>,
    /// Admins only: how many participants must report a submission before it is flagged for
    /// an admin's look (0: reports never flag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_threshold: Option<i32>,
    /// The title, prompt and category names in the UI's languages; a field a language lacks
    /// shows the base text above.
    pub translations: Translations,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<ProcessId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl ProcessView {
    pub fn new(row: &ProcessRow, admin: bool) -> Self {
        Self {
            slug: row.slug.clone(),
            title: row.title.clone(),
            prompt: row.prompt.clone(),
            registration_open: row.registration_open,
            submissions_open: row.submissions_open,
            public_submissions: row.public_submissions,
            categories: row.categories(),
            contributor_types: row.contributor_types(),
            map: row.map(),
            languages: row.language_codes(),
            pre_moderation: None,
            report_threshold: None,
            translations: row.translations(),
            id: admin.then_some(row.id),
            created_at: admin.then(|| utc(row.created_at)),
            updated_at: admin.then(|| utc(row.updated_at)),
        }
    }
}

impl ProcessView {
    /// Adds the moderation settings (admins' views only).
    pub fn with_moderation(mut self, settings: &ModerationSettingsRow) -> Self {
        self.pre_moderation = Some(settings.pre_moderation);
        self.report_threshold = Some(settings.report_threshold);
        self
    }
}

/// Collects every field error (a translation may have several) instead of stopping at the first.
fn collect_all<T>(errors: &mut Vec<FieldError>, result: Result<T, Vec<FieldError>>) -> Option<T> {
    result.map_err(|mut e| errors.append(&mut e)).ok()
}

/// Collects every field error instead of stopping at the first.
fn collect<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}
