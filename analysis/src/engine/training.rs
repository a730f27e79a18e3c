//! Training classifiers from labelled examples: with hyper-parameters chosen by grouped
//! cross-validation ([`Engine::train`]) or fixed ([`Engine::fit`]).

use serde::Serialize;

use super::classifier::{Classifier, EngineKind};
use super::cross_validation::{assign_folds, cross_validate};
use super::features::{dims_of, Engine};
use super::fitting::{example_weights, fit_options, lexical_part};
use super::training_inputs::{CategorySpec, ExampleSource, Hyper, TrainingExample};
use crate::{
    linear::{Features, LinearModel},
    metrics::{evaluate, Evaluation},
    tfidf::Tfidf,
};

/// Cross-validation result of one hyper-parameter candidate.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateScore {
    pub hyper: Hyper,
    pub accuracy: f64,
    pub macro_f1: f64,
}

pub struct TrainingOutcome {
    pub classifier: Classifier,
    pub cross_validation: Vec<CandidateScore>,
    /// Out-of-fold predictions of the chosen candidate on the held-out examples.
    pub held_out: Evaluation,
    /// The zero-shot classifier (names and descriptions only) on the same held-out examples.
    pub baseline: Evaluation,
}

impl Engine {
    /// Fits logistic regression on seed and admin examples, choosing hyper-parameters by
    /// grouped cross-validation: held-out folds are whole groups of admin examples (or, with
    /// too few, topic groups of the seed examples), so related sentences never leak across.
    pub fn train(
        &self,
        categories: &[CategorySpec],
        examples: &[TrainingExample],
    ) -> Result<TrainingOutcome, String> {
        let Some(Prepared {
            labels,
            usable,
            texts,
            tfidf,
            x,
            dims,
            y,
            admin,
        }) = self.prepare(categories, examples)?
        else {
            return Err("no training examples for these categories".into());
        };
        let folds = assign_folds(&usable, &x, dims);
        // The embedding engine also tries mixing in a TF-IDF model trained on the same
        // examples; how much is chosen here, on held-out folds, like l2.
        let mixes: &[f32] = match self.kind() {
            EngineKind::Embedding => &MIXES,
            EngineKind::Lexical => &[1.0],
        };
        let mut scores = Vec::new();
        let mut best: Option<(CandidateScore, Evaluation)> = None;
        for hyper in candidates(admin.iter().any(|a| *a)) {
            for (mix, gold, predicted) in
                cross_validate(&labels, dims, &x, &texts, &y, &admin, &folds, hyper, mixes)
            {
                let eval = evaluate(&labels, &gold, &predicted);
                let score = CandidateScore {
                    hyper: Hyper { mix, ..hyper },
                    accuracy: eval.accuracy,
                    macro_f1: eval.macro_f1,
                };
                // Ties keep the earlier candidate: more regularised, less mixed.
                if best
                    .as_ref()
                    .is_none_or(|(b, _)| score.accuracy > b.accuracy + 1e-9)
                {
                    best = Some((score.clone(), eval));
                }
                scores.push(score);
            }
        }
        let (chosen, held_out) = best.expect("at least one candidate");
        let baseline = {
            let zero = self.zero_shot(categories)?;
            let held: Vec<usize> = (0..usable.len()).filter(|&i| folds[i].is_some()).collect();
            let held_texts: Vec<&str> = held.iter().map(|&i| texts[i]).collect();
            let predicted: Vec<String> = self
                .predict(&zero, &held_texts)?
                .into_iter()
                .map(|p| p.category)
                .collect();
            let gold: Vec<String> = held.iter().map(|&i| labels[y[i]].clone()).collect();
            evaluate(&labels, &gold, &predicted)
        };
        let weights = example_weights(&admin, chosen.hyper);
        let lexical = (chosen.hyper.mix < 1.0).then(|| lexical_part(&labels, &texts, &y, &weights));
        let model = LinearModel::fit(labels, dims, &x, &y, &weights, fit_options(chosen.hyper));
        Ok(TrainingOutcome {
            classifier: Classifier {
                engine: self.kind(),
                embedding_model: self.embedding_model(),
                model,
                tfidf,
                hyper: Some(chosen.hyper),
                lexical,
            },
            cross_validation: scores,
            held_out,
            baseline,
        })
    }

