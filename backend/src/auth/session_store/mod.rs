//! Server-side sessions for actix-session: in our own database (one server) or in Redis
//! (replicas share them). Logout, revocation and expiry take effect on the next request; only
//! a SHA-256 of the session key is stored. A store that fails marks the request (see
//! `auth::store_health`) instead of surfacing as an opaque 500.

mod any;
mod db_store;
mod redis_store;
mod state;

pub use any::AnyStore;
pub use db_store::DbSessionStore;
pub use redis_store::{redis_store, RedisSessionStore};
pub use state::MAX_SESSIONS_PER_TOKEN;
