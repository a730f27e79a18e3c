//! Adds the security headers (`security::headers`) to every response, errors included, and
//! partitions the session cookie when the app may be embedded.

use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderValue, SET_COOKIE},
    middleware::Next,
    web, Error, ResponseError,
};

use crate::{auth::store_health, error::ApiError, state::AppState};

/// The outermost of our own layers. The middlewares inside answer their refusals (CSRF 403/415,
/// the gate's 401/429/503) as responses, not errors, so this sees every response and adds the
/// security headers to it; API responses that say nothing about caching are never stored (they
/// are per caller). A session store that failed (database or Redis unavailable) turns the
/// answer into 503 with Retry-After, never an opaque 500.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("state")
        .clone();
    let api = req.path().starts_with("/api/");
    let (res, failed) = store_health::watch(next.call(req)).await;
    let mut res = res?.map_into_boxed_body();
    if failed {
        log::warn!("session store unavailable; answered 503");
        let (req, _) = res.into_parts();
        res = ServiceResponse::new(req, ApiError::Busy.error_response());
    }
    let headers = res.headers_mut();
    for (name, value) in state.security_headers.iter() {
        if !headers.contains_key(name) {
            headers.insert(name.clone(), value.clone());
        }
    }
    if api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// Adds `Partitioned` to our session cookie when embedding is configured (the cookie crate in
/// actix-web 4 has no attribute for it yet).
pub async fn partition_session_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let mut res = next.call(req).await?;
    let Some(state) = state.filter(|s| !s.settings.embed_origins.is_empty()) else {
        return Ok(res);
    };
    let name = format!("{}=", state.settings.cookie_name());
    let cookies: Vec<HeaderValue> = res.headers().get_all(SET_COOKIE).cloned().collect();
    if cookies
        .iter()
        .any(|c| c.to_str().is_ok_and(|c| c.starts_with(&name)))
    {
        let headers = res.headers_mut();
        headers.remove(SET_COOKIE);
        for cookie in cookies {
            let text = cookie.to_str().unwrap_or_default();
            let value = if text.starts_with(&name) && !text.contains("Partitioned") {
                HeaderValue::from_str(&format!("{text}; Partitioned")).unwrap_or(cookie)
            } else {
                cookie
            };
            headers.append(SET_COOKIE, value);
        }
    }
    Ok(res)
}
