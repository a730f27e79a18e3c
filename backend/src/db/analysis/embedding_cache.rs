//! The embedding cache: sentence vectors stored per model, so a sentence is embedded once.

use diesel::prelude::*;

use crate::db::{schema::embedding_cache, with_conn, DbConn};

pub fn cached_embeddings(
    conn: &mut DbConn,
    model: &str,
    hashes: &[String],
) -> QueryResult<Vec<(String, Vec<u8>)>> {
    with_conn!(conn, {
        embedding_cache::table
            .filter(
                embedding_cache::model
                    .eq(model)
                    .and(embedding_cache::text_hash.eq_any(hashes)),
            )
            .select((embedding_cache::text_hash, embedding_cache::vector))
            .load(conn)
    })
}

/// One cached embedding, whole (for copying an installation; the analyser uses
/// [`cached_embeddings`] and [`NewEmbedding`]).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = embedding_cache,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg)
)]
pub struct EmbeddingRow {
    pub model: String,
    pub text_hash: String,
    /// Little-endian f32s.
    pub vector: Vec<u8>,
}

#[derive(Insertable)]
#[diesel(table_name = embedding_cache)]
pub struct NewEmbedding<'a> {
    pub model: &'a str,
    pub text_hash: &'a str,
    pub vector: &'a [u8],
}

/// Stores embeddings; one already cached by a concurrent writer is left as it is.
pub fn cache_embeddings(conn: &mut DbConn, rows: &[NewEmbedding]) -> QueryResult<usize> {
    with_conn!(conn, {
        let mut stored = 0;
        for row in rows {
            stored += diesel::insert_into(embedding_cache::table)
                .values(row)
                .on_conflict((embedding_cache::model, embedding_cache::text_hash))
                .do_nothing()
                .execute(conn)?;
        }
        Ok(stored)
    })
}
