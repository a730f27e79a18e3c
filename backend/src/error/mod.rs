//! One error type for the whole API, rendered as RFC 7807 `application/problem+json` with a
//! stable machine `code`. 5xx answers are opaque: the cause goes to the log under a request id.

use actix_web::{
    http::{header, StatusCode},
    HttpResponse, ResponseError,
};
use serde::Serialize;
use utoipa::ToSchema;

mod code;
mod db;
mod field;

pub use code::{Conflict, ErrorCode};
pub use field::{FieldCode, FieldError};

/// RFC 7807 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    #[schema(example = "urn:planner:problem:validation_failed")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds to wait before retrying (429 and 503 only; also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The request's id, also in the `X-Request-Id` header: correlates the answer with the
    /// server log.
    pub request_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("invalid token")]
    InvalidToken,
    #[error("invalid second factor")]
    InvalidSecondFactor,
    #[error("no sign-in waits for a second factor")]
    SignInNotPending,
    #[error("second factor enrolment required")]
    SecondFactorEnrolmentRequired,
    #[error("invalid results link")]
    InvalidLink,
    #[error("forbidden")]
    Forbidden,
    #[error("cross-site request refused")]
    CsrfRejected,
    #[error("registration is closed")]
    RegistrationClosed,
    #[error("submissions are closed")]
    SubmissionsClosed,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("method not implemented")]
    MethodNotImplemented,
    #[error("conflict: {1}")]
    Conflict(Conflict, String),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("invalid request: {1}")]
    BadRequest(Vec<FieldError>, String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("rate limited")]
    RateLimited { retry_after: u64 },
    #[error("database busy")]
    Busy,
    #[error("model busy")]
    ModelBusy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// One invalid field.
    pub fn field(error: FieldError) -> Self {
        ApiError::Validation(vec![error])
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::InvalidToken => ErrorCode::InvalidToken,
            ApiError::InvalidLink => ErrorCode::InvalidLink,
            ApiError::InvalidSecondFactor => ErrorCode::InvalidSecondFactor,
            ApiError::SignInNotPending => ErrorCode::SignInNotPending,
            ApiError::SecondFactorEnrolmentRequired => ErrorCode::SecondFactorEnrolmentRequired,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::CsrfRejected => ErrorCode::CsrfRejected,
            ApiError::RegistrationClosed => ErrorCode::RegistrationClosed,
            ApiError::SubmissionsClosed => ErrorCode::SubmissionsClosed,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::MethodNotImplemented => ErrorCode::MethodNotImplemented,
            ApiError::Conflict(conflict, _) => conflict.code(),
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::BadRequest(..) => ErrorCode::InvalidRequest,
            ApiError::Validation(_) => ErrorCode::ValidationFailed,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Busy => ErrorCode::ServiceBusy,
            ApiError::ModelBusy => ErrorCode::ModelBusy,
            ApiError::Internal(_) => ErrorCode::InternalError,
        }
    }

    fn title_and_detail(&self) -> (&'static str, Option<String>) {
        match self {
            ApiError::Unauthenticated => (
                "Authentication required",
                Some("Sign in with an access token.".into()),
            ),
            ApiError::InvalidToken => (
                "Invalid token",
                Some("The token is unknown, revoked, expired or mistyped.".into()),
            ),
            ApiError::InvalidSecondFactor => (
                "Invalid second factor",
                Some("The code is wrong, was used already, or is too old; a recovery code works once.".into()),
            ),
            ApiError::SignInNotPending => (
                "No sign-in in progress",
                Some("Sign in with your token again, then give the code.".into()),
            ),
            ApiError::SecondFactorEnrolmentRequired => (
                "Second factor required",
                Some("Staff must set up an authenticator app before doing anything else.".into()),
            ),
            ApiError::InvalidLink => (
                "Invalid link",
                Some("This results link has expired, was withdrawn, or is incomplete; ask for a new one.".into()),
            ),
            ApiError::Forbidden => ("Forbidden", Some("Your token does not allow this.".into())),
            ApiError::CsrfRejected => (
                "Cross-site request refused",
                Some("State-changing requests must come from an allowed origin.".into()),
            ),
            ApiError::RegistrationClosed => (
                "Registration closed",
                Some("This process does not hand out tokens itself; ask the facilitator.".into()),
            ),
            ApiError::SubmissionsClosed => (
                "Submissions closed",
                Some("This process no longer accepts or changes submissions.".into()),
            ),
            ApiError::NotFound => ("Not found", None),
            ApiError::MethodNotAllowed => (
                "Method not allowed",
                Some("This path does not take that method; see the Allow header.".into()),
            ),
            ApiError::MethodNotImplemented => ("Method not implemented", None),
            ApiError::Conflict(_, detail) => ("Conflict", Some(detail.clone())),
            ApiError::UnsupportedMediaType => (
                "Unsupported media type",
                Some("Send Content-Type: application/json.".into()),
            ),
            ApiError::PayloadTooLarge => ("Payload too large", None),
            ApiError::BadRequest(_, detail) => ("Invalid request", Some(detail.clone())),
            ApiError::Validation(_) => (
                "Validation failed",
                Some("One or more fields are invalid.".into()),
            ),
            ApiError::RateLimited { .. } => (
                "Too many requests",
                Some("Slow down and retry after the indicated time.".into()),
            ),
            ApiError::Busy => (
                "Service busy",
                Some("The database is busy; retry shortly.".into()),
            ),
            ApiError::ModelBusy => (
                "Service busy",
                Some("The analysis model is busy with other requests; retry shortly.".into()),
            ),
            ApiError::Internal(_) => (
                "Internal error",
                Some(
                    "Something went wrong on our side; quote the request id when reporting it."
                        .into(),
                ),
            ),
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited { retry_after } => Some(*retry_after),
            ApiError::Busy | ApiError::ModelBusy => Some(1),
            _ => None,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated
            | ApiError::InvalidToken
            | ApiError::InvalidLink
            | ApiError::InvalidSecondFactor
            | ApiError::SignInNotPending => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden
            | ApiError::SecondFactorEnrolmentRequired
            | ApiError::CsrfRejected
            | ApiError::RegistrationClosed
            | ApiError::SubmissionsClosed => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::MethodNotImplemented => StatusCode::NOT_IMPLEMENTED,
            ApiError::Conflict(..) => StatusCode::CONFLICT,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BadRequest(..) => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy | ApiError::ModelBusy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let request_id = crate::telemetry::request_id::current_or_new();
        if let ApiError::Internal(cause) = self {
            log::error!("request {request_id} failed: {cause}");
        }
        let (title, detail) = self.title_and_detail();
        let errors = match self {
            ApiError::Validation(errors) | ApiError::BadRequest(errors, _) => errors.clone(),
            _ => Vec::new(),
        };
        let problem = Problem {
            type_: format!("urn:planner:problem:{}", self.code().as_str()),
            title: title.into(),
            status: status.as_u16(),
            detail,
            code: self.code(),
            errors,
            retry_after: self.retry_after(),
            request_id,
        };
        let mut builder = HttpResponse::build(status);
        builder.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        builder.insert_header((header::CACHE_CONTROL, "no-store"));
        if let Some(seconds) = self.retry_after() {
            builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if status == StatusCode::UNAUTHORIZED {
            builder.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        builder.body(serde_json::to_string(&problem).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let resp = ApiError::internal("secret path /etc/shadow").error_response();
        let body = resp.into_body().try_into_bytes().unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(!text.contains("shadow"));
        assert!(text.contains("request_id"));
    }

    #[test]
    fn rate_limited_carries_retry_after() {
        let resp = ApiError::RateLimited { retry_after: 7 }.error_response();
        assert_eq!(resp.status(), 429);
        assert_eq!(resp.headers().get("retry-after").unwrap(), "7");
    }
}
