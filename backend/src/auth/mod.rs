//! Who is calling: token verification, server-side sessions, and the extractors that state each
//! handler's access rule. (The per-request gate that resolves the caller is `http::gate`.)

pub mod extract;
pub mod identity;
pub mod session;
pub mod session_store;
pub mod store_health;
pub mod tokens;
pub mod verify;

pub use extract::{Admin, SignedIn};
pub use identity::{Caller, ClientIp, Identity, Role};
