//! Installation statistics for admins: counts and database size.

use crate::auth::{op, Allowed};
use std::collections::BTreeMap;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{db, error::ApiError, state::AppState};

#[derive(Serialize, ToSchema)]
pub struct Stats {
    pub processes: i64,
    pub submissions: i64,
    /// Submissions per moderation status.
    pub submissions_by_status: BTreeMap<String, i64>,
    pub active_admin_tokens: i64,
    pub audit_entries: i64,
    /// `sqlite` or `postgres`.
    pub database_backend: String,
    /// Size of the database in bytes (the SQLite file, or `pg_database_size`).
    pub database_bytes: u64,
    /// Size of the write-ahead log in bytes (SQLite; 0 on PostgreSQL).
    pub wal_bytes: u64,
    /// Scheduled backups: on or off, the last success, failures.
    pub backups: crate::backup::BackupStats,
}

/// Counts and database size (admin).
#[utoipa::path(
    operation_id = "getStats",
    tag = "admin",
    responses((status = 200, body = Stats)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/admin/stats")]
pub async fn stats(
    state: web::Data<AppState>,
    _admin: Allowed<op::GetStats>,
) -> Result<HttpResponse, ApiError> {
    let db = state.db.clone();
    let backups = state.backups.snapshot();
    let stats = state
        .db
        .read(move |conn| {
            let (database_bytes, wal_bytes) = db.sizes(conn);
            Ok(Stats {
                database_backend: db.backend().name().into(),
                processes: db::processes::count(conn)?,
                submissions: db::submissions::count(conn)?,
                submissions_by_status: db::submissions::count_by_status(conn)?
                    .into_iter()
                    .collect(),
                active_admin_tokens: db::tokens::count_active_owners(conn, db::now())?,
                audit_entries: db::audit::count(conn)?,
                database_bytes,
                wal_bytes,
                backups,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(stats))
}
