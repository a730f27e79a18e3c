//! Themes: what people talk about, without reading every submission.

pub mod list;
pub mod rename;
pub mod start;

use crate::db::themes::ThemeRow;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct RepresentativeSentence {
    pub sentence_id: i64,
    pub submission_id: crate::domain::SubmissionId,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeView {
    pub id: crate::domain::ThemeId,
    /// The admin's name for it, else the generated one.
    pub label: String,
    /// Generated from its most characteristic words.
    pub generated_label: String,
    pub terms: Vec<String>,
    /// Sentences in the theme.
    pub size: i32,
    /// Sentences per category.
    pub category_mix: BTreeMap<String, i64>,
    /// The sentences closest to its centre.
    pub representatives: Vec<RepresentativeSentence>,
}

fn view(t: ThemeRow) -> ThemeView {
    ThemeView {
        id: t.id,
        label: t.custom_label.clone().unwrap_or_else(|| t.label.clone()),
        generated_label: t.label,
        terms: serde_json::from_str(&t.terms).unwrap_or_default(),
        size: t.size,
        category_mix: serde_json::from_str(&t.category_mix).unwrap_or_default(),
        representatives: serde_json::from_str(&t.representatives).unwrap_or_default(),
    }
}
