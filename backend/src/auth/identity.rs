//! The caller of a request, resolved once by the gate and read by handlers.

use std::{
    future::{ready, Ready},
    net::IpAddr,
};

use actix_web::{dev::Payload, FromRequest, HttpMessage, HttpRequest};

use crate::{db::tokens::TokenRow, error::ApiError, security::tokens::TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Participant,
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub token_id: i64,
    pub role: Role,
    pub process_id: Option<i64>,
    pub contributor_type: Option<String>,
}

impl From<&TokenRow> for Identity {
    fn from(row: &TokenRow) -> Self {
        Self {
            token_id: row.id,
            role: match row.kind() {
                TokenKind::Admin => Role::Admin,
                TokenKind::Participant => Role::Participant,
            },
            process_id: row.process_id,
            contributor_type: row.contributor_type.clone(),
        }
    }
}

impl Identity {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The caller, if any credential was valid: for the few endpoints that anyone may call and
/// that answer differently for admins and participants. Rules go in [`super::extract`].
#[derive(Debug, Clone)]
pub struct Caller(pub Option<Identity>);

impl Caller {
    pub fn is_admin(&self) -> bool {
        self.0.as_ref().is_some_and(Identity::is_admin)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Caller(req.extensions().get::<Identity>().cloned())))
    }
}

/// The client address (see `security::client_ip`), for rate limits and the audit log.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    pub fn key(&self) -> String {
        crate::security::client_ip::rate_limit_key(self.0)
    }
}

impl FromRequest for ClientIp {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<ClientIp>()
                .copied()
                .ok_or_else(|| ApiError::internal("client address not resolved")),
        )
    }
}
