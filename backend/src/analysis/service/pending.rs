//! Analysing pending submissions: claiming a batch, categorising it, storing the sentences
//! (admin labels kept) and each submission's summary.

use std::collections::{BTreeMap, HashMap};

use super::{analyzer::Analyzer, predict::SentencePrediction};
use crate::analysis::summary::summarise;
use crate::db::{
    self,
    analysis::{self as rows, NewSentence},
    Db,
};
use crate::domain::{vocab::SentenceSource, ProcessId, RunId, SubmissionId};

/// Submissions stored per piece of background write work (see `analyse_pending`).
const STORE_PIECE: usize = 4;

/// Submissions this analysis thread has claimed, on one pooled connection held for the
/// batch; released when dropped, whatever happened in between.
struct Claims {
    conn: db::PooledConn,
}

impl Claims {
    fn new(db: &Db) -> Result<Self, crate::error::ApiError> {
        Ok(Self { conn: db.conn()? })
    }

    /// Up to `limit` pending submissions, oldest first, that no other replica is analysing.
    fn claim_pending(
        &mut self,
        process_id: Option<ProcessId>,
        limit: i64,
    ) -> diesel::QueryResult<Vec<(SubmissionId, ProcessId, String)>> {
        let conn = &mut self.conn.as_db();
        // On PostgreSQL look past the first `limit`: other replicas may hold some of them.
        // SQLite grants every claim, so the first `limit` are the batch.
        let lookahead = if matches!(conn, db::DbConn::Pg(_)) {
            4
        } else {
            1
        };
        let candidates = rows::pending_submissions(conn, process_id, limit * lookahead)?;
        let mut claimed = Vec::new();
        for candidate in candidates {
            if claimed.len() as i64 == limit {
                break;
            }
            if db::locks::try_claim_analysis(conn, candidate.0)? {
                claimed.push(candidate);
            }
        }
        Ok(claimed)
    }
}

impl Drop for Claims {
    fn drop(&mut self) {
        if let Err(err) = db::locks::release_claims(&mut self.conn.as_db()) {
            log::error!("could not release analysis claims: {err}");
        }
    }
}

impl Analyzer {
    /// Analyses up to `limit` pending submissions (of one process, or any). Returns how many.
    /// Sentences an admin labelled keep their label when their text is unchanged.
    ///
    /// With several replicas, each claims the submissions it analyses (see
    /// [`db::locks::try_claim_analysis`]) and leaves the ones another is busy with.
    pub fn analyse_pending(
        &self,
        process_id: Option<ProcessId>,
        limit: i64,
    ) -> Result<usize, String> {
        let mut claims = Claims::new(&self.db).map_err(|e| e.to_string())?;
        let pending = claims
            .claim_pending(process_id, limit)
            .map_err(|e| e.to_string())?;
        let mut by_process: BTreeMap<ProcessId, Vec<(SubmissionId, String)>> = BTreeMap::new();
        for (id, process, text) in pending {
            by_process.entry(process).or_default().push((id, text));
        }
        let mut analysed = 0;
        for (process_id, items) in by_process {
            let Some(process) = self
                .db
                .read_blocking(|conn| Ok(db::processes::by_id(conn, process_id)?))
                .map_err(|e| e.to_string())?
            else {
                continue;
            };
            let order: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
            let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
            let (predicted, run) = self.predict_texts(&process, &texts)?;
            // Stored in pieces of STORE_PIECE submissions: with group commit each piece joins
            // a transaction after the requests waiting for it, so a request waits for one
            // piece at most, and with no request waiting they share one commit (one fsync
            // with SQLITE_DURABLE, which capped a backlog's drain at the disk's fsync rate
            // when every submission committed alone). A piece that fails stays pending.
            let order = std::sync::Arc::new(order);
            let mut batch = items
                .into_iter()
                .zip(predicted)
                .map(|((id, text), sentences)| (id, text, sentences))
                .peekable();
            let mut pieces = Vec::new();
            while batch.peek().is_some() {
                let piece: Vec<(SubmissionId, String, Vec<_>)> =
                    batch.by_ref().take(STORE_PIECE).collect();
                let order = order.clone();
                pieces.push(move |conn: &mut db::DbConn| {
                    for (submission_id, text, sentences) in &piece {
                        store_one(conn, *submission_id, text, sentences, &order, run)?;
                    }
                    Ok::<_, crate::error::ApiError>(piece.len())
                });
            }
            for stored in self.db.write_queued_pieces(pieces) {
                match stored {
                    Ok(n) => analysed += n,
                    Err(err) => log::error!("could not store an analysis: {err}"),
                }
            }
        }
        Ok(analysed)
    }
}

/// Stores one submission's sentences (a sentence an admin labelled keeps its label while its
/// text is unchanged) and its summary.
fn store_one(
    conn: &mut db::DbConn,
    submission_id: SubmissionId,
    text: &str,
    sentences: &[SentencePrediction],
    order: &[String],
    run: Option<RunId>,
) -> diesel::QueryResult<()> {
    let admin_labels: HashMap<String, rows::SentenceRow> =
        rows::for_submission(conn, submission_id)?
            .into_iter()
            .filter(|s| s.source == SentenceSource::Admin)
            .map(|s| (s.text.clone(), s))
            .collect();
    let new_rows: Vec<NewSentence> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let kept = admin_labels.get(&s.text);
            NewSentence {
                submission_id,
                position: i as i32,
                text: s.text.clone(),
                start_offset: s.start as i32,
                end_offset: s.end as i32,
                category: kept
                    .map(|k| k.category.clone())
                    .unwrap_or_else(|| s.category.clone()),
                confidence: kept
                    .map(|k| k.confidence)
                    .unwrap_or(f64::from(s.confidence)),
                source: kept.map_or(SentenceSource::Model, |k| k.source),
                model_run_id: if kept.is_some() { None } else { run },
                reviewed_at: kept.and_then(|k| k.reviewed_at),
            }
        })
        .collect();
    let labelled: Vec<(String, f64)> = new_rows
        .iter()
        .map(|r| (r.category.clone(), r.confidence))
        .collect();
    let (primary, _) = summarise(&labelled, order);
    let min_conf = new_rows.iter().map(|r| r.confidence).reduce(f64::min);
    rows::store_analysis(
        conn,
        submission_id,
        text,
        &new_rows,
        primary.as_deref(),
        min_conf,
        db::now(),
    )?;
    Ok(())
}
