//! Training runs: start one, list them with metrics, activate a finished one, roll back.

pub mod activate_run;
pub mod list_runs;
pub mod rollback;
pub mod start_training;

use crate::api::utc;
use crate::db::analysis::{self as rows};
use crate::domain::vocab::RunState;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct RunView {
    pub id: crate::domain::RunId,
    pub engine: String,
    pub state: RunState,
    /// Training examples used (seed corpus, descriptions, process examples, admin labels).
    pub examples: i32,
    /// Held-out metrics (accuracy, macro-F1, per-category precision/recall/F1, confusion
    /// matrix) beside the zero-shot baseline on the same data, and the cross-validation
    /// scores of every hyper-parameter candidate.
    #[schema(value_type = Option<Object>)]
    pub metrics: Option<serde_json::Value>,
    pub error: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn run_view(r: &rows::ModelRunRow, active: Option<crate::domain::RunId>) -> RunView {
    RunView {
        id: r.id,
        engine: r.engine.clone(),
        state: r.state,
        examples: r.examples,
        metrics: r
            .metrics
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok()),
        error: r.error.clone(),
        active: active == Some(r.id),
        created_at: utc(r.created_at),
        finished_at: r.finished_at.map(utc),
    }
}
