//! Segmenting texts and categorising their sentences with the process's model.

use std::collections::BTreeMap;

use planner_analysis::{engine::Engine, linear::Features, segment};
use serde::Serialize;
use utoipa::ToSchema;

use super::analyzer::Analyzer;
use crate::db::processes::ProcessRow;

/// One sentence with its predicted category.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SentencePrediction {
    pub text: String,
    /// Byte offsets of the sentence in the submitted text.
    pub start: usize,
    pub end: usize,
    pub category: String,
    /// Probability of `category`, 0..1.
    pub confidence: f32,
    /// Probability of every category of the process.
    pub distribution: BTreeMap<String, f32>,
}

impl Analyzer {
    /// Segments and categorises each text with the process's model; the sentences' embeddings
    /// go to the cache (these are submissions, analysed to be kept).
    pub fn predict_texts(
        &self,
        process: &ProcessRow,
        texts: &[&str],
    ) -> Result<(Vec<Vec<SentencePrediction>>, Option<crate::domain::RunId>), String> {
        self.predict(process, texts, Caching::Store)
    }

    /// Segments and categorises a throw-away text (`/classify`): nothing about it is stored,
    /// not even its sentences' embeddings.
    pub fn classify_text(
        &self,
        process: &ProcessRow,
        text: &str,
    ) -> Result<(Vec<SentencePrediction>, Option<crate::domain::RunId>), String> {
        let (mut predicted, run) = self.predict(process, &[text], Caching::Bypass)?;
        Ok((predicted.remove(0), run))
    }

    fn predict(
        &self,
        process: &ProcessRow,
        texts: &[&str],
        caching: Caching,
    ) -> Result<(Vec<Vec<SentencePrediction>>, Option<crate::domain::RunId>), String> {
        let (classifier, run) = self.model_for(process)?;
        let segmented: Vec<Vec<segment::Sentence>> =
            texts.iter().map(|t| segment::segment(t)).collect();
        let flat: Vec<&str> = segmented
            .iter()
            .flatten()
            .map(|s| s.text.as_str())
            .collect();
        let uncached = match caching {
            Caching::Bypass => self.engine.embed_uncached(&flat)?,
            Caching::Store => None,
        };
        let features = match uncached {
            Some(vectors) => vectors.into_iter().map(Features::Dense).collect(),
            None => self.engine.featurize(&flat, classifier.tfidf.as_ref())?,
        };
        let mut predictions = Engine::predict_features(&classifier, &features, &flat).into_iter();
        let out = segmented
            .into_iter()
            .map(|sentences| {
                sentences
                    .into_iter()
                    .map(|s| {
                        let p = predictions.next().expect("one prediction per sentence");
                        SentencePrediction {
                            text: s.text,
                            start: s.start,
                            end: s.end,
                            category: p.category,
                            confidence: p.confidence,
                            distribution: p.distribution.into_iter().collect(),
                        }
                    })
                    .collect()
            })
            .collect();
        Ok((out, run))
    }
}

/// Whether the embeddings of the sentences being predicted go to the cache.
#[derive(Clone, Copy)]
enum Caching {
    Store,
    Bypass,
}
