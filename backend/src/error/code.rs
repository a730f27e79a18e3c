//! Every `code` a problem document can carry, closed: the OpenAPI schema lists them as an
//! `enum`, and `tests/api/error_codes.rs` fails when one is declared but never produced or
//! produced but not declared (Lemmy's "every error code is used" test is the model).

use serde::Serialize;
use utoipa::ToSchema;

/// The stable machine-readable code of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthenticated,
    InvalidToken,
    InvalidLink,
    Forbidden,
    CsrfRejected,
    RegistrationClosed,
    SubmissionsClosed,
    NotFound,
    MethodNotAllowed,
    MethodNotImplemented,
    /// A process with this slug exists.
    SlugTaken,
    /// The submission has not been analysed yet.
    NotAnalysed,
    /// The training run has not finished (or failed).
    RunNotReady,
    /// The last active admin token cannot be revoked.
    LastAdminToken,
    UnsupportedMediaType,
    PayloadTooLarge,
    InvalidRequest,
    ValidationFailed,
    RateLimited,
    ServiceBusy,
    ModelBusy,
    InternalError,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Unauthenticated,
        ErrorCode::InvalidToken,
        ErrorCode::InvalidLink,
        ErrorCode::Forbidden,
        ErrorCode::CsrfRejected,
        ErrorCode::RegistrationClosed,
        ErrorCode::SubmissionsClosed,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::MethodNotImplemented,
        ErrorCode::SlugTaken,
        ErrorCode::NotAnalysed,
        ErrorCode::RunNotReady,
        ErrorCode::LastAdminToken,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::PayloadTooLarge,
        ErrorCode::InvalidRequest,
        ErrorCode::ValidationFailed,
        ErrorCode::RateLimited,
        ErrorCode::ServiceBusy,
        ErrorCode::ModelBusy,
        ErrorCode::InternalError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::InvalidLink => "invalid_link",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CsrfRejected => "csrf_rejected",
            ErrorCode::RegistrationClosed => "registration_closed",
            ErrorCode::SubmissionsClosed => "submissions_closed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::MethodNotImplemented => "method_not_implemented",
            ErrorCode::SlugTaken => "slug_taken",
            ErrorCode::NotAnalysed => "not_analysed",
            ErrorCode::RunNotReady => "run_not_ready",
            ErrorCode::LastAdminToken => "last_admin_token",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServiceBusy => "service_busy",
            ErrorCode::ModelBusy => "model_busy",
            ErrorCode::InternalError => "internal_error",
        }
    }
}

/// Why a request conflicts with the current state (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    SlugTaken,
    NotAnalysed,
    RunNotReady,
    LastAdminToken,
}

impl Conflict {
    pub fn code(self) -> ErrorCode {
        match self {
            Conflict::SlugTaken => ErrorCode::SlugTaken,
            Conflict::NotAnalysed => ErrorCode::NotAnalysed,
            Conflict::RunNotReady => ErrorCode::RunNotReady,
            Conflict::LastAdminToken => ErrorCode::LastAdminToken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_are_the_documented_codes() {
        for &code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
