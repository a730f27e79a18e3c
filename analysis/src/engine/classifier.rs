//! A trained classifier and its predictions: which engine it belongs to, its linear model(s),
//! and the probabilities and most probable category for a text.

use serde::{Deserialize, Serialize};

use super::training_inputs::Hyper;
use crate::{
    linear::{Features, LinearModel},
    tfidf::Tfidf,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngineKind {
    /// all-MiniLM-L6-v2 sentence embeddings.
    Embedding,
    /// TF-IDF over words, trained on the seed corpus: works with zero set-up, clearly weaker.
    Lexical,
}

impl EngineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EngineKind::Embedding => "embedding",
            EngineKind::Lexical => "lexical",
        }
    }
}

/// A trained classifier, serialisable so a training run can be stored, activated and rolled back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Classifier {
    pub engine: EngineKind,
    /// The embedding model the weights belong to (None for lexical).
    pub embedding_model: Option<String>,
    pub model: LinearModel,
    pub tfidf: Option<Tfidf>,
    pub hyper: Option<Hyper>,
    /// For the embedding engine: the TF-IDF model mixed in (`hyper.mix`).
    #[serde(default)]
    pub lexical: Option<LexicalPart>,
}

/// A TF-IDF logistic regression trained on the same examples as the embedding model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LexicalPart {
    pub model: LinearModel,
    pub tfidf: Tfidf,
}

impl Classifier {
    /// Probabilities for one text's features (and, with a lexical part, its text).
    pub(super) fn probabilities(&self, x: &Features, text: &str) -> Vec<f32> {
        let p = self.model.probabilities(x);
        match (&self.lexical, self.hyper.map(|h| h.mix).unwrap_or(1.0)) {
            (Some(lex), mix) if mix < 1.0 => {
                let q = lex.model.probabilities(&lex.tfidf.transform(text));
                p.iter()
                    .zip(q)
                    .map(|(a, b)| mix * a + (1.0 - mix) * b)
                    .collect()
            }
            _ => p,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    pub category: String,
    /// Probability of the chosen category, 0..1.
    pub confidence: f32,
    /// Probability per category, in the classifier's label order.
    pub distribution: Vec<(String, f32)>,
}

/// The most probable label; ties go to the label listed first (the process's category order).
pub fn prediction(labels: &[String], p: Vec<f32>) -> Prediction {
    let mut best = 0;
    for (i, v) in p.iter().enumerate() {
        if *v > p[best] {
            best = i;
        }
    }
    Prediction {
        category: labels[best].clone(),
        confidence: p[best],
        distribution: labels.iter().cloned().zip(p.iter().copied()).collect(),
    }
}
