//! Staff tokens (owner): issue, list, change, rotate and revoke; each carries one role and,
//! for process roles, the processes it may act in.

pub mod change;
pub mod create;
pub mod grant;
pub mod list;
pub mod revoke;
pub mod rotate;
