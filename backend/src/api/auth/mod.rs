//! Sign in, sign out, and "who am I".

pub mod current_session;
pub mod login;
pub mod logout;

use crate::{
    auth::{Identity, Role},
    db,
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
    pub token_id: i64,
    /// Slug of the participant's process; null for admins.
    pub process: Option<String>,
    /// The participant's contributor type key; null for admins.
    pub contributor_type: Option<String>,
}

async fn session_info(state: &AppState, who: &Identity) -> Result<SessionInfo, ApiError> {
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
    })
}
