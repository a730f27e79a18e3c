//! Fitting the linear models of a classifier: the fit options and example weights a set of
//! hyper-parameters gives, and the TF-IDF model mixed into the embedding model.

use super::classifier::LexicalPart;
use super::training_inputs::Hyper;
use crate::{
    linear::{Features, FitOptions, LinearModel},
    tfidf::Tfidf,
};

pub(super) fn fit_options(h: Hyper) -> FitOptions {
    FitOptions {
        l2: h.l2,
        ..FitOptions::default()
    }
}

pub(super) fn example_weights(admin: &[bool], h: Hyper) -> Vec<f32> {
    admin
        .iter()
        .map(|a| if *a { h.admin_weight } else { 1.0 })
        .collect()
}

/// A TF-IDF model on these texts (fixed default regularisation).
pub(super) fn lexical_part(
    labels: &[String],
    texts: &[&str],
    y: &[usize],
    weights: &[f32],
) -> LexicalPart {
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
