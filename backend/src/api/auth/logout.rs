//! Sign out: the server-side session is deleted and the cookie cleared.

use actix_session::Session;
use actix_web::{post, HttpResponse};

/// Sign out: the server-side session is deleted and the cookie cleared.
#[utoipa::path(
    operation_id = "logout",tag = "auth", responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(session: Session) -> HttpResponse {
    session.purge();
    HttpResponse::NoContent().finish()
}
