//! Computing a process's themes from its analysed sentences.

use planner_analysis::{
    engine::EngineKind,
    linear::Features,
    tfidf::Tfidf,
    themes::{default_k, themes},
};
use serde_json::json;

use super::Analyzer;
use crate::db::{
    self,
    themes::{ComputedTheme, NewTheme},
};
use crate::domain::SubmissionId;

impl Analyzer {
    /// Clusters the visible, non-duplicate sentences of a process and stores the themes.
    /// Returns how many themes were found.
    pub fn compute_themes(
        &self,
        process_id: crate::domain::ProcessId,
        k: Option<usize>,
        seed: u64,
    ) -> Result<usize, String> {
        let rows = self
            .db()
            .read_blocking(|conn| Ok(db::themes::theme_sentences(conn, process_id)?))
            .map_err(|e| e.to_string())?;
        let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
        let categories: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
        let vectors: Vec<Vec<f32>> = match self.engine().kind() {
            EngineKind::Embedding => self.engine().embed(&texts)?.unwrap_or_default(),
            EngineKind::Lexical => {
                let tfidf = Tfidf::fit(&texts);
                let dims = tfidf.dims();
                texts
                    .iter()
                    .map(|t| match tfidf.transform(t) {
                        f @ Features::Sparse(_) => planner_analysis::engine::dense(&f, dims),
                        Features::Dense(v) => v,
                    })
                    .collect()
            }
        };
        let languages = self
            .db()
            .read_blocking(|conn| Ok(db::processes::by_id(conn, process_id)?))
            .map_err(|e| e.to_string())?
            .map(|p| p.languages())
            .unwrap_or_default();
        let found = themes(
            &languages,
            &texts,
            &categories,
            &vectors,
            k.unwrap_or_else(|| default_k(texts.len())),
            seed,
        );
        let now = db::now();
        let new: Vec<ComputedTheme> = found
            .iter()
            .enumerate()
            .map(|(i, t)| ComputedTheme {
                theme: NewTheme {
                    process_id,
                    position: i as i32,
                    label: t.label.clone(),
                    terms: serde_json::to_string(&t.terms).expect("json"),
                    size: t.members.len() as i32,
                    category_mix: serde_json::to_string(&t.category_mix).expect("json"),
                    representatives: json!(t
                        .representatives
                        .iter()
                        .map(|&m| json!({ "sentence_id": rows[m].0, "submission_id": rows[m].1, "text": rows[m].2 }))
                        .collect::<Vec<_>>())
                    .to_string(),
                    seed: seed as i64,
                    created_at: now,
                },
                submissions: submissions_of(t.members.iter().map(|&m| rows[m].1)),
            })
            .collect();
        self.db()
            .write_queued(move |conn| Ok(db::themes::replace(conn, process_id, &new)?))
            .map_err(|e| e.to_string())
    }
}

/// The distinct submissions of a theme's sentences, by id.
fn submissions_of(ids: impl Iterator<Item = i64>) -> Vec<SubmissionId> {
    let mut ids: Vec<SubmissionId> = ids.map(SubmissionId).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submission_with_several_sentences_in_a_theme_is_one_member() {
        assert_eq!(
            submissions_of([9, 4, 9, 4, 7].into_iter()),
            [SubmissionId(4), SubmissionId(7), SubmissionId(9)]
        );
    }
}
