//! Participant tokens: bulk issue, list (metadata only) and revocation.

pub mod issue;
pub mod list;
pub mod revoke;
