//! The [`Job`] enum: every kind of background job with its payload, stored as a kind and JSON.

use serde::{Deserialize, Serialize};

use crate::{
    db::{
        self,
        jobs::{self as rows, JobRow, NewJob},
        DbConn,
    },
    domain::vocab::{JobKind, JobState},
};

/// A job and what it needs to run; stored as its kind and a JSON payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Categorise the process's pending submissions; with `reanalyse_all` the caller has
    /// marked every submission pending first.
    Analyse { reanalyse_all: bool },
    /// Train the queued model run `run_id`.
    Train { run_id: crate::domain::RunId },
    /// Analyse, then cluster into `k` themes (or a number chosen from the data), seeded.
    Themes { k: Option<usize>, seed: u64 },
}

#[derive(Serialize, Deserialize)]
struct AnalysePayload {
    /// Absent in rows written by older versions, which never read the payload of this kind.
    #[serde(default)]
    reanalyse_all: bool,
}

#[derive(Serialize, Deserialize)]
struct TrainPayload {
    run_id: crate::domain::RunId,
}

#[derive(Serialize, Deserialize)]
struct ThemesPayload {
    k: Option<usize>,
    seed: u64,
}

impl Job {
    pub fn kind(&self) -> JobKind {
        match self {
            Job::Analyse { .. } => JobKind::Analyse,
            Job::Train { .. } => JobKind::Train,
            Job::Themes { .. } => JobKind::Themes,
        }
    }

    fn payload(&self) -> String {
        let json = match *self {
            Job::Analyse { reanalyse_all } => {
                serde_json::to_string(&AnalysePayload { reanalyse_all })
            }
            Job::Train { run_id } => serde_json::to_string(&TrainPayload { run_id }),
            Job::Themes { k, seed } => serde_json::to_string(&ThemesPayload { k, seed }),
        };
        json.expect("payloads serialise")
    }

    /// The job a stored row describes.
    pub fn from_row(row: &JobRow) -> Result<Self, String> {
        let bad = |e: serde_json::Error| format!("job {} has an unreadable payload: {e}", row.id);
        Ok(match row.kind {
            JobKind::Analyse => {
                let p: AnalysePayload = serde_json::from_str(&row.payload).map_err(bad)?;
                Job::Analyse {
                    reanalyse_all: p.reanalyse_all,
                }
            }
            JobKind::Train => {
                let p: TrainPayload = serde_json::from_str(&row.payload).map_err(bad)?;
                Job::Train { run_id: p.run_id }
            }
            JobKind::Themes => {
                let p: ThemesPayload = serde_json::from_str(&row.payload).map_err(bad)?;
                Job::Themes {
                    k: p.k,
                    seed: p.seed,
                }
            }
        })
    }

    /// Queues the job for a process on behalf of an admin, in the caller's transaction (so the
    /// job and its audit entry are written together). Wake the runner after the commit
    /// (`Analyzer::notify`).
    pub fn enqueue(
        &self,
        conn: &mut DbConn,
        process_id: crate::domain::ProcessId,
        admin: crate::domain::TokenId,
    ) -> diesel::QueryResult<JobRow> {
        let now = db::now();
        rows::insert(
            conn,
            &NewJob {
                kind: self.kind(),
                process_id: Some(process_id),
                payload: self.payload(),
                state: JobState::Queued,
                created_by: Some(admin),
                created_at: now,
                updated_at: now,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `enqueue` stores, `from_row` reads back, for every kind (and rows written before
    /// this enum existed use the same payloads).
    #[test]
    fn payloads_round_trip() {
        for job in [
            Job::Analyse {
                reanalyse_all: true,
            },
            Job::Train {
                run_id: crate::domain::RunId(7),
            },
            Job::Themes {
                k: Some(4),
                seed: 42,
            },
            Job::Themes { k: None, seed: 1 },
        ] {
            let now = db::now();
            let row = JobRow {
                id: crate::domain::JobId(1),
                kind: job.kind(),
                process_id: Some(crate::domain::ProcessId(1)),
                payload: job.payload(),
                state: JobState::Queued,
                done: 0,
                total: 0,
                errors: "[]".into(),
                attempts: 0,
                created_by: None,
                created_at: now,
                updated_at: now,
                finished_at: None,
                lease_until: None,
            };
            assert_eq!(Job::from_row(&row).unwrap(), job);
        }
        assert_eq!(
            Job::Train {
                run_id: crate::domain::RunId(3),
            }
            .payload(),
            r#"{"run_id":3}"#,
            "the stored payload format is unchanged"
        );
    }
}
