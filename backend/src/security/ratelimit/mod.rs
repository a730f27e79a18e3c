//! In-memory rate limiters (GCRA, from the `governor` engine that actix-governor wraps).
//!
//! They are built once per server, outside the per-worker factory, so every worker shares the
//! same counts, and a janitor prunes idle keys so spoofed addresses cannot grow memory without
//! bound. Failed logins are counted separately from traffic: a workshop where sixty people sign
//! in correctly from one address is never throttled, a guesser is.

mod keyed;
mod limiters;
mod sign_in;
mod traffic;

pub use limiters::Limiters;

#[cfg(test)]
mod tests;
