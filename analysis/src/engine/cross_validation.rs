//! Grouped cross-validation: folds that keep related sentences together, and out-of-fold
//! predictions for each hyper-parameter candidate.

use super::classifier::{prediction, Classifier, EngineKind};
use super::features::dense;
use super::fitting::{example_weights, fit_options, lexical_part};
use super::training_inputs::{ExampleSource, Hyper, TrainingExample};
use crate::linear::{Features, LinearModel};

const CV_FOLDS: usize = 5;

/// Fold per example. Each example's group is its explicit group (e.g. its submission) or, when
/// it has none, its topic cluster. Folds hold out whole groups of admin examples when there are
/// enough of them (seed examples then always train); otherwise whole groups of all examples.
/// `None` = always in training.
pub(super) fn assign_folds(
    examples: &[&TrainingExample],
    x: &[Features],
    dims: usize,
) -> Vec<Option<usize>> {
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

/// Out-of-fold predictions for every example that has a fold, for each mix.
#[allow(clippy::too_many_arguments)]
pub(super) fn cross_validate(
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
