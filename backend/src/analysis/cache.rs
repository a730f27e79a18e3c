//! Embeddings cached in the database, keyed by model and SHA-256 of the sentence text.

use planner_analysis::engine::EmbeddingCache;

use crate::{
    db::{analysis, Db},
    security::tokens,
};

pub struct DbEmbeddingCache {
    pub db: Db,
}

fn to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_bytes(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

impl EmbeddingCache for DbEmbeddingCache {
    fn get(&self, model: &str, texts: &[&str]) -> Vec<Option<Vec<f32>>> {
        let hashes: Vec<String> = texts.iter().map(|t| tokens::hash(t)).collect();
        let mut found = std::collections::HashMap::new();
        // Chunked so the IN list stays well under SQLite's parameter limit.
        for chunk in hashes.chunks(500) {
            let rows =
                self.db.conn().ok().and_then(|mut c| {
                    analysis::cached_embeddings(&mut c.as_db(), model, chunk).ok()
                });
            found.extend(rows.unwrap_or_default());
        }
        hashes
            .iter()
            .map(|h| found.get(h).map(|b| from_bytes(b)))
            .collect()
    }

    fn put(&self, model: &str, items: &[(&str, &[f32])]) {
        let model = model.to_owned();
        let owned: Vec<(String, Vec<u8>)> = items
            .iter()
            .map(|(t, v)| (tokens::hash(t), to_bytes(v)))
            .collect();
        // A cache write that fails (busy database) only costs a recomputation later.
        if let Err(err) = self.db.write_queued(move |conn| {
            let rows: Vec<analysis::NewEmbedding> = owned
                .iter()
                .map(|(h, b)| analysis::NewEmbedding {
                    model: &model,
                    text_hash: h,
                    vector: b,
                })
                .collect();
            Ok(analysis::cache_embeddings(conn, &rows)?)
        }) {
            log::warn!("embedding cache write failed: {err}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn vectors_round_trip_through_bytes() {
        let v = vec![0.5f32, -1.25, 3.0e-8];
        assert_eq!(super::from_bytes(&super::to_bytes(&v)), v);
    }
}
