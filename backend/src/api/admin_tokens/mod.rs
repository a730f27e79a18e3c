//! Admin tokens: create, list and revoke, for rotation without downtime.

pub mod create;
pub mod list;
pub mod revoke;
