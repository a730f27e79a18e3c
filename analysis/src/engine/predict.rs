//! Classifying with the engine: the zero-shot classifier from category names and
//! descriptions, and predictions of a trained classifier.

use super::classifier::{prediction, Classifier, EngineKind, Prediction};
use super::features::{dense, dims_of, Engine};
use super::training_inputs::CategorySpec;
use crate::{
    linear::{Features, LinearModel},
    tfidf::Tfidf,
};

/// Cosine-similarity temperature for prototype (zero-shot) scores.
const PROTOTYPE_SCALE: f32 = 20.0;

impl Engine {
    /// Zero-shot: one prototype per category from its name and description alone.
    pub fn zero_shot(&self, categories: &[CategorySpec]) -> Result<Classifier, String> {
        let texts: Vec<String> = categories
            .iter()
            .map(|c| format!("{}: {}", c.name, c.description))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let tfidf = match self.kind() {
            EngineKind::Embedding => None,
            EngineKind::Lexical => Some(Tfidf::fit(&refs)),
        };
        let features = self.featurize(&refs, tfidf.as_ref())?;
        let dims = dims_of(&features, tfidf.as_ref());
        let weights = features
            .iter()
            .map(|f| {
                dense(f, dims)
                    .into_iter()
                    .map(|v| v * PROTOTYPE_SCALE)
                    .collect()
            })
            .collect();
        Ok(Classifier {
            engine: self.kind(),
            embedding_model: self.embedding_model(),
            model: LinearModel {
                labels: categories.iter().map(|c| c.key.clone()).collect(),
                dims,
                weights,
                bias: vec![0.0; categories.len()],
            },
            tfidf,
            hyper: None,
            lexical: None,
        })
    }
    /// Predictions for precomputed features of `texts` (see [`Engine::featurize`]).
    pub fn predict_features(
        classifier: &Classifier,
        x: &[Features],
        texts: &[&str],
    ) -> Vec<Prediction> {
        x.iter()
            .zip(texts)
            .map(|(f, t)| prediction(&classifier.model.labels, classifier.probabilities(f, t)))
            .collect()
    }

    pub fn predict(
        &self,
        classifier: &Classifier,
        texts: &[&str],
    ) -> Result<Vec<Prediction>, String> {
        if classifier.engine != self.kind() {
            return Err(format!(
                "classifier was trained for the {} engine, {} is active",
                classifier.engine.as_str(),
                self.kind().as_str()
            ));
        }
        let x = self.featurize(texts, classifier.tfidf.as_ref())?;
        Ok(Self::predict_features(classifier, &x, texts))
    }
}
