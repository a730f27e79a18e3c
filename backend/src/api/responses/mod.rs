//! "You said, we did": facilitators answer submissions with a response status and an optional
//! public reply, which participants see under "My submissions" and results links summarise.

pub mod respond;
pub mod settings;

use crate::{api::utc, db::responses::ResponseRow, domain::ResponseStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// The facilitators' answer to one submission.
#[derive(Serialize, ToSchema, Debug, Clone, PartialEq)]
pub struct ResponseView {
    pub status: ResponseStatus,
    /// Public reply text; null when only the status was set.
    pub reply: Option<String>,
    /// When it was last answered; null while `received`, before anyone responded.
    pub responded_at: Option<DateTime<Utc>>,
}

impl From<Option<ResponseRow>> for ResponseView {
    /// No row: nobody has answered yet, so the submission is `received`.
    fn from(row: Option<ResponseRow>) -> Self {
        match row {
            Some(r) => Self {
                status: r.status,
                reply: r.reply,
                responded_at: Some(utc(r.responded_at)),
            },
            None => Self {
                status: ResponseStatus::Received,
                reply: None,
                responded_at: None,
            },
        }
    }
}
