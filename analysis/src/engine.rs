//! The analysis engine: turns sentences into features (embeddings, or TF-IDF when the model
//! files are absent), trains classifiers from labelled sentences, and predicts categories with
//! a confidence.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{
    embed::{model_present, Embedder, MODEL_NAME},
    linear::{FitOptions, Features, LinearModel},
    metrics::{evaluate, Evaluation},
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

/// A category as the process defines it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategorySpec {
    pub key: String,
    pub name: String,
    pub description: String,
}

/// Where a labelled sentence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleSource {
    /// The shipped seed corpus or a process's example sentences.
    Seed,
    /// An admin's correction or confirmation.
    Admin,
}

#[derive(Debug, Clone)]
pub struct TrainingExample {
    pub text: String,
    pub category: String,
    /// Related sentences (same submission, same topic) share a group and are never split
    /// across cross-validation folds.
    pub group: String,
    pub source: ExampleSource,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Hyper {
    pub l2: f32,
    /// Weight of an admin example relative to a seed example.
    pub admin_weight: f32,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    pub category: String,
    /// Probability of the chosen category, 0..1.
    pub confidence: f32,
    /// Probability per category, in the classifier's label order.
    pub distribution: Vec<(String, f32)>,
}

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
    /// Held-out predictions of the chosen candidate, for the run's metrics.
    pub held_out: Option<Evaluation>,
}

pub struct Engine {
    embedder: Option<Embedder>,
    reason: String,
}

/// Cosine-similarity temperature for prototype (zero-shot) scores.
const PROTOTYPE_SCALE: f32 = 20.0;
const CV_FOLDS: usize = 5;

impl Engine {
    /// The embedding engine when the model files load, else the lexical fallback; `reason`
    /// says which and why.
    pub fn load(model_dir: &Path) -> Self {
        if !model_present(model_dir) {
            return Self::lexical(format!(
                "model files not found in {} (run scripts/fetch-model.sh); using the lexical fallback",
                model_dir.display()
            ));
        }
        match Embedder::load(model_dir) {
            Ok(e) => Self { embedder: Some(e), reason: format!("{MODEL_NAME} loaded from {}", model_dir.display()) },
            Err(err) => Self::lexical(format!("model in {} failed to load ({err}); using the lexical fallback", model_dir.display())),
        }
    }

    pub fn lexical(reason: impl Into<String>) -> Self {
        Self { embedder: None, reason: reason.into() }
    }

    pub fn kind(&self) -> EngineKind {
        if self.embedder.is_some() {
            EngineKind::Embedding
        } else {
            EngineKind::Lexical
        }
    }

    pub fn reason(&self) -> &str {
        &self.reason
    }

    pub fn embedder(&self) -> Option<&Embedder> {
        self.embedder.as_ref()
    }

    /// Features for `texts` in this engine's space (`tfidf` required for lexical).
    pub fn featurize(&self, texts: &[&str], tfidf: Option<&Tfidf>) -> Result<Vec<Features>, String> {
        match (&self.embedder, tfidf) {
            (Some(e), _) => Ok(e.embed(texts).map_err(|e| e.to_string())?.into_iter().map(Features::Dense).collect()),
            (None, Some(t)) => Ok(texts.iter().map(|s| t.transform(s)).collect()),
            (None, None) => Err("lexical features need a fitted vocabulary".into()),
        }
    }

    /// Zero-shot: one prototype per category from its name and description alone.
    pub fn zero_shot(&self, categories: &[CategorySpec]) -> Result<Classifier, String> {
        let texts: Vec<String> = categories.iter().map(|c| format!("{}: {}", c.name, c.description)).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let tfidf = match self.kind() {
            EngineKind::Embedding => None,
            EngineKind::Lexical => Some(Tfidf::fit(&refs)),
        };
        let features = self.featurize(&refs, tfidf.as_ref())?;
        let dims = dims_of(&features, tfidf.as_ref());
        let weights = features.iter().map(|f| dense(f, dims).into_iter().map(|v| v * PROTOTYPE_SCALE).collect()).collect();
        Ok(Classifier {
            engine: self.kind(),
            embedding_model: self.embedding_model(),
            model: LinearModel { labels: categories.iter().map(|c| c.key.clone()).collect(), dims, weights, bias: vec![0.0; categories.len()] },
            tfidf,
            hyper: None,
        })
    }

    fn embedding_model(&self) -> Option<String> {
        self.embedder.as_ref().map(|_| MODEL_NAME.to_owned())
    }

