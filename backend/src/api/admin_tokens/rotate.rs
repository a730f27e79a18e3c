//! Rotate a staff token (owner): a new token with the same role, processes, label and expiry
//! replaces it, and the old one is revoked with its sessions, in one transaction. The new
//! token is shown once.

use crate::api::tokens::issue::IssuedToken;
use crate::auth::tokens::rotate_staff_token;
use crate::domain::TokenId;
use crate::{
    auth::{op, Allowed, ClientIp},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};

/// Rotate a staff token (owner): a new one with the same role and scope replaces it. Shown once.
#[utoipa::path(
    operation_id = "rotateAdminToken",
    tag = "admin",
    params(("id" = TokenId, Path)),
    responses(
        (status = 201, body = IssuedToken),
        (status = 404, description = "No staff token by that id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The token was revoked, replaced or has expired (`token_inactive`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["owner"]), ("bearer" = ["owner"]))
)]
#[post("/admin/tokens/{id}/rotate")]
pub async fn rotate(
    state: web::Data<AppState>,
    owner: Allowed<op::RotateAdminToken>,
    ip: ClientIp,
    id: web::Path<TokenId>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner.who.token_id;
    let id = id.into_inner();
    let issued = state
        .db
        .write(move |conn| {
            let (row, plaintext) = rotate_staff_token(conn, id, Some(owner), Some(ip))?;
            Ok(IssuedToken {
                id: row.id,
                token: plaintext,
                label: row.label,
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(issued))
}
