//! Sign in, sign out, and "who am I".

pub mod current_session;
pub mod login;
pub mod logout;
pub mod second_factor;

use crate::{
    auth::{policy, Identity, Role},
    db,
    domain::{StaffRole, TokenId},
    error::ApiError,
    state::AppState,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, Deserialize, ToSchema, Debug)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    Admin,
    Participant,
}

/// The signed-in caller.
#[derive(Serialize, ToSchema)]
pub struct SessionInfo {
    pub role: RoleName,
    /// Row id of the token (never the token itself).
    pub token_id: TokenId,
    /// Slug of the participant's process; null for admins.
    pub process: Option<String>,
    /// The participant's contributor type key; null for admins.
    pub contributor_type: Option<String>,
    /// A staff token's role (null for participants): what the SPA offers depends on it.
    pub staff_role: Option<StaffRole>,
    /// Slugs of the processes a facilitator, moderator or analyst token is limited to
    /// (empty for owners and participants).
    pub staff_processes: Vec<String>,
    /// The operations (OpenAPI `operationId`s) this token may call, from the server's own
    /// table, so the SPA offers only those (what it may do in a given process still depends
    /// on `staff_processes`).
    pub operations: Vec<String>,
    /// Whether this staff token has a second factor (TOTP) enrolled; false for participants.
    pub totp_enrolled: bool,
    /// Whether the owner requires every staff member to sign in in the browser with a second
    /// factor.
    pub totp_required: bool,
    /// A browser session that must enrol a second factor before anything else: `operations`
    /// then lists only the enrolment operations.
    pub must_enrol: bool,
}

async fn session_info(state: &AppState, who: &Identity) -> Result<SessionInfo, ApiError> {
    let token_id = who.token_id;
    let (totp_enrolled, totp_required) = if who.is_staff() {
        state
            .db
            .read(move |conn| {
                Ok((
                    db::totp::is_enrolled(conn, token_id)?,
                    db::totp::require_totp(conn)?,
                ))
            })
            .await?
    } else {
        (false, false)
    };
    let staff_processes = if who.staff_role.is_some_and(StaffRole::is_process_role) {
        state
            .db
            .read(move |conn| {
                let mut slugs = Vec::new();
                for id in db::tokens::processes_of(conn, token_id)? {
                    slugs.extend(db::processes::by_id(conn, id)?.map(|p| p.slug));
                }
                Ok(slugs)
            })
            .await?
    } else {
        Vec::new()
    };
    let process = match who.process_id {
        Some(id) => state
            .db
            .read(move |conn| Ok(db::processes::by_id(conn, id)?))
            .await?
            .map(|p| p.slug),
        None => None,
    };
    Ok(SessionInfo {
        role: match who.role {
            Role::Admin => RoleName::Admin,
            Role::Participant => RoleName::Participant,
        },
        token_id: who.token_id,
        process,
        contributor_type: who.contributor_type.clone(),
        staff_role: who.staff_role,
        staff_processes,
        operations: policy::TABLE
            .iter()
            .filter(|(_, rule)| *rule != policy::Rule::Public && rule.admits(who.staff_role))
            .filter(|(id, _)| !who.enrolment_only || policy::SELF_SERVICE.contains(id))
            // A read-only token is refused every write but its own second factor.
            .filter(|(id, _)| {
                !who.read_only || !state.allow.writes(id) || policy::SELF_SERVICE.contains(id)
            })
            .map(|(id, _)| id.to_string())
            .collect(),
        totp_enrolled,
        totp_required,
        must_enrol: who.enrolment_only,
    })
}
