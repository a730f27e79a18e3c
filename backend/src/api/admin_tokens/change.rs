//! Change what a staff token may do (owner): its role, its processes, API use, read-only.
//! A role change and a scope change are audited separately; the change applies from the
//! token's next request (the caller is resolved on every request). The last active owner
//! token keeps its role (409), as it cannot be revoked either.

use super::grant::{GrantRequest, StaffTokenInfo};
use crate::domain::TokenId;
use crate::http::body::JsonObject;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, tokens::active_staff_token, Allowed, ClientIp},
    db::{self, DbConn},
    domain::StaffRole,
    error::{ApiError, Conflict, Problem},
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// The new role and scope, stated in full (as when creating one).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminTokenChange {
    pub role: StaffRole,
    /// Slugs of the processes a facilitator, moderator or analyst may act in (1-100; none for
    /// owners).
    #[serde(default)]
    #[schema(max_items = 100)]
    pub processes: Vec<String>,
    #[serde(default)]
    pub api: bool,
    #[serde(default)]
    pub read_only: bool,
}

/// Change a staff token's role and scope (owner).
#[utoipa::path(
    operation_id = "changeAdminToken",
    tag = "admin",
    params(("id" = TokenId, Path)),
    request_body = AdminTokenChange,
    responses(
        (status = 200, body = StaffTokenInfo),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last active owner token keeps its role (`last_admin_token`), or the token was revoked, replaced or has expired (`token_inactive`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["owner"]), ("bearer" = ["owner"]))
)]
#[patch("/admin/tokens/{id}")]
pub async fn change(
    state: web::Data<AppState>,
    owner: Allowed<op::ChangeAdminToken>,
    ip: ClientIp,
    id: web::Path<TokenId>,
    JsonObject(body): JsonObject<AdminTokenChange>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner.who.token_id;
    let id = id.into_inner();
    let request = GrantRequest {
        role: Some(body.role),
        processes: body.processes,
        api: body.api,
        read_only: body.read_only,
    };
    let info = state
        .db
        .write(move |conn| change_staff_token(conn, id, request, Some(owner), Some(ip)))
        .await?;
    Ok(HttpResponse::Ok().json(info))
}

/// Changes staff token `id`'s role and scope (in the caller's transaction), auditing a role
/// change and a scope change separately; for the API and the command line (`actor` `None`).
pub fn change_staff_token(
    conn: &mut DbConn,
    id: TokenId,
    request: GrantRequest,
    actor: Option<TokenId>,
    ip: Option<ClientIp>,
) -> Result<StaffTokenInfo, ApiError> {
    db::locks::admin_tokens(conn)?;
    let row = active_staff_token(conn, id, db::now())?;
    let grant = request.resolve(conn)?;
    let before = StaffTokenInfo::load(conn, &row)?;
    let demotes_owner = row.role == Some(StaffRole::Owner) && grant.role != StaffRole::Owner;
    if demotes_owner && db::tokens::count_active_owners(conn, db::now())? <= 1 {
        return Err(ApiError::Conflict(
            Conflict::LastAdminToken,
            "This is the last active owner token; it keeps its role.".into(),
        ));
    }
    db::tokens::change_grant(
        conn,
        id,
        grant.role,
        grant.api,
        grant.read_only,
        &grant.processes,
    )?;
    let row = db::tokens::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
    let after = StaffTokenInfo::load(conn, &row)?;
    if before.role != after.role {
        AuditEvent::new(AuditAction::AdminTokenChangeRole)
            .target("token", id)
            .details(json!({ "from": before.role, "to": after.role }))
            .record(conn, actor, ip)?;
    }
    let scope = |i: &StaffTokenInfo| json!({ "processes": i.processes, "api": i.api, "read_only": i.read_only });
    if scope(&before) != scope(&after) {
        AuditEvent::new(AuditAction::AdminTokenChangeScope)
            .target("token", id)
            .details(json!({ "from": scope(&before), "to": scope(&after) }))
            .record(conn, actor, ip)?;
    }
    Ok(after)
}
