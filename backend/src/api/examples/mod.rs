//! Training examples admins add beside the labels.

pub mod add_example;
pub mod delete_example;
pub mod list_examples;

use crate::domain::vocab::ExampleKind;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ExampleView {
    pub id: crate::domain::ExampleId,
    pub text: String,
    pub category: String,
    /// Admin labels on sentences are corrections or confirmations; examples are added directly.
    pub kind: ExampleKind,
    pub sentence_id: Option<crate::domain::SentenceId>,
    pub created_at: DateTime<Utc>,
}
