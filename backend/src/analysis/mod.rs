//! The analysis service: segments submissions into sentences, categorises them with the
//! process's active model, learns from admin labels, and runs all of that on its own thread so
//! request handling never waits for a model.

pub mod cache;
pub mod eval;
pub mod service;
pub mod similarity;
pub mod slots;
pub mod summary;
pub mod themes;

pub use service::{Analyzer, SentencePrediction};
