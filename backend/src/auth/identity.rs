//! The caller of a request, resolved once by the gate and read by handlers.

use std::{
    future::{ready, Ready},
    net::IpAddr,
};

use actix_web::{dev::Payload, FromRequest, HttpMessage, HttpRequest};

use crate::{
    db::tokens::TokenRow,
    domain::{ProcessId, StaffRole, TokenId},
    error::ApiError,
    security::tokens::TokenKind,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A staff token (its [`StaffRole`] says what it may do).
    Admin,
    Participant,
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub token_id: TokenId,
    pub role: Role,
    /// A participant's process.
    pub process_id: Option<ProcessId>,
    pub contributor_type: Option<String>,
    /// A staff token's role.
    pub staff_role: Option<StaffRole>,
    /// The processes a process role (facilitator, moderator, analyst) is limited to.
    pub processes: Vec<ProcessId>,
    /// A token limited to reading (safe methods).
    pub read_only: bool,
    /// A staff browser session that must enrol a second factor before anything else (the
    /// owner requires one and this token has none): it reaches only
    /// `auth::policy::SELF_SERVICE`, and public operations see it as anonymous.
    pub enrolment_only: bool,
}

impl From<&TokenRow> for Identity {
    /// The caller as far as the row tells; a process role's processes are added by the gate.
    fn from(row: &TokenRow) -> Self {
        let role = match row.kind() {
            TokenKind::Admin => Role::Admin,
            TokenKind::Participant => Role::Participant,
        };
        Self {
            token_id: row.id,
            role,
            process_id: row.process_id,
            contributor_type: row.contributor_type.clone(),
            // A staff row without a role cannot be written since the roles migration; were
            // one found, it gets the least power, not the most.
            staff_role: (role == Role::Admin).then(|| row.role.unwrap_or(StaffRole::Moderator)),
            processes: Vec::new(),
            read_only: row.read_only,
            enrolment_only: false,
        }
    }
}

impl Identity {
    /// A staff token, whatever its role (check what it may do with `auth::policy`).
    pub fn is_staff(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn is_owner(&self) -> bool {
        self.staff_role == Some(StaffRole::Owner)
    }

    /// Whether the caller may act in `process_id` at all: owners everywhere, process roles in
    /// their processes, participants in their own.
    pub fn reaches(&self, process_id: ProcessId) -> bool {
        match self.staff_role {
            Some(StaffRole::Owner) => true,
            Some(_) => self.processes.contains(&process_id),
            None => self.process_id == Some(process_id),
        }
    }

    /// Staff who reach `process_id`: they see what participants do not (hidden submissions,
    /// everyone's submissions).
    pub fn is_staff_in(&self, process_id: ProcessId) -> bool {
        self.is_staff() && self.reaches(process_id)
    }

    /// 404 unless the caller [`reaches`](Self::reaches) `process_id`: a process (or a thing
    /// in one) the caller may not act in looks like one that does not exist.
    pub fn reach(&self, process_id: ProcessId) -> Result<(), ApiError> {
        if self.reaches(process_id) {
            Ok(())
        } else {
            Err(ApiError::NotFound)
        }
    }
}

/// The caller, if any credential was valid: for the few endpoints that anyone may call and
/// that answer differently for admins and participants. Rules go in [`super::extract`].
#[derive(Debug, Clone)]
pub struct Caller(pub Option<Identity>);

impl Caller {
    pub fn is_staff(&self) -> bool {
        self.0.as_ref().is_some_and(Identity::is_staff)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let who = req.extensions().get::<Identity>().cloned();
        ready(Ok(Caller(who.filter(|w| !w.enrolment_only))))
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
