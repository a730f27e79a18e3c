//! Who is calling: token verification, server-side sessions, the table of who may call what,
//! and the extractors that state each handler's access rule. (The per-request gate that
//! resolves the caller is `http::gate`.)

pub mod extract;
pub mod identity;
pub mod policy;
pub mod session;
pub mod session_store;
pub mod store_health;
pub mod tokens;
pub mod totp;
pub mod verify;

pub use extract::{Allowed, SignedIn};
pub use identity::{Caller, ClientIp, Identity, Role};
pub use policy::op;