    /// Fits with fixed hyper-parameters, no cross-validation: for the default model every
    /// process starts with.
    pub fn fit(
        &self,
        categories: &[CategorySpec],
        examples: &[TrainingExample],
        hyper: Hyper,
    ) -> Result<Classifier, String> {
        let Some(Prepared {
            labels,
            texts,
            tfidf,
            x,
            dims,
            y,
            admin,
            ..
        }) = self.prepare(categories, examples)?
        else {
            return self.zero_shot(categories);
        };
        let weights = example_weights(&admin, hyper);
        // Only the embedding engine mixes in a TF-IDF model; the lexical engine is one already.
        let lexical = (hyper.mix < 1.0 && self.kind() == EngineKind::Embedding)
            .then(|| lexical_part(&labels, &texts, &y, &weights));
        let model = LinearModel::fit(labels, dims, &x, &y, &weights, fit_options(hyper));
        Ok(Classifier {
            engine: self.kind(),
            embedding_model: self.embedding_model(),
            model,
            tfidf,
            hyper: Some(hyper),
            lexical,
        })
    }
}

/// The examples of the process's categories with their features, labels and sources: what
/// training with model selection and a plain fit both start from.
struct Prepared<'a> {
    labels: Vec<String>,
    usable: Vec<&'a TrainingExample>,
    texts: Vec<&'a str>,
    tfidf: Option<Tfidf>,
    x: Vec<Features>,
    dims: usize,
    /// Each example's category, as an index into `labels`.
    y: Vec<usize>,
    /// Whether each example is an admin's label (weighted apart from the seed corpus).
    admin: Vec<bool>,
}

impl Engine {
    /// None when no example belongs to one of `categories`.
    fn prepare<'a>(
        &self,
        categories: &[CategorySpec],
        examples: &'a [TrainingExample],
    ) -> Result<Option<Prepared<'a>>, String> {
        let labels: Vec<String> = categories.iter().map(|c| c.key.clone()).collect();
        let usable: Vec<&TrainingExample> = examples
            .iter()
            .filter(|e| labels.contains(&e.category))
            .collect();
        if usable.is_empty() {
            return Ok(None);
        }
        let texts: Vec<&str> = usable.iter().map(|e| e.text.as_str()).collect();
        let tfidf = match self.kind() {
            EngineKind::Embedding => None,
            EngineKind::Lexical => Some(Tfidf::fit(&texts)),
        };
        let x = self.featurize(&texts, tfidf.as_ref())?;
        let dims = dims_of(&x, tfidf.as_ref());
        let y: Vec<usize> = usable
            .iter()
            .map(|e| {
                labels
                    .iter()
                    .position(|l| *l == e.category)
                    .expect("filtered")
            })
            .collect();
        let admin: Vec<bool> = usable
            .iter()
            .map(|e| e.source == ExampleSource::Admin)
            .collect();
        Ok(Some(Prepared {
            labels,
            usable,
            texts,
            tfidf,
            x,
            dims,
            y,
            admin,
        }))
    }
}

fn candidates(with_admin: bool) -> Vec<Hyper> {
    let weights: &[f32] = if with_admin { &[3.0, 1.0] } else { &[1.0] };
    let mut out = Vec::new();
    for &l2 in &[1e-2, 1e-3, 1e-4] {
        for &admin_weight in weights {
            out.push(Hyper {
                l2,
                admin_weight,
                mix: 1.0,
            });
        }
    }
    out
}

/// Mixes tried for the embedding engine (share of the embedding model).
const MIXES: [f32; 4] = [1.0, 0.7, 0.5, 0.3];
