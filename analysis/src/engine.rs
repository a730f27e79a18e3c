//! The analysis engine: turns sentences into features (embeddings, or TF-IDF when the model
//! files are absent), trains classifiers from labelled sentences, and predicts categories with
//! a confidence.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{
    embed::{model_present, Embedder, MODEL_NAME},
    language::Language,
    linear::{Features, FitOptions, LinearModel},
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
    /// Share of the embedding model in the final probabilities; the rest comes from a TF-IDF
    /// model trained on the same examples (1 = embedding only). Chosen by cross-validation.
    #[serde(default = "one")]
    pub mix: f32,
}

fn one() -> f32 {
    1.0
}

impl Default for Hyper {
    fn default() -> Self {
        Self {
            l2: 1e-3,
            admin_weight: 3.0,
            mix: 1.0,
        }
    }
}

impl Hyper {
    /// The default model's hyper-parameters for a process in `languages`. English keeps the
    /// embedding model alone. With Spanish, all-MiniLM-L6-v2 (trained on English) is mixed with
    /// a TF-IDF model: grouped cross-validation on the Spanish seed corpus chose l2 = 1e-4 and
    /// mix = 0.3 (accuracy 0.711, against 0.589 for the embedding alone and 0.667 for TF-IDF
    /// alone); the Spanish held-out set played no part in the choice.
    pub fn default_for(languages: &[Language]) -> Self {
        if languages.iter().all(|l| *l == Language::En) {
            Self::default()
        } else {
            Self {
                l2: 1e-4,
                mix: 0.3,
                ..Self::default()
            }
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
    fn probabilities(&self, x: &Features, text: &str) -> Vec<f32> {
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

/// Somewhere to keep embeddings so the same sentence is embedded once per model.
pub trait EmbeddingCache: Send + Sync {
    /// Cached vectors for these texts (missing ones absent).
    fn get(&self, model: &str, texts: &[&str]) -> Vec<Option<Vec<f32>>>;
    fn put(&self, model: &str, items: &[(&str, &[f32])]);
}

pub struct Engine {
    embedder: Option<Embedder>,
    reason: String,
    cache: Option<Box<dyn EmbeddingCache>>,
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
            Ok(e) => Self {
                embedder: Some(e),
                reason: format!("{MODEL_NAME} loaded from {}", model_dir.display()),
                cache: None,
            },
            Err(err) => Self::lexical(format!(
                "model in {} failed to load ({err}); using the lexical fallback",
                model_dir.display()
            )),
        }
    }

    pub fn lexical(reason: impl Into<String>) -> Self {
        Self {
            embedder: None,
            reason: reason.into(),
            cache: None,
        }
    }

    pub fn with_cache(mut self, cache: Box<dyn EmbeddingCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Embeddings through the cache: only texts never seen with this model are computed.
    fn embed_cached(&self, embedder: &Embedder, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let Some(cache) = &self.cache else {
            return embedder.embed(texts).map_err(|e| e.to_string());
        };
        let mut out = cache.get(MODEL_NAME, texts);
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| out[i].is_none()).collect();
        if !missing.is_empty() {
            let todo: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
            let fresh = embedder.embed(&todo).map_err(|e| e.to_string())?;
            let items: Vec<(&str, &[f32])> = todo
                .iter()
                .copied()
                .zip(fresh.iter().map(Vec::as_slice))
                .collect();
            cache.put(MODEL_NAME, &items);
            for (i, v) in missing.into_iter().zip(fresh) {
                out[i] = Some(v);
            }
        }
        Ok(out.into_iter().map(|v| v.expect("filled")).collect())
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

    /// Embeddings that bypass the cache (for throw-away text such as a query being typed);
    /// None with the lexical engine.
    pub fn embed_uncached(&self, texts: &[&str]) -> Result<Option<Vec<Vec<f32>>>, String> {
        match &self.embedder {
            Some(e) => e.embed(texts).map(Some).map_err(|e| e.to_string()),
            None => Ok(None),
        }
    }

    /// Embeddings through the cache; None with the lexical engine.
    pub fn embed(&self, texts: &[&str]) -> Result<Option<Vec<Vec<f32>>>, String> {
        match &self.embedder {
            Some(e) => self.embed_cached(e, texts).map(Some),
            None => Ok(None),
        }
    }

    /// Features for `texts` in this engine's space (`tfidf` required for lexical).
    pub fn featurize(
        &self,
        texts: &[&str],
        tfidf: Option<&Tfidf>,
    ) -> Result<Vec<Features>, String> {
        match (&self.embedder, tfidf) {
            (Some(e), _) => Ok(self
                .embed_cached(e, texts)?
                .into_iter()
                .map(Features::Dense)
                .collect()),
            (None, Some(t)) => Ok(texts.iter().map(|s| t.transform(s)).collect()),
            (None, None) => Err("lexical features need a fitted vocabulary".into()),
        }
    }

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

    fn embedding_model(&self) -> Option<String> {
        self.embedder.as_ref().map(|_| MODEL_NAME.to_owned())
    }

    /// Fits logistic regression on seed and admin examples, choosing hyper-parameters by
    /// grouped cross-validation: held-out folds are whole groups of admin examples (or, with
    /// too few, topic groups of the seed examples), so related sentences never leak across.
    pub fn train(
        &self,
        categories: &[CategorySpec],
        examples: &[TrainingExample],
    ) -> Result<TrainingOutcome, String> {
        let labels: Vec<String> = categories.iter().map(|c| c.key.clone()).collect();
        let usable: Vec<&TrainingExample> = examples
            .iter()
            .filter(|e| labels.contains(&e.category))
            .collect();
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
        let labels: Vec<String> = categories.iter().map(|c| c.key.clone()).collect();
        let usable: Vec<&TrainingExample> = examples
            .iter()
            .filter(|e| labels.contains(&e.category))
            .collect();
        if usable.is_empty() {
            return self.zero_shot(categories);
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

fn fit_options(h: Hyper) -> FitOptions {
    FitOptions {
        l2: h.l2,
        ..FitOptions::default()
    }
}

fn example_weights(admin: &[bool], h: Hyper) -> Vec<f32> {
    admin
        .iter()
        .map(|a| if *a { h.admin_weight } else { 1.0 })
        .collect()
}

fn dims_of(x: &[Features], tfidf: Option<&Tfidf>) -> usize {
    match (tfidf, x.first()) {
        (Some(t), _) => t.dims(),
        (None, Some(Features::Dense(v))) => v.len(),
        _ => 0,
    }
}

pub fn dense(x: &Features, dims: usize) -> Vec<f32> {
    match x {
        Features::Dense(v) => v.clone(),
        Features::Sparse(s) => {
            let mut v = vec![0.0; dims];
            s.iter().for_each(|&(i, x)| v[i as usize] = x);
            v
        }
    }
}

/// Fold per example. Each example's group is its explicit group (e.g. its submission) or, when
/// it has none, its topic cluster. Folds hold out whole groups of admin examples when there are
/// enough of them (seed examples then always train); otherwise whole groups of all examples.
/// `None` = always in training.
fn assign_folds(examples: &[&TrainingExample], x: &[Features], dims: usize) -> Vec<Option<usize>> {
    let topics = topic_clusters(x, dims, CV_FOLDS * 4);
    let keys: Vec<String> = examples
        .iter()
        .zip(&topics)
        .map(|(e, t)| {
            if e.group.is_empty() {
                format!("topic:{t}")
            } else {
                e.group.clone()
            }
        })
        .collect();
    let distinct = |admin_only: bool| {
        let mut k: Vec<&str> = keys
            .iter()
            .zip(examples)
            .filter(|(_, e)| !admin_only || e.source == ExampleSource::Admin)
            .map(|(k, _)| k.as_str())
            .collect();
        k.sort();
        k.dedup();
        k
    };
    let admin_keys = distinct(true);
    let (pool, admin_only) = if admin_keys.len() >= CV_FOLDS {
        (admin_keys, true)
    } else {
        (distinct(false), false)
    };
    keys.iter()
        .zip(examples)
        .map(|(k, e)| {
            (!admin_only || e.source == ExampleSource::Admin)
                .then(|| pool.binary_search(&k.as_str()).expect("known key") % CV_FOLDS)
        })
        .collect()
}

/// Topic groups (k-means on the features), used only to keep same-topic sentences in the same
/// cross-validation fold.
fn topic_clusters(x: &[Features], dims: usize, k: usize) -> Vec<usize> {
    let points: Vec<Vec<f32>> = x.iter().map(|f| dense(f, dims)).collect();
    crate::cluster::kmeans(&points, k, 0, 10).0
}

/// Mixes tried for the embedding engine (share of the embedding model).
const MIXES: [f32; 4] = [1.0, 0.7, 0.5, 0.3];

/// A TF-IDF model on these texts (fixed default regularisation).
fn lexical_part(labels: &[String], texts: &[&str], y: &[usize], weights: &[f32]) -> LexicalPart {
    let tfidf = Tfidf::fit(texts);
    let x: Vec<Features> = texts.iter().map(|t| tfidf.transform(t)).collect();
    let model = LinearModel::fit(
        labels.to_vec(),
        tfidf.dims(),
        &x,
        y,
        weights,
        FitOptions::default(),
    );
    LexicalPart { model, tfidf }
}

/// Out-of-fold predictions for every example that has a fold, for each mix.
#[allow(clippy::too_many_arguments)]
fn cross_validate(
    labels: &[String],
    dims: usize,
    x: &[Features],
    texts: &[&str],
    y: &[usize],
    admin: &[bool],
    folds: &[Option<usize>],
    hyper: Hyper,
    mixes: &[f32],
) -> Vec<(f32, Vec<String>, Vec<String>)> {
    let weights = example_weights(admin, hyper);
    // Per fold: gold labels, and predictions per mix.
    let results: Vec<(Vec<String>, Vec<Vec<String>>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CV_FOLDS)
            .map(|fold| {
                let weights = &weights;
                scope.spawn(move || {
                    let train: Vec<usize> =
                        (0..x.len()).filter(|&i| folds[i] != Some(fold)).collect();
                    let test: Vec<usize> =
                        (0..x.len()).filter(|&i| folds[i] == Some(fold)).collect();
                    if test.is_empty() || train.is_empty() {
                        return (Vec::new(), vec![Vec::new(); mixes.len()]);
                    }
                    let tx: Vec<Features> = train.iter().map(|&i| x[i].clone()).collect();
                    let ty: Vec<usize> = train.iter().map(|&i| y[i]).collect();
                    let tw: Vec<f32> = train.iter().map(|&i| weights[i]).collect();
                    let model =
                        LinearModel::fit(labels.to_vec(), dims, &tx, &ty, &tw, fit_options(hyper));
                    let lexical = (mixes.iter().any(|m| *m < 1.0)).then(|| {
                        let train_texts: Vec<&str> = train.iter().map(|&i| texts[i]).collect();
                        lexical_part(labels, &train_texts, &ty, &tw)
                    });
                    let gold = test.iter().map(|&i| labels[y[i]].clone()).collect();
                    let predicted = mixes
                        .iter()
                        .map(|&mix| {
                            let classifier = Classifier {
                                engine: EngineKind::Embedding,
                                embedding_model: None,
                                model: model.clone(),
                                tfidf: None,
                                hyper: Some(Hyper { mix, ..hyper }),
                                lexical: lexical.clone(),
                            };
                            test.iter()
                                .map(|&i| {
                                    prediction(labels, classifier.probabilities(&x[i], texts[i]))
                                        .category
                                })
                                .collect()
                        })
                        .collect();
                    (gold, predicted)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("fold thread"))
            .collect()
    });
    mixes
        .iter()
        .enumerate()
        .map(|(m, &mix)| {
            let mut gold = Vec::new();
            let mut predicted = Vec::new();
            for (g, p) in &results {
                gold.extend(g.iter().cloned());
                predicted.extend(p[m].iter().cloned());
            }
            (mix, gold, predicted)
        })
        .collect()
}