    /// Fits logistic regression on seed and admin examples, choosing hyper-parameters by
    /// grouped cross-validation: held-out folds are whole groups of admin examples (or, with
    /// too few, topic groups of the seed examples), so related sentences never leak across.
    pub fn train(&self, categories: &[CategorySpec], examples: &[TrainingExample]) -> Result<TrainingOutcome, String> {
        let labels: Vec<String> = categories.iter().map(|c| c.key.clone()).collect();
        let usable: Vec<&TrainingExample> = examples.iter().filter(|e| labels.contains(&e.category)).collect();
        if usable.is_empty() {
            return Err("no training examples for these categories".into());
        }
        let texts: Vec<&str> = usable.iter().map(|e| e.text.as_str()).collect();
        let tfidf = match self.kind() {
            EngineKind::Embedding => None,
            EngineKind::Lexical => Some(Tfidf::fit(&texts)),
        };
        let x = self.featurize(&texts, tfidf.as_ref())?;
        let dims = dims_of(&x, tfidf.as_ref());
        let y: Vec<usize> = usable.iter().map(|e| labels.iter().position(|l| *l == e.category).expect("filtered")).collect();
        let admin: Vec<bool> = usable.iter().map(|e| e.source == ExampleSource::Admin).collect();
        let folds = assign_folds(&usable, &x, dims);
        let candidates = candidates(admin.iter().any(|a| *a));
        let mut scores = Vec::new();
        let mut best: Option<(CandidateScore, Evaluation)> = None;
        for hyper in candidates {
            let (gold, predicted) = cross_validate(&labels, dims, &x, &y, &admin, &folds, hyper);
            let eval = evaluate(&labels, &gold, &predicted);
            let score = CandidateScore { hyper, accuracy: eval.accuracy, macro_f1: eval.macro_f1 };
            // Ties keep the earlier (more regularised) candidate.
            if best.as_ref().is_none_or(|(b, _)| score.accuracy > b.accuracy + 1e-9) {
                best = Some((score.clone(), eval));
            }
            scores.push(score);
        }
        let (chosen, held_out) = best.expect("at least one candidate");
        let weights = example_weights(&admin, chosen.hyper);
        let model = LinearModel::fit(labels, dims, &x, &y, &weights, fit_options(chosen.hyper));
        Ok(TrainingOutcome {
            classifier: Classifier { engine: self.kind(), embedding_model: self.embedding_model(), model, tfidf, hyper: Some(chosen.hyper) },
            cross_validation: scores,
            held_out: Some(held_out),
        })
    }

    pub fn predict(&self, classifier: &Classifier, texts: &[&str]) -> Result<Vec<Prediction>, String> {
        if classifier.engine != self.kind() {
            return Err(format!("classifier was trained for the {} engine, {} is active", classifier.engine.as_str(), self.kind().as_str()));
        }
        let x = self.featurize(texts, classifier.tfidf.as_ref())?;
        Ok(x.iter().map(|f| predict_one(&classifier.model, f)).collect())
    }
}

/// The most probable label; ties go to the label listed first (the process's category order).
pub fn predict_one(model: &LinearModel, x: &Features) -> Prediction {
    let p = model.probabilities(x);
    let mut best = 0;
    for (i, v) in p.iter().enumerate() {
        if *v > p[best] {
            best = i;
        }
    }
    Prediction {
        category: model.labels[best].clone(),
        confidence: p[best],
        distribution: model.labels.iter().cloned().zip(p.iter().copied()).collect(),
    }
}

fn candidates(with_admin: bool) -> Vec<Hyper> {
    let weights: &[f32] = if with_admin { &[3.0, 1.0] } else { &[1.0] };
    let mut out = Vec::new();
    for &l2 in &[1e-2, 1e-3, 1e-4] {
        for &admin_weight in weights {
            out.push(Hyper { l2, admin_weight });
        }
    }
    out
}

fn fit_options(h: Hyper) -> FitOptions {
    FitOptions { l2: h.l2, ..FitOptions::default() }
}

fn example_weights(admin: &[bool], h: Hyper) -> Vec<f32> {
    admin.iter().map(|a| if *a { h.admin_weight } else { 1.0 }).collect()
}

fn dims_of(x: &[Features], tfidf: Option<&Tfidf>) -> usize {
    match (tfidf, x.first()) {
        (Some(t), _) => t.dims(),
        (None, Some(Features::Dense(v))) => v.len(),
        _ => 0,
    }
}

