//! Everything actix-specific between the socket and the handlers: the layers every request
//! passes (access log, metrics, security headers, method filter, CSRF gate, session, API
//! gate), extractor configuration, and what answers when no route matched.

pub mod access_log;
pub mod allow;
pub mod body;
pub mod compress;
pub mod cors;
pub mod csrf;
pub mod fallback;
pub mod gate;
pub mod headers;
pub mod methods;
pub mod metrics;
pub mod negotiate;
pub mod precompressed;
pub mod request_id;
pub mod session;
