//! Sentences, training examples, model runs and the embedding cache.

mod embedding_cache;
mod model_runs;
mod pending;
mod sentences;
mod training_examples;

pub use embedding_cache::{cache_embeddings, cached_embeddings, EmbeddingRow, NewEmbedding};
pub use model_runs::{
    fail_run, finish_run, insert_run, run_by_id, runs_for_process, set_run_state, ModelRunRow,
    NewModelRun,
};
pub use pending::{count_pending, mark_process_pending, pending_submissions};
pub use sentences::{
    by_id, for_submission, for_submissions, review_queue, set_sentence_category, store_analysis,
    update_summary, NewSentence, SentenceRow,
};
pub use training_examples::{
    delete_example, example_by_id, examples_for_process, record_example, NewTrainingExample,
    TrainingExampleRow,
};
