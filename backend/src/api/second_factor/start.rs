//! Start enrolling a second factor (any staff member, for their own token): a new secret, shown
//! this once, as text and as an `otpauth://` URI for a QR code.

use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, Allowed, ClientIp},
    db,
    error::{ApiError, Conflict, Problem},
    security::totp,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

/// The secret of a new enrolment; shown only now.
#[derive(Serialize, ToSchema)]
pub struct TotpEnrolment {
    /// The shared secret, base32 (RFC 4648, no padding), for typing into an authenticator app.
    #[schema(example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    pub secret: String,
    /// The same as an `otpauth://totp/…` URI, for a QR code.
    pub otpauth_uri: String,
    /// Digits per code (6).
    pub digits: u32,
    /// Seconds per code (30).
    pub period: i64,
}

/// Start enrolling a second factor for the calling staff token.
///
/// Starting again replaces an unfinished enrolment. Enrolment completes with
/// `confirmTotpEnrolment` and a current code; until then sign-in does not ask for one.
#[utoipa::path(
    operation_id = "startTotpEnrolment",
    tag = "auth",
    responses(
        (status = 200, body = TotpEnrolment),
        (status = 409, description = "A second factor is enrolled already (`totp_enrolled`); the owner can reset it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/auth/totp")]
pub async fn start(
    state: web::Data<AppState>,
    staff: Allowed<op::StartTotpEnrolment>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let who = staff.who;
    let token_id = who.token_id;
    let secret_hex = totp::new_secret_hex();
    let stored = secret_hex.clone();
    let label = state
        .db
        .write(move |conn| {
            if db::totp::is_enrolled(conn, token_id)? {
                return Err(ApiError::Conflict(
                    Conflict::TotpEnrolled,
                    "A second factor is enrolled already; an owner can reset it.".into(),
                ));
            }
            db::totp::start(conn, token_id, &stored, db::now())?;
            AuditEvent::new(AuditAction::TotpEnrolmentStart)
                .target("token", token_id)
                .record(conn, Some(token_id), Some(ip))?;
            Ok(db::tokens::by_id(conn, token_id)?.and_then(|row| row.label))
        })
        .await?;
    let secret = totp::base32(&hex::decode(secret_hex).map_err(ApiError::internal)?);
    let account = label.unwrap_or_else(|| format!("staff token {token_id}"));
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(TotpEnrolment {
            otpauth_uri: totp::otpauth_uri(&secret, &account),
            secret,
            digits: totp::DIGITS,
            period: totp::STEP_SECONDS,
        }))
}
