//! Similar and duplicate submissions. A submission is represented by the mean of its
//! sentence embeddings (already cached by the analysis), so comparing costs no model run;
//! with the lexical engine, by its TF-IDF vector over the content terms of the process's
//! texts (`planner_analysis::similarity`: without the stop-words of the process's languages,
//! accents and plural endings).

use std::collections::BTreeMap;

use planner_analysis::{
    engine::EngineKind,
    language::Language,
    segment::segment,
    similarity::{dot, duplicate_threshold, lexical_vectors, normalised_mean, similar_threshold},
    tfidf::sparse_cosine,
};

use super::Analyzer;
use crate::db::{self, submissions::SubmissionRow};

/// How close counts as "someone already said something close", per engine (cosine).
pub fn default_threshold(kind: EngineKind) -> f32 {
    similar_threshold(kind == EngineKind::Lexical)
}

/// The default cosine for near-duplicate groups, per engine.
pub fn default_duplicate_threshold(kind: EngineKind) -> f32 {
    duplicate_threshold(kind == EngineKind::Lexical)
}

enum Vectors {
    Dense(Vec<Vec<f32>>),
    Sparse(Vec<Vec<(u32, f32)>>),
}

impl Analyzer {
    /// The declared languages of the process these submissions belong to.
    fn languages_of(&self, rows: &[SubmissionRow]) -> Result<Vec<Language>, String> {
        let Some(process_id) = rows.first().map(|r| r.process_id) else {
            return Ok(Vec::new());
        };
        self.db()
            .read_blocking(|conn| Ok(db::processes::by_id(conn, process_id)?))
            .map_err(|e| e.to_string())
            .map(|p| p.map(|p| p.languages()).unwrap_or_default())
    }

    /// Vectors for `texts` (the first `queries` of them are throw-away queries, not cached).
    /// All sentences go to the model (and its cache) in one batch per kind, so comparing
    /// against thousands of submissions costs a handful of cache reads, not one per text.
    fn vectors(
        &self,
        texts: &[String],
        queries: usize,
        languages: &[Language],
    ) -> Result<Vectors, String> {
        match self.engine().kind() {
            EngineKind::Embedding => {
                let split: Vec<Vec<String>> = texts
                    .iter()
                    .map(|text| {
                        let sentences: Vec<String> =
                            segment(text).into_iter().map(|s| s.text).collect();
                        if sentences.is_empty() {
                            vec![text.clone()]
                        } else {
                            sentences
                        }
                    })
                    .collect();
                let queries = queries.min(split.len());
                fn flat(part: &[Vec<String>]) -> Vec<&str> {
                    part.iter().flatten().map(String::as_str).collect()
                }
                let (query, known) = (flat(&split[..queries]), flat(&split[queries..]));
                let mut embedded = Vec::with_capacity(query.len() + known.len());
                if !query.is_empty() {
                    embedded.extend(
                        self.engine()
                            .embed_uncached(&query)?
                            .ok_or("embedding engine without embedder")?,
                    );
                }
                if !known.is_empty() {
                    embedded.extend(
                        self.engine()
                            .embed(&known)?
                            .ok_or("embedding engine without embedder")?,
                    );
                }
                let mut rest = embedded.as_slice();
                let mut out = Vec::with_capacity(split.len());
                for sentences in &split {
                    let (mine, after) = rest.split_at(sentences.len());
                    out.push(normalised_mean(mine));
                    rest = after;
                }
                Ok(Vectors::Dense(out))
            }
            EngineKind::Lexical => {
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                Ok(Vectors::Sparse(lexical_vectors(&refs, languages)))
            }
        }
    }

    /// Up to `limit` of `candidates` closest to `text`, at or above `threshold`, most similar first.
    pub fn similar(
        &self,
        text: &str,
        candidates: Vec<SubmissionRow>,
        threshold: f32,
        limit: usize,
    ) -> Result<Vec<(SubmissionRow, f32)>, String> {
        let mut texts = vec![text.to_owned()];
        texts.extend(candidates.iter().map(|c| c.text.clone()));
        let languages = self.languages_of(&candidates)?;
        let scores: Vec<f32> = match self.vectors(&texts, 1, &languages)? {
            Vectors::Dense(v) => v[1..].iter().map(|c| dot(&v[0], c)).collect(),
            Vectors::Sparse(v) => v[1..].iter().map(|c| sparse_cosine(&v[0], c)).collect(),
        };
        let mut scored: Vec<(SubmissionRow, f32)> = candidates
            .into_iter()
            .zip(scores)
            .filter(|(_, s)| *s >= threshold)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
        scored.truncate(limit);
        Ok(scored)
    }

    /// Groups of near-duplicates (every pair linked at or above `threshold`, transitively),
    /// largest first; each group with its smallest pairwise link.
    pub fn duplicate_groups(
        &self,
        rows: Vec<SubmissionRow>,
        threshold: f32,
    ) -> Result<Vec<(Vec<SubmissionRow>, f32)>, String> {
        let texts: Vec<String> = rows.iter().map(|r| r.text.clone()).collect();
        let languages = self.languages_of(&rows)?;
        let vectors = self.vectors(&texts, 0, &languages)?;
        let n = rows.len();
        let sim = |i: usize, j: usize| match &vectors {
            Vectors::Dense(v) => dot(&v[i], &v[j]),
            Vectors::Sparse(v) => sparse_cosine(&v[i], &v[j]),
        };
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut weakest: BTreeMap<usize, f32> = BTreeMap::new();
        let mut links = Vec::new();
        for i in 0..n {
            for j in (i + 1)..n {
                let s = sim(i, j);
                if s >= threshold {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[b.max(a)] = a.min(b);
                    }
                    links.push((i, s));
                }
            }
        }
        for (i, s) in links {
            let r = root(&mut parent, i);
            let w = weakest.entry(r).or_insert(1.0);
            *w = w.min(s);
        }
        let mut groups: BTreeMap<usize, Vec<SubmissionRow>> = BTreeMap::new();
        for (i, row) in rows.into_iter().enumerate() {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(row);
        }
        let mut out: Vec<(Vec<SubmissionRow>, f32)> = groups
            .into_iter()
            .filter(|(_, g)| g.len() > 1)
            .map(|(r, g)| (g, weakest.get(&r).copied().unwrap_or(1.0)))
            .collect();
        out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0[0].id.cmp(&b.0[0].id)));
        Ok(out)
    }
}

/// Visible (or, for admins' duplicate search, non-hidden) submissions of a process.
pub fn candidates(
    db: &db::Db,
    process_id: crate::domain::ProcessId,
    include_flagged: bool,
    exclude: Option<crate::domain::SubmissionId>,
) -> Result<Vec<SubmissionRow>, String> {
    db.read_blocking(|conn| {
        Ok(db::submissions::comparable(
            conn,
            process_id,
            include_flagged,
        )?)
    })
    .map(|rows| rows.into_iter().filter(|r| Some(r.id) != exclude).collect())
    .map_err(|e| e.to_string())
}
