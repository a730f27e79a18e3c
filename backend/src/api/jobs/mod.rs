//! Background jobs over the API: which engine analyses, queueing (re-)analysis, and a
//! job's progress.

pub mod get_job;
pub mod start_analysis;
pub mod status;

use crate::api::utc;
use crate::db::jobs::JobRow;
use crate::domain::vocab::{JobKind, JobState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct JobView {
    pub id: crate::domain::JobId,
    pub kind: JobKind,
    pub state: JobState,
    pub done: i32,
    pub total: i32,
    pub errors: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<JobRow> for JobView {
    fn from(j: JobRow) -> Self {
        Self {
            id: j.id,
            kind: j.kind,
            state: j.state,
            done: j.done,
            total: j.total,
            errors: serde_json::from_str(&j.errors).unwrap_or_default(),
            created_at: utc(j.created_at),
            updated_at: utc(j.updated_at),
            finished_at: j.finished_at.map(utc),
        }
    }
}
