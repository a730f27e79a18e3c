//! The owner's security settings: whether every staff member must sign in in the browser with
//! a second factor.

use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, Allowed, ClientIp},
    db,
    error::ApiError,
    http::body::JsonObject,
    state::AppState,
};
use actix_web::{get, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// Every staff member must sign in in the browser with a second factor; one without can
    /// only enrol until they have. Bearer (API) tokens are not affected.
    pub require_totp: bool,
}

/// The security settings (owner).
#[utoipa::path(
    operation_id = "getSecuritySettings",
    tag = "admin",
    responses((status = 200, body = SecuritySettings)),
    security(("session_cookie" = ["owner"]), ("bearer" = ["owner"]))
)]
#[get("/admin/security")]
pub async fn get_settings(
    state: web::Data<AppState>,
    _owner: Allowed<op::GetSecuritySettings>,
) -> Result<HttpResponse, ApiError> {
    let require_totp = state
        .db
        .read(|conn| Ok(db::totp::require_totp(conn)?))
        .await?;
    Ok(HttpResponse::Ok().json(SecuritySettings { require_totp }))
}

/// Change the security settings (owner); audited.
#[utoipa::path(
    operation_id = "updateSecuritySettings",
    tag = "admin",
    request_body = SecuritySettings,
    responses((status = 200, body = SecuritySettings)),
    security(("session_cookie" = ["owner"]), ("bearer" = ["owner"]))
)]
#[put("/admin/security")]
pub async fn update_settings(
    state: web::Data<AppState>,
    owner: Allowed<op::UpdateSecuritySettings>,
    ip: ClientIp,
    JsonObject(body): JsonObject<SecuritySettings>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner.who.token_id;
    let require_totp = body.require_totp;
    state
        .db
        .write(move |conn| {
            let before = db::totp::require_totp(conn)?;
            db::totp::set_require_totp(conn, require_totp)?;
            AuditEvent::new(AuditAction::SecurityChange)
                .details(json!({ "require_totp": { "from": before, "to": require_totp } }))
                .record(conn, Some(owner), Some(ip))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(SecuritySettings { require_totp }))
}
