//! Finish enrolling a second factor with a current code; answers the ten recovery codes, shown
//! this once (only their digests are kept).

use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, totp as second_factor, Allowed, ClientIp},
    db,
    error::{ApiError, Conflict, FieldCode, FieldError, Problem},
    http::body::JsonObject,
    security::totp,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpConfirmation {
    /// The six-digit code the authenticator app shows now.
    #[schema(example = "123456", pattern = "^[0-9]{6}$")]
    pub code: String,
}

/// Recovery codes: each signs in once in place of a code; shown only now.
#[derive(Serialize, ToSchema)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

fn wrong_code() -> ApiError {
    ApiError::field(FieldError::new(
        "code",
        FieldCode::Invalid,
        "not the current code; check the device's clock and try the next one",
    ))
}

/// Confirm a second-factor enrolment with a current code (the calling staff token).
///
/// From now on, signing in in the browser with this token asks for a code. A wrong code
/// counts as a failed sign-in (per address and per token).
#[utoipa::path(
    operation_id = "confirmTotpEnrolment",
    tag = "auth",
    request_body = TotpConfirmation,
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 409, description = "Nothing to confirm (`totp_not_started`) or enrolled already (`totp_enrolled`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/auth/totp/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    staff: Allowed<op::ConfirmTotpEnrolment>,
    ip: ClientIp,
    JsonObject(body): JsonObject<TotpConfirmation>,
) -> Result<HttpResponse, ApiError> {
    let token_id = staff.who.token_id;
    let code = totp::normalise_code(&body.code).ok_or_else(|| {
        ApiError::field(FieldError::new(
            "code",
            FieldCode::InvalidFormat,
            "six digits",
        ))
    })?;
    second_factor::check_not_blocked(&state, ip, token_id).await?;
    let codes: Vec<String> = (0..totp::RECOVERY_CODES)
        .map(|_| totp::new_recovery_code())
        .collect();
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
    let confirmed = state
        .db
        .write(move |conn| {
            let factor = db::totp::get(conn, token_id)?.ok_or_else(|| {
                ApiError::Conflict(Conflict::TotpNotStarted, "Start an enrolment first.".into())
            })?;
            if factor.confirmed_at.is_some() {
                return Err(ApiError::Conflict(
                    Conflict::TotpEnrolled,
                    "A second factor is enrolled already.".into(),
                ));
            }
            let Some(step) = second_factor::current_step(&factor.secret, &code)? else {
                return Ok(false);
            };
            db::totp::confirm(conn, token_id, step, db::now(), &hashes)?;
            AuditEvent::new(AuditAction::TotpEnrol)
                .target("token", token_id)
                .record(conn, Some(token_id), Some(ip))?;
            Ok(true)
        })
        .await?;
    if !confirmed {
        return Err(second_factor::count_failure(&state, ip, token_id, wrong_code()).await);
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(RecoveryCodes {
            recovery_codes: codes,
        }))
}
