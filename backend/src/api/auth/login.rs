//! Sign in with a token; sets the session cookie.

use super::{second_factor::SecondFactorRequired, session_info, SessionInfo};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{session as auth_session, verify::sign_in_attempt, ClientIp, Identity},
    db,
    error::{ApiError, Problem},
    security::tokens::TokenKind,
    state::AppState,
};
use actix_session::Session;
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// An admin or participant access token.
    #[schema(example = "ppp_3kTq9ZrW0aXb7LmN2cVd5eFg8hJk1pQs_0aB3cD")]
    pub token: String,
}

/// Sign in with a token; sets the session cookie.
///
/// Unknown, revoked, expired and malformed tokens get the same 401. Failed attempts are limited
/// per client address (default 10 per minute); successful ones per token (default 10 per
/// minute), so a whole workshop can sign in from one network but one token cannot flood the
/// session store. A token keeps at most 20 live sessions; a new one ends the oldest.
///
/// A staff token with a second factor enrolled is not signed in yet: the answer is 202, and
/// the session waits (five minutes, granting nothing) for `POST /auth/second-factor`.
#[utoipa::path(
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the response sets the session cookie", body = SessionInfo),
        (status = 202, description = "The token is right and its second factor is asked for next", body = SecondFactorRequired),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts from this address, or sign-ins with this token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    session: Session,
    ip: ClientIp,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let row = sign_in_attempt(&state, ip, body.into_inner().token).await?;
    state.limiters.check_sign_in(row.id).await?;
    let mut who = Identity::from(&row);
    if row.kind() == TokenKind::Admin {
        let id = row.id;
        let (enrolled, required) = state
            .db
            .read(move |conn| {
                Ok((
                    db::totp::is_enrolled(conn, id)?,
                    db::totp::require_totp(conn)?,
                ))
            })
            .await?;
        if enrolled {
            auth_session::start_pending(&session, &row)?;
            return Ok(HttpResponse::Accepted()
                .insert_header(("Cache-Control", "no-store"))
                .json(SecondFactorRequired::waiting()));
        }
        who.enrolment_only = required;
    }
    auth_session::sign_in(&session, &row)?;
    let token_id = who.token_id;
    let is_admin = who.is_staff();
    state
        .db
        .write(move |conn| {
            db::tokens::touch(conn, token_id, db::now())?;
            if is_admin {
                AuditEvent::new(AuditAction::AuthLogin)
                    .target("token", token_id)
                    .record(conn, Some(token_id), Some(ip))?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(session_info(&state, &who).await?))
}
