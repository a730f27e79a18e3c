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
    /// The staff token exists but was revoked, replaced by a rotation, or has expired.
    TokenInactive,
    /// A second factor is already enrolled for this token (an owner can reset it).
    TotpEnrolled,
    /// No second-factor enrolment was started (or it was reset meanwhile).
    TotpNotStarted,
    /// A participant supports someone else's submission, not their own.
    OwnSubmission,
    /// The theme was computed before themes recorded their submissions: compute themes again.
    ThemeMembersUnknown,
    /// The second-factor code or recovery code is wrong, used already, or too old.
    InvalidSecondFactor,
    /// No sign-in waits for a second factor in this session (none started, or it expired).
    SignInNotPending,
    /// Second factors are required: enrol one before doing anything else.
    SecondFactorEnrolmentRequired,
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
        ErrorCode::TokenInactive,
        ErrorCode::TotpEnrolled,
        ErrorCode::TotpNotStarted,
        ErrorCode::OwnSubmission,
        ErrorCode::ThemeMembersUnknown,
        ErrorCode::InvalidSecondFactor,
        ErrorCode::SignInNotPending,
        ErrorCode::SecondFactorEnrolmentRequired,
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
            ErrorCode::TokenInactive => "token_inactive",
            ErrorCode::TotpEnrolled => "totp_enrolled",
            ErrorCode::TotpNotStarted => "totp_not_started",
            ErrorCode::OwnSubmission => "own_submission",
            ErrorCode::ThemeMembersUnknown => "theme_members_unknown",
            ErrorCode::InvalidSecondFactor => "invalid_second_factor",
            ErrorCode::SignInNotPending => "sign_in_not_pending",
            ErrorCode::SecondFactorEnrolmentRequired => "second_factor_enrolment_required",
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
    TokenInactive,
    TotpEnrolled,
    TotpNotStarted,
    OwnSubmission,
    ThemeMembersUnknown,
}

impl Conflict {
    pub fn code(self) -> ErrorCode {
        match self {
            Conflict::SlugTaken => ErrorCode::SlugTaken,
            Conflict::NotAnalysed => ErrorCode::NotAnalysed,
            Conflict::RunNotReady => ErrorCode::RunNotReady,
            Conflict::LastAdminToken => ErrorCode::LastAdminToken,
            Conflict::TokenInactive => ErrorCode::TokenInactive,
            Conflict::TotpEnrolled => ErrorCode::TotpEnrolled,
            Conflict::TotpNotStarted => ErrorCode::TotpNotStarted,
            Conflict::OwnSubmission => ErrorCode::OwnSubmission,
            Conflict::ThemeMembersUnknown => ErrorCode::ThemeMembersUnknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How code outside `error/` makes each code: the constructor that yields it.
    fn producers(code: ErrorCode) -> &'static [&'static str] {
        match code {
            ErrorCode::Unauthenticated => &["ApiError::Unauthenticated"],
            ErrorCode::InvalidToken => &["ApiError::InvalidToken"],
            ErrorCode::InvalidLink => &["ApiError::InvalidLink"],
            ErrorCode::Forbidden => &["ApiError::Forbidden"],
            ErrorCode::CsrfRejected => &["ApiError::CsrfRejected"],
            ErrorCode::RegistrationClosed => &["ApiError::RegistrationClosed"],
            ErrorCode::SubmissionsClosed => &["ApiError::SubmissionsClosed"],
            ErrorCode::NotFound => &["ApiError::NotFound"],
            ErrorCode::MethodNotAllowed => &["ApiError::MethodNotAllowed"],
            ErrorCode::MethodNotImplemented => &["ApiError::MethodNotImplemented"],
            ErrorCode::SlugTaken => &["Conflict::SlugTaken"],
            ErrorCode::NotAnalysed => &["Conflict::NotAnalysed"],
            ErrorCode::RunNotReady => &["Conflict::RunNotReady"],
            ErrorCode::LastAdminToken => &["Conflict::LastAdminToken"],
            ErrorCode::TokenInactive => &["Conflict::TokenInactive"],
            ErrorCode::TotpEnrolled => &["Conflict::TotpEnrolled"],
            ErrorCode::TotpNotStarted => &["Conflict::TotpNotStarted"],
            ErrorCode::OwnSubmission => &["Conflict::OwnSubmission"],
            ErrorCode::ThemeMembersUnknown => &["Conflict::ThemeMembersUnknown"],
            ErrorCode::InvalidSecondFactor => &["ApiError::InvalidSecondFactor"],
            ErrorCode::SignInNotPending => &["ApiError::SignInNotPending"],
            ErrorCode::SecondFactorEnrolmentRequired => {
                &["ApiError::SecondFactorEnrolmentRequired"]
            }
            ErrorCode::UnsupportedMediaType => &["ApiError::UnsupportedMediaType"],
            ErrorCode::PayloadTooLarge => &["ApiError::PayloadTooLarge"],
            ErrorCode::InvalidRequest => &["ApiError::BadRequest"],
            ErrorCode::ValidationFailed => &["ApiError::Validation", "ApiError::field"],
            ErrorCode::RateLimited => &["ApiError::RateLimited"],
            ErrorCode::ServiceBusy => &["ApiError::Busy"],
            ErrorCode::ModelBusy => &["ApiError::ModelBusy"],
            ErrorCode::InternalError => &["ApiError::internal", "ApiError::Internal"],
        }
    }

    fn sources(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("error") {
                    sources(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    /// Lemmy's "every error code is used": a code no code path produces is a lie in the spec.
    /// (Producing an undeclared code cannot happen: `Problem.code` is this enum, and the spec
    /// is generated from it, which `routes::tests` keeps committed.)
    #[test]
    fn every_declared_code_is_produced_somewhere() {
        let mut code = String::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut code,
        );
        for &c in ErrorCode::ALL {
            assert!(
                producers(c).iter().any(|p| code.contains(p)),
                "{} is declared but nothing outside error/ produces it",
                c.as_str()
            );
        }
    }

    #[test]
    fn the_spec_lists_exactly_these_codes() {
        let spec = crate::routes::openapi();
        let schema = serde_json::to_value(&spec.components.unwrap().schemas["ErrorCode"]).unwrap();
        let listed: Vec<String> = serde_json::from_value(schema["enum"].clone()).unwrap();
        let ours: Vec<String> = ErrorCode::ALL.iter().map(|c| c.as_str().into()).collect();
        assert_eq!(listed, ours);
    }

    #[test]
    fn serde_names_are_the_documented_codes() {
        for &code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
