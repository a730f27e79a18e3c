//! Request-level security controls: tokens, client address, CSRF gate, headers, rate limits.

pub mod client_ip;
pub mod csrf;
pub mod headers;
pub mod methods;
pub mod ratelimit;
pub mod redis_limiter;
pub mod share_links;
pub mod tokens;
