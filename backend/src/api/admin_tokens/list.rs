//! All admin tokens, metadata only (admin).

use crate::api::tokens::list::TokenInfo;
use crate::{
    auth::Admin,
    db::{self},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// All admin tokens, metadata only (admin).
#[utoipa::path(
    operation_id = "listAdminTokens",
    tag = "admin",
    responses((status = 200, body = Vec<TokenInfo>)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/admin/tokens")]
pub async fn list(state: web::Data<AppState>, _admin: Admin) -> Result<HttpResponse, ApiError> {
    let rows = state
        .db
        .read(|conn| Ok(db::tokens::list_admin(conn)?))
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(TokenInfo::from).collect::<Vec<_>>()))
}
