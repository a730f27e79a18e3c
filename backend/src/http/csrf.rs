//! CSRF gate for every state-changing request, sign-in included.
//!
//! Browsers tell us where a request comes from (`Sec-Fetch-Site`, `Origin`); we compare that
//! with configuration, never with the Host header. Requiring a JSON content type means a plain
//! HTML form on another site cannot even produce an acceptable request.

use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{header, Method},
    middleware::Next,
    web, Error, ResponseError,
};

use crate::{error::ApiError, state::AppState};

pub fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The decision itself, kept free of actix types so it is easy to test.
pub fn check(
    method: &Method,
    sec_fetch_site: Option<&str>,
    origin: Option<&str>,
    content_type: Option<&str>,
    has_body: bool,
    allowed_origins: &[String],
) -> Result<(), ApiError> {
    if is_safe(method) {
        return Ok(());
    }
    if sec_fetch_site.is_some_and(|site| site != "same-origin") {
        return Err(ApiError::CsrfRejected);
    }
    if origin.is_some_and(|o| !allowed_origins.iter().any(|allowed| allowed == o)) {
        return Err(ApiError::CsrfRejected);
    }
    match content_type {
        Some(ct) if is_json(ct) => Ok(()),
        // A body-less DELETE or logout from curl carries no content type; nothing to parse.
        None if !has_body => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// Refusals are answered here, as responses, so the layers outside (headers, metrics, the
/// access log) see them like any other.
pub async fn csrf_gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("state")
        .clone();
    let headers = req.headers();
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let has_body = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .map(|len| len.trim() != "0")
        .unwrap_or_else(|| headers.contains_key(header::TRANSFER_ENCODING));
    let verdict = check(
        req.method(),
        text(header::HeaderName::from_static("sec-fetch-site")),
        text(header::ORIGIN),
        text(header::CONTENT_TYPE),
        has_body,
        &state.allowed_origins,
    );
    match verdict {
        Ok(()) => Ok(next.call(req).await?.map_into_boxed_body()),
        Err(refused) => Ok(req.into_response(refused.error_response())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: &[&str] = &["https://plan.example.org"];

    fn allowed() -> Vec<String> {
        ALLOWED.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cross_site_post_is_refused() {
        let r = check(
            &Method::POST,
            Some("cross-site"),
            None,
            Some("application/json"),
            true,
            &allowed(),
        );
        assert!(matches!(r, Err(ApiError::CsrfRejected)));
    }

    #[test]
    fn foreign_origin_is_refused_and_own_origin_passes() {
        let bad = check(
            &Method::POST,
            None,
            Some("https://evil.example"),
            Some("application/json"),
            true,
            &allowed(),
        );
        assert!(matches!(bad, Err(ApiError::CsrfRejected)));
        let good = check(
            &Method::POST,
            Some("same-origin"),
            Some(ALLOWED[0]),
            Some("application/json; charset=utf-8"),
            true,
            &allowed(),
        );
        assert!(good.is_ok());
    }

    #[test]
    fn form_content_type_is_unsupported() {
        let r = check(
            &Method::POST,
            None,
            None,
            Some("application/x-www-form-urlencoded"),
            true,
            &allowed(),
        );
        assert!(matches!(r, Err(ApiError::UnsupportedMediaType)));
        let r = check(&Method::POST, None, None, None, true, &allowed());
        assert!(matches!(r, Err(ApiError::UnsupportedMediaType)));
    }

    #[test]
    fn safe_methods_pass() {
        assert!(check(
            &Method::GET,
            Some("cross-site"),
            Some("https://evil.example"),
            None,
            false,
            &allowed()
        )
        .is_ok());
    }
}
