//! Themes: what people talk about, without reading every submission.

pub mod list;
pub mod rename;
pub mod respond;
pub mod start;

use crate::db::{theme_members::MemberCounts, themes::ThemeRow};
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
    /// Whether the theme knows its submissions. False for themes computed before themes
    /// recorded them: compute themes again to answer the theme or count its outcomes.
    pub members_known: bool,
    /// Submissions with a sentence in the theme (what answering it answers); 0 while
    /// `members_known` is false.
    pub submissions: i64,
    /// The same with every submission marked as a duplicate of one of them (what answering it
    /// with `include_duplicates` answers).
    pub submissions_with_duplicates: i64,
}

fn view(t: ThemeRow, counts: MemberCounts) -> ThemeView {
    ThemeView {
        members_known: t.members_known,
        submissions: counts.submissions,
        submissions_with_duplicates: counts.with_duplicates,
        id: t.id,
        label: t.custom_label.clone().unwrap_or_else(|| t.label.clone()),
        generated_label: t.label,
        terms: serde_json::from_str(&t.terms).unwrap_or_default(),
        size: t.size,
        category_mix: serde_json::from_str(&t.category_mix).unwrap_or_default(),
        representatives: serde_json::from_str(&t.representatives).unwrap_or_default(),
    }
}