fn dense(x: &Features, dims: usize) -> Vec<f32> {
    match x {
        Features::Dense(v) => v.clone(),
        Features::Sparse(s) => {
            let mut v = vec![0.0; dims];
            s.iter().for_each(|&(i, x)| v[i as usize] = x);
            v
        }
    }
}

/// Fold per example: admin examples by their group when there are enough groups, otherwise
/// every example by topic cluster. `None` = always in training.
fn assign_folds(examples: &[&TrainingExample], x: &[Features], dims: usize) -> Vec<Option<usize>> {
    let admin_groups: Vec<&str> = {
        let mut g: Vec<&str> = examples.iter().filter(|e| e.source == ExampleSource::Admin).map(|e| e.group.as_str()).collect();
        g.sort();
        g.dedup();
        g
    };
    if admin_groups.len() >= CV_FOLDS {
        return examples
            .iter()
            .map(|e| (e.source == ExampleSource::Admin).then(|| admin_groups.binary_search(&e.group.as_str()).expect("known") % CV_FOLDS))
            .collect();
    }
    let topics = topic_clusters(x, dims, CV_FOLDS * 4);
    topics.into_iter().map(|t| Some(t % CV_FOLDS)).collect()
}

/// Deterministic k-means (farthest-point initialisation, 10 rounds) used only to keep
/// same-topic sentences in the same fold.
fn topic_clusters(x: &[Features], dims: usize, k: usize) -> Vec<usize> {
    let points: Vec<Vec<f32>> = x.iter().map(|f| dense(f, dims)).collect();
    let k = k.min(points.len()).max(1);
    let dist = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>();
    let mut centroids = vec![points[0].clone()];
    while centroids.len() < k {
        let far = (0..points.len())
            .max_by(|&i, &j| {
                let di = centroids.iter().map(|c| dist(&points[i], c)).fold(f32::MAX, f32::min);
                let dj = centroids.iter().map(|c| dist(&points[j], c)).fold(f32::MAX, f32::min);
                di.total_cmp(&dj).then(j.cmp(&i))
            })
            .expect("points");
        centroids.push(points[far].clone());
    }
    let mut assignment = vec![0; points.len()];
    for _ in 0..10 {
        for (i, p) in points.iter().enumerate() {
            assignment[i] = (0..k).min_by(|&a, &b| dist(p, &centroids[a]).total_cmp(&dist(p, &centroids[b]))).expect("k>0");
        }
        for (c, centroid) in centroids.iter_mut().enumerate() {
            let members: Vec<&Vec<f32>> = points.iter().zip(&assignment).filter(|(_, a)| **a == c).map(|(p, _)| p).collect();
            if !members.is_empty() {
                for j in 0..dims {
                    centroid[j] = members.iter().map(|m| m[j]).sum::<f32>() / members.len() as f32;
                }
            }
        }
    }
    assignment
}

/// Out-of-fold predictions for every example that has a fold.
fn cross_validate(
    labels: &[String],
    dims: usize,
    x: &[Features],
    y: &[usize],
    admin: &[bool],
    folds: &[Option<usize>],
    hyper: Hyper,
) -> (Vec<String>, Vec<String>) {
    let weights = example_weights(admin, hyper);
    let results: Vec<(Vec<String>, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CV_FOLDS)
            .map(|fold| {
                let weights = &weights;
                scope.spawn(move || {
                    let train: Vec<usize> = (0..x.len()).filter(|&i| folds[i] != Some(fold)).collect();
                    let test: Vec<usize> = (0..x.len()).filter(|&i| folds[i] == Some(fold)).collect();
                    if test.is_empty() || train.is_empty() {
                        return (Vec::new(), Vec::new());
                    }
                    let tx: Vec<Features> = train.iter().map(|&i| x[i].clone()).collect();
                    let ty: Vec<usize> = train.iter().map(|&i| y[i]).collect();
                    let tw: Vec<f32> = train.iter().map(|&i| weights[i]).collect();
                    let model = LinearModel::fit(labels.to_vec(), dims, &tx, &ty, &tw, fit_options(hyper));
                    let gold = test.iter().map(|&i| labels[y[i]].clone()).collect();
                    let predicted = test.iter().map(|&i| predict_one(&model, &x[i]).category).collect();
                    (gold, predicted)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("fold thread")).collect()
    });
    results.into_iter().fold((Vec::new(), Vec::new()), |(mut g, mut p), (fg, fp)| {
        g.extend(fg);
        p.extend(fp);
        (g, p)
    })
}
