//! Who is calling: token authentication, server-side sessions and the per-request gate.

pub mod gate;
pub mod identity;
pub mod session_store;
pub mod verify;

pub use identity::{Caller, ClientIp, Identity, Role};
