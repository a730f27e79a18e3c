//! The analysis engine: turns sentences into features (embeddings, or TF-IDF when the model
//! files are absent), trains classifiers from labelled sentences, and predicts categories with
//! a confidence.

mod classifier;
mod cross_validation;
mod features;
mod fitting;
mod predict;
mod training;
mod training_inputs;

pub use classifier::{prediction, Classifier, EngineKind, LexicalPart, Prediction};
pub use features::{dense, EmbeddingCache, Engine};
pub use training::{CandidateScore, TrainingOutcome};
pub use training_inputs::{CategorySpec, ExampleSource, Hyper, TrainingExample};
