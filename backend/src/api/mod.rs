//! JSON API handlers under /api/v1, one module per resource.

pub mod admin;
pub mod admin_tokens;
pub mod allow;
pub mod analysis;
pub mod analytics;
pub mod audit_trail;
pub mod auth;
pub mod body;
pub mod exports;
pub mod health;
pub mod pagination;
pub mod processes;
pub mod share_links;
pub mod similar;
pub mod submissions;
pub mod themes;
pub mod tokens;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Database timestamps are naive UTC; the API speaks RFC 3339 with `Z`.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(at, Utc)
}
