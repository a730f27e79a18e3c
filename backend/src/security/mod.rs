//! Security rules as plain code, with no actix middleware (that is `http`): tokens, the client
//! address behind proxies, the response headers, rate limits, signed share links.

pub mod client_ip;
pub mod headers;
pub mod ratelimit;
pub mod redis_limiter;
pub mod share_links;
pub mod tokens;
pub mod totp;
