//! What a staff token may do, as the owner states it in a request (role, processes, API use,
//! read-only) and as the API shows it back; checked here once for create and change.

use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    api::tokens::list::TokenInfo,
    auth::tokens::StaffGrant,
    db::{self, tokens::TokenRow, DbConn},
    domain::StaffRole,
    error::{ApiError, FieldCode, FieldError},
};

/// At most this many processes per staff token (a facilitator of a whole city's processes is
/// better served by several tokens, or by an owner).
pub const MAX_PROCESSES: usize = 100;

/// A staff token's role and scope as requested (the fields of `AdminTokenCreate` and
/// `AdminTokenChange`, which document them).
#[derive(Debug, Default)]
pub struct GrantRequest {
    pub role: Option<StaffRole>,
    pub processes: Vec<String>,
    pub api: bool,
    pub read_only: bool,
}

fn invalid(field: &str, code: FieldCode, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(field, code, message)])
}

impl GrantRequest {
    /// The grant, with process slugs resolved (inside the caller's transaction).
    pub fn resolve(self, conn: &mut DbConn) -> Result<StaffGrant, ApiError> {
        let role = match (self.role, self.api) {
            (Some(role), _) => role,
            (None, false) => StaffRole::Owner,
            (None, true) => {
                return Err(invalid(
                    "role",
                    FieldCode::Required,
                    "an API token names its role (owner only when meant)",
                ))
            }
        };
        if !role.is_process_role() && !self.processes.is_empty() {
            return Err(invalid(
                "processes",
                FieldCode::NotAllowed,
                "an owner acts in every process; list none",
            ));
        }
        if role.is_process_role() && self.processes.is_empty() {
            return Err(invalid(
                "processes",
                FieldCode::Required,
                "a facilitator, moderator or analyst needs at least one process",
            ));
        }
        if self.processes.len() > MAX_PROCESSES {
            return Err(invalid("processes", FieldCode::TooLong, "at most 100"));
        }
        let mut ids = Vec::with_capacity(self.processes.len());
        for slug in &self.processes {
            let process = db::processes::by_slug(conn, slug)?.ok_or_else(|| {
                invalid("processes", FieldCode::UnknownReference, "no such process")
            })?;
            if ids.contains(&process.id) {
                return Err(invalid("processes", FieldCode::Duplicate, "listed twice"));
            }
            ids.push(process.id);
        }
        Ok(StaffGrant {
            role,
            processes: ids,
            api: self.api,
            read_only: self.read_only,
        })
    }
}

/// A staff token's metadata, with its role and scope; the token itself is never shown again.
#[derive(Serialize, ToSchema)]
pub struct StaffTokenInfo {
    #[serde(flatten)]
    pub token: TokenInfo,
    pub role: StaffRole,
    /// Slugs of the processes a process role is limited to (empty for owners).
    pub processes: Vec<String>,
    pub api: bool,
    pub read_only: bool,
    /// Whether a second factor (TOTP) is enrolled: browser sign-in then needs a code.
    pub totp_enrolled: bool,
}

impl StaffTokenInfo {
    pub fn load(conn: &mut DbConn, row: &TokenRow) -> Result<Self, ApiError> {
        let mut processes = Vec::new();
        for id in db::tokens::processes_of(conn, row.id)? {
            processes.extend(db::processes::by_id(conn, id)?.map(|p| p.slug));
        }
        Ok(Self {
            token: TokenInfo::from(row),
            // As `Identity` reads it: a row without a role gets the least power.
            role: row.role.unwrap_or(StaffRole::Moderator),
            processes,
            api: row.api,
            read_only: row.read_only,
            totp_enrolled: db::totp::is_enrolled(conn, row.id)?,
        })
    }
}
