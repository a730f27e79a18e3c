//! Security headers on every response, and the embedding exception.
//!
//! By default the app is never framed. With EMBED_ORIGINS (e.g. a Hugging Face Space page that
//! shows the app in an iframe) exactly those sites may frame it, and the session cookie becomes
//! `SameSite=None; Secure; Partitioned` so it works inside their frame and only there (CHIPS:
//! the browser keys it to the top-level site). The CSRF gate is unchanged: requests made by the
//! framed app are same-origin; requests from the embedding page itself are not.

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{HeaderValue, SET_COOKIE},
    middleware::{DefaultHeaders, Next},
    web, Error,
};

use crate::app::AppState;

/// Strict CSP: scripts, styles and connections only from our own origin, no inline script.
/// Map tiles (a configurable source) are images. `{ancestors}` is `'none'` unless embedding is
/// configured.
fn content_security_policy(ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

pub fn security_headers(production: bool, embed_origins: &[String]) -> DefaultHeaders {
    let ancestors = if embed_origins.is_empty() {
        "'none'".to_string()
    } else {
        format!("'self' {}", embed_origins.join(" "))
    };
    let mut headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            content_security_policy(&ancestors),
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(self)",
        ));
    if embed_origins.is_empty() {
        // X-Frame-Options cannot name several origins; with embedding, frame-ancestors decides.
        headers = headers
            .add(("X-Frame-Options", "DENY"))
            .add(("Cross-Origin-Resource-Policy", "same-origin"));
    }
    if production {
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
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

#[cfg(test)]
mod tests {
    use super::content_security_policy;

    #[test]
    fn default_policy_forbids_inline_script_and_framing() {
        let csp = content_security_policy("'none'");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
    }
}
