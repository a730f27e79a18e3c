//! Category labels from admins (per sentence, per submission) and the review queue of
//! sentences the model is least sure about.

pub mod review_queue;
pub mod set_sentence_category;
pub mod set_submission_category;

use crate::domain::vocab::{ExampleKind, SentenceSource};
use crate::{
    db::{
        self,
        analysis::{self as rows, NewTrainingExample, SentenceRow},
        processes::ProcessRow,
        DbConn,
    },
    domain::{SentenceId, SubmissionId, TokenId},
    error::{ApiError, FieldCode, FieldError},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One categorised sentence.
#[derive(Serialize, ToSchema, Clone)]
pub struct SentenceView {
    pub id: SentenceId,
    pub submission_id: SubmissionId,
    pub text: String,
    pub category: String,
    pub confidence: f64,
    pub source: SentenceSource,
}

impl From<&SentenceRow> for SentenceView {
    fn from(s: &SentenceRow) -> Self {
        Self {
            id: s.id,
            submission_id: s.submission_id,
            text: s.text.clone(),
            category: s.category.clone(),
            confidence: s.confidence,
            source: s.source,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryRequest {
    /// One of the process's category keys.
    #[schema(example = "objective")]
    pub category: String,
}

pub fn check_category(process: &ProcessRow, category: &str) -> Result<(), ApiError> {
    if process.categories().iter().any(|c| c.key == category) {
        Ok(())
    } else {
        Err(ApiError::field(FieldError::new(
            "category",
            FieldCode::NotAllowed,
            "is not one of this process's categories",
        )))
    }
}

/// Labels sentences of one submission and records each label as a training example
/// (a correction when it changes the category, a confirmation when it does not).
fn label_sentences(
    conn: &mut DbConn,
    process: &ProcessRow,
    sentences: &[SentenceRow],
    category: &str,
    admin: TokenId,
) -> Result<(), ApiError> {
    let now = db::now();
    for s in sentences {
        rows::set_sentence_category(conn, s.id, category, now)?;
        rows::record_example(
            conn,
            &NewTrainingExample {
                process_id: process.id,
                sentence_id: Some(s.id),
                text: s.text.clone(),
                category: category.into(),
                kind: if s.category == category && s.source == SentenceSource::Model {
                    ExampleKind::Confirmation
                } else {
                    ExampleKind::Correction
                },
                group_key: format!("submission:{}", s.submission_id),
                created_by: Some(admin),
                created_at: now,
            },
        )?;
    }
    if let Some(first) = sentences.first() {
        let all = rows::for_submission(conn, first.submission_id)?;
        let order: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
        let labelled: Vec<(String, f64)> = all
            .iter()
            .map(|s| (s.category.clone(), s.confidence))
            .collect();
        let (primary, _) = crate::analysis::summary::summarise(&labelled, &order);
        let min = all.iter().map(|s| s.confidence).reduce(f64::min);
        rows::update_summary(conn, first.submission_id, primary.as_deref(), min)?;
    }
    Ok(())
}
