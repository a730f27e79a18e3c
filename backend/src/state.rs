//! What every request handler and middleware shares: the database, the analysis service,
//! settings, limiters and the values computed once at start. Built by `startup`.

use std::sync::Arc;

use crate::{
    analysis::{slots::ModelSlots, Analyzer},
    config::Settings,
    db::Db,
    http::allow::AllowTable,
    metrics::Metrics,
    security::{headers::SecurityHeaders, ratelimit::Limiters, share_links::ShareKeys},
};

pub struct AppState {
    pub db: Db,
    pub analyzer: Arc<Analyzer>,
    pub settings: Arc<Settings>,
    pub limiters: Limiters,
    /// SHA-256 of the operator's `ADMIN_TOKEN`, compared in constant time.
    pub env_admin_digest: Option<[u8; 32]>,
    /// Origins allowed to send state-changing and credentialed requests.
    pub allowed_origins: Vec<String>,
    pub openapi_json: String,
    pub share_keys: ShareKeys,
    pub metrics: Metrics,
    /// Sent on every response, errors included.
    pub security_headers: SecurityHeaders,
    /// Model runs on the request path (`/classify`, `/similar`) at once.
    pub model_slots: ModelSlots,
    /// The methods each of our paths takes (405 + `Allow` for the others).
    pub allow: AllowTable,
    /// Scheduled backups: last success and failures, for /metrics and /admin/stats.
    pub backups: Arc<crate::backup::BackupStatus>,
}
