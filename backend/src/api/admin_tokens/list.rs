//! All staff tokens, metadata with role and scope (owner).

use super::grant::StaffTokenInfo;
use crate::{
    auth::{op, Allowed},
    db::{self},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// All staff tokens, metadata with role and scope (owner).
#[utoipa::path(
    operation_id = "listAdminTokens",
    tag = "admin",
    responses((status = 200, body = Vec<StaffTokenInfo>)),
    security(("session_cookie" = ["owner"]), ("bearer" = ["owner"]))
)]
#[get("/admin/tokens")]
pub async fn list(
    state: web::Data<AppState>,
    _owner: Allowed<op::ListAdminTokens>,
) -> Result<HttpResponse, ApiError> {
    let infos = state
        .db
        .read(|conn| {
            db::tokens::list_admin(conn)?
                .iter()
                .map(|row| StaffTokenInfo::load(conn, row))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(infos))
}
