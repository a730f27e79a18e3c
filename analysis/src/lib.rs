//! Analysis engine: sentence segmentation, sentence embeddings, and category classifiers that
//! learn from admin corrections. Pure library, no web framework, so benchmarks and the
//! evaluation CLI use exactly what the server uses.

pub mod cluster;
pub mod corpus;
pub mod dupeval;
pub mod embed;
pub mod engine;
pub mod language;
pub mod linear;
pub mod metrics;
pub mod segeval;
pub mod segment;
pub mod similarity;
pub mod tfidf;
pub mod themes;
