//! The engine itself: loading the embedding model (or falling back to TF-IDF) and turning
//! texts into features, through an embedding cache.

use std::path::Path;

use super::classifier::EngineKind;
use crate::{
    embed::{model_present, Embedder, MODEL_NAME},
    linear::Features,
    tfidf::Tfidf,
};

/// Somewhere to keep embeddings so the same sentence is embedded once per model.
pub trait EmbeddingCache: Send + Sync {
    /// Cached vectors for these texts (missing ones absent).
    fn get(&self, model: &str, texts: &[&str]) -> Vec<Option<Vec<f32>>>;
    fn put(&self, model: &str, items: &[(&str, &[f32])]);
}

pub struct Engine {
    embedder: Option<Embedder>,
    reason: String,
    cache: Option<Box<dyn EmbeddingCache>>,
}

impl Engine {
    /// The embedding engine when the model files load, else the lexical fallback; `reason`
    /// says which and why.
    pub fn load(model_dir: &Path) -> Self {
        if !model_present(model_dir) {
            return Self::lexical(format!(
                "model files not found in {} (run scripts/fetch-model.sh); using the lexical fallback",
                model_dir.display()
            ));
        }
        match Embedder::load(model_dir) {
            Ok(e) => Self {
                embedder: Some(e),
                reason: format!("{MODEL_NAME} loaded from {}", model_dir.display()),
                cache: None,
            },
            Err(err) => Self::lexical(format!(
                "model in {} failed to load ({err}); using the lexical fallback",
                model_dir.display()
            )),
        }
    }

    pub fn lexical(reason: impl Into<String>) -> Self {
        Self {
            embedder: None,
            reason: reason.into(),
            cache: None,
        }
    }

    pub fn with_cache(mut self, cache: Box<dyn EmbeddingCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Embeddings through the cache: only texts never seen with this model are computed.
    fn embed_cached(&self, embedder: &Embedder, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let Some(cache) = &self.cache else {
            return embedder.embed(texts).map_err(|e| e.to_string());
        };
        let mut out = cache.get(MODEL_NAME, texts);
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| out[i].is_none()).collect();
        if !missing.is_empty() {
            let todo: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
            let fresh = embedder.embed(&todo).map_err(|e| e.to_string())?;
            let items: Vec<(&str, &[f32])> = todo
                .iter()
                .copied()
                .zip(fresh.iter().map(Vec::as_slice))
                .collect();
            cache.put(MODEL_NAME, &items);
            for (i, v) in missing.into_iter().zip(fresh) {
                out[i] = Some(v);
            }
        }
        Ok(out.into_iter().map(|v| v.expect("filled")).collect())
    }

    pub fn kind(&self) -> EngineKind {
        if self.embedder.is_some() {
            EngineKind::Embedding
        } else {
            EngineKind::Lexical
        }
    }

    pub fn reason(&self) -> &str {
        &self.reason
    }

    pub fn embedder(&self) -> Option<&Embedder> {
        self.embedder.as_ref()
    }

    /// Embeddings that bypass the cache (for throw-away text such as a query being typed);
    /// None with the lexical engine.
    pub fn embed_uncached(&self, texts: &[&str]) -> Result<Option<Vec<Vec<f32>>>, String> {
        match &self.embedder {
            Some(e) => e.embed(texts).map(Some).map_err(|e| e.to_string()),
            None => Ok(None),
        }
    }

    /// Embeddings through the cache; None with the lexical engine.
    pub fn embed(&self, texts: &[&str]) -> Result<Option<Vec<Vec<f32>>>, String> {
        match &self.embedder {
            Some(e) => self.embed_cached(e, texts).map(Some),
            None => Ok(None),
        }
    }

    /// Features for `texts` in this engine's space (`tfidf` required for lexical).
    pub fn featurize(
        &self,
        texts: &[&str],
        tfidf: Option<&Tfidf>,
    ) -> Result<Vec<Features>, String> {
        match (&self.embedder, tfidf) {
            (Some(e), _) => Ok(self
                .embed_cached(e, texts)?
                .into_iter()
                .map(Features::Dense)
                .collect()),
            (None, Some(t)) => Ok(texts.iter().map(|s| t.transform(s)).collect()),
            (None, None) => Err("lexical features need a fitted vocabulary".into()),
        }
    }

    pub(super) fn embedding_model(&self) -> Option<String> {
        self.embedder.as_ref().map(|_| MODEL_NAME.to_owned())
    }
}

pub(super) fn dims_of(x: &[Features], tfidf: Option<&Tfidf>) -> usize {
    match (tfidf, x.first()) {
        (Some(t), _) => t.dims(),
        (None, Some(Features::Dense(v))) => v.len(),
        _ => 0,
    }
}

pub fn dense(x: &Features, dims: usize) -> Vec<f32> {
    match x {
        Features::Dense(v) => v.clone(),
        Features::Sparse(s) => {
            let mut v = vec![0.0; dims];
            s.iter().for_each(|&(i, x)| v[i as usize] = x);
            v
        }
    }
}
