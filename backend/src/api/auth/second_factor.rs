//! The second step of a staff sign-in: the code from the authenticator app, or a recovery code.

use super::{session_info, SessionInfo};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{
        session as auth_session,
        totp::{self as second_factor, Proof, Used},
        ClientIp, Identity,
    },
    db::{self, tokens::TokenState},
    error::{ApiError, FieldCode, FieldError, Problem},
    http::body::JsonObject,
    security::totp,
    state::AppState,
};
use actix_session::Session;
use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The answer to a sign-in whose token has a second factor: send it next.
#[derive(Serialize, ToSchema)]
pub struct SecondFactorRequired {
    /// Always true: send a code or a recovery code to `POST /auth/second-factor`.
    pub second_factor_required: bool,
    /// Seconds the sign-in waits for it.
    pub expires_in: i64,
}

impl SecondFactorRequired {
    pub fn waiting() -> Self {
        Self {
            second_factor_required: true,
            expires_in: auth_session::PENDING_SECONDS,
        }
    }
}

/// Exactly one of `code` and `recovery_code`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondFactorRequest {
    /// The six-digit code the authenticator app shows now.
    #[schema(example = "123456", pattern = "^[0-9]{6}$")]
    pub code: Option<String>,
    /// One of the recovery codes shown at enrolment; each works once.
    #[schema(example = "3f2a-9c41-07be", min_length = 1, max_length = 64)]
    pub recovery_code: Option<String>,
}

impl SecondFactorRequest {
    fn proof(self) -> Result<Proof, ApiError> {
        let field =
            |name: &str, code, message: &str| ApiError::field(FieldError::new(name, code, message));
        match (self.code, self.recovery_code) {
            (Some(code), None) => totp::normalise_code(&code)
                .map(Proof::Code)
                .ok_or_else(|| field("code", FieldCode::InvalidFormat, "six digits")),
            (None, Some(code)) if !code.is_empty() && code.chars().count() <= 64 => {
                Ok(Proof::Recovery(code))
            }
            (None, Some(_)) => Err(field(
                "recovery_code",
                FieldCode::InvalidFormat,
                "a recovery code as shown at enrolment",
            )),
            _ => Err(field(
                "code",
                FieldCode::Required,
                "send either code or recovery_code",
            )),
        }
    }
}

/// Complete a sign-in with its second factor; sets the signed-in session cookie.
///
/// Only after `login` answered 202, in the same session, within five minutes. A wrong code
/// counts as a failed sign-in for the client address and for the token (default 10 a minute
/// each, then 429); each code and each recovery code works once.
#[utoipa::path(
    operation_id = "verifySecondFactor",
    tag = "auth",
    request_body = SecondFactorRequest,
    responses(
        (status = 200, description = "Signed in", body = SessionInfo),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong or used code (`invalid_second_factor`), or no sign-in waits for one (`sign_in_not_pending`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts from this address or for this token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/second-factor")]
pub async fn verify_second_factor(
    state: web::Data<AppState>,
    session: Session,
    ip: ClientIp,
    JsonObject(body): JsonObject<SecondFactorRequest>,
) -> Result<HttpResponse, ApiError> {
    let pending = auth_session::pending(&session).ok_or(ApiError::SignInNotPending)?;
    let proof = body.proof()?;
    let token_id = pending.token_id;
    second_factor::check_not_blocked(&state, ip, token_id).await?;
    let row = state
        .db
        .read(move |conn| Ok(db::tokens::by_id(conn, token_id)?))
        .await?
        .filter(|r| r.state(db::now()) == TokenState::Active && pending.is_bound_to(r));
    let Some(row) = row else {
        auth_session::forget_pending(&session);
        return Err(ApiError::SignInNotPending);
    };
    let spent = state
        .db
        .write(move |conn| {
            let Some(used) = second_factor::spend(conn, token_id, &proof)? else {
                return Ok(None);
            };
            db::tokens::touch(conn, token_id, db::now())?;
            if used == Used::RecoveryCode {
                AuditEvent::new(AuditAction::TotpRecoveryCodeUse)
                    .target("token", token_id)
                    .details(json!({ "left": db::totp::recovery_codes_left(conn, token_id)? }))
                    .record(conn, Some(token_id), Some(ip))?;
            }
            AuditEvent::new(AuditAction::AuthLogin)
                .target("token", token_id)
                .details(json!({ "second_factor": used.as_str() }))
                .record(conn, Some(token_id), Some(ip))?;
            Ok(Some(used))
        })
        .await;
    match spent {
        Ok(Some(_)) => {}
        Ok(None) => {
            return Err(second_factor::count_failure(
                &state,
                ip,
                token_id,
                ApiError::InvalidSecondFactor,
            )
            .await)
        }
        Err(ApiError::SignInNotPending) => {
            auth_session::forget_pending(&session);
            return Err(ApiError::SignInNotPending);
        }
        Err(other) => return Err(other),
    }
    auth_session::sign_in(&session, &row)?;
    let who = Identity::from(&row);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(session_info(&state, &who).await?))
}
