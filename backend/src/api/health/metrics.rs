//! Prometheus metrics, for the addresses in METRICS_ALLOWED_IPS only (default loopback), and

use crate::{
    error::{ApiError, Problem},
    security::client_ip::carries_forwarding_headers,
    state::AppState,
};
use actix_web::{get, web, HttpRequest, HttpResponse};

/// Prometheus metrics, for the addresses in METRICS_ALLOWED_IPS only (default loopback), and
/// never for a request that came through a proxy: a reverse proxy on the same host connects
/// from loopback too, and would otherwise publish this page.
#[utoipa::path(
    operation_id = "metrics",
    tag = "health",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/metrics")]
pub async fn metrics(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let peer = req.peer_addr().map(|a| a.ip());
    if carries_forwarding_headers(req.headers())
        || !peer.is_some_and(|ip| {
            state
                .settings
                .metrics_allowed
                .iter()
                .any(|net| net.contains(&ip))
        })
    {
        // Not a scraper we know: as if there were nothing here.
        return Err(ApiError::NotFound);
    }
    let db = state.db.clone();
    let (queued, (db_bytes, wal_bytes)) = state
        .db
        .read(move |conn| Ok((crate::db::jobs::queued_count(conn)?, db.sizes(conn))))
        .await
        .unwrap_or((-1, (0, 0)));
    let (connections, idle) = state.db.pool_state();
    let text = state.metrics.render(&[
        (
            "planner_db_pool_connections",
            "Open database connections in the pool.",
            f64::from(connections),
        ),
        (
            "planner_db_pool_idle_connections",
            "Idle database connections in the pool.",
            f64::from(idle),
        ),
        (
            "planner_job_queue_depth",
            "Analysis, training and theme jobs queued or running.",
            queued as f64,
        ),
        (
            "planner_jobs_finished_total",
            "Jobs this server ran to the end (done or failed).",
            state.analyzer.jobs_finished() as f64,
        ),
        (
            "planner_db_statements_total",
            "SQL statements sent to the database by this server (round trips; per request: divide by planner_http_requests_total).",
            crate::db::statements::total() as f64,
        ),
        (
            "planner_database_size_bytes",
            "Size of the database (the SQLite file, or pg_database_size).",
            db_bytes as f64,
        ),
        (
            "planner_database_wal_size_bytes",
            "Size of SQLite's write-ahead log (0 on PostgreSQL).",
            wal_bytes as f64,
        ),
        (
            "planner_untrusted_forwarded_requests_total",
            "Requests with forwarding headers from a private or loopback peer not in TRUSTED_PROXIES (a proxy we were not told about).",
            state
                .metrics
                .untrusted_forwarded
                .load(std::sync::atomic::Ordering::Relaxed) as f64,
        ),
        (
            "planner_rate_limit_redis_fail_open_total",
            "Rate-limit checks let through because Redis did not answer.",
            state
                .limiters
                .redis_fail_open
                .load(std::sync::atomic::Ordering::Relaxed) as f64,
        ),
    ]) + &state.backups.render_metrics();
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .insert_header(("Cache-Control", "no-store"))
        .body(text))
}
