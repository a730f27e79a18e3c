//! Categorising sentences with the right model for each process, and training new models.

mod analyzer;
mod examples;
mod models;
mod pending;
mod predict;
mod training;

pub use analyzer::Analyzer;
pub use examples::{category_specs, seed_examples};
pub use predict::SentencePrediction;
pub use training::per_category_json;
