//! JSON API handlers under /api/v1: one folder per resource, one file per action
//! (`api/<resource>/<action>.rs`) with its request and response types; what several actions of a
//! resource share lives in its `mod.rs`.

pub mod admin;
pub mod admin_tokens;
pub mod analytics;
pub mod audit_trail;
pub mod auth;
pub mod classify;
pub mod examples;
pub mod exports;
pub mod extract;
pub mod health;
pub mod jobs;
pub mod labels;
pub mod pagination;
pub mod problems;
pub mod processes;
pub mod responses;
pub mod second_factor;
pub mod selection;
pub mod share_links;
pub mod similar;
pub mod submission_filters;
pub mod submissions;
pub mod supports;
pub mod themes;
pub mod tokens;
pub mod training;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Database timestamps are naive UTC; the API speaks RFC 3339 with `Z`.
pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(at, Utc)
}
