//! Security headers on every response, and the embedding exception.
//!
//! By default the app is never framed. With EMBED_ORIGINS (e.g. a Hugging Face Space page that
//! shows the app in an iframe) exactly those sites may frame it, and the session cookie becomes
//! `SameSite=None; Secure; Partitioned` so it works inside their frame and only there (CHIPS:
//! the browser keys it to the top-level site). The CSRF gate is unchanged: requests made by the
//! framed app are same-origin; requests from the embedding page itself are not.

use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderName, HeaderValue, SET_COOKIE},
    middleware::Next,
    web, Error, ResponseError,
};

use crate::{app::AppState, error::ApiError};

/// Strict CSP: scripts, styles and connections only from our own origin, no inline script.
/// Map tiles are images from the one tile host the SPA is configured with (`tile_origin`), not
/// from any `https:` site. `{ancestors}` is `'none'` unless embedding is configured.
fn content_security_policy(ancestors: &str, tile_origin: Option<&str>) -> String {
    let tiles = tile_origin.map(|o| format!(" {o}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// The origin of the map tiles the SPA loads: `tileUrl` in the `config.json` it is served
/// with (an operator may point it at their own tile server without rebuilding). A `{s}`
/// subdomain placeholder becomes a wildcard. None when there is no SPA or the URL is ours.
pub fn tile_origin(static_dir: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(static_dir.join("config.json")).ok()?;
    let config: serde_json::Value = serde_json::from_str(&text).ok()?;
    origin_of(config.get("tileUrl")?.as_str()?)
}

fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "https" | "http") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?.replace("{s}", "*");
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*' | '[' | ']'));
    valid.then(|| format!("{scheme}://{host}"))
}

/// The headers every response carries, computed once at start.
#[derive(Clone, Debug)]
pub struct SecurityHeaders(Vec<(HeaderName, HeaderValue)>);

impl SecurityHeaders {
    pub fn new(production: bool, embed_origins: &[String], tile_origin: Option<&str>) -> Self {
        let ancestors = if embed_origins.is_empty() {
            "'none'".to_string()
        } else {
            format!("'self' {}", embed_origins.join(" "))
        };
        let mut list = vec![
            (
                "content-security-policy",
                content_security_policy(&ancestors, tile_origin),
            ),
            ("x-content-type-options", "nosniff".into()),
            ("referrer-policy", "no-referrer".into()),
            ("cross-origin-opener-policy", "same-origin".into()),
            (
                "permissions-policy",
                "camera=(), microphone=(), geolocation=(self)".into(),
            ),
        ];
        if embed_origins.is_empty() {
            // X-Frame-Options cannot name several origins; with embedding, frame-ancestors decides.
            list.push(("x-frame-options", "DENY".into()));
            list.push(("cross-origin-resource-policy", "same-origin".into()));
        }
        if production {
            list.push((
                "strict-transport-security",
                "max-age=31536000; includeSubDomains".into(),
            ));
        }
        Self(
            list.into_iter()
                .map(|(name, value)| {
                    (
                        HeaderName::from_static(name),
                        HeaderValue::from_str(&value).expect("static header value"),
                    )
                })
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&HeaderValue> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

tokio::task_local! {
    /// Set by the session store when it could not load or save a session during this request.
    static STORE_FAILED: std::cell::Cell<bool>;
}

/// Records that the session store failed for the request being served (see
/// [`security_headers`]); outside a request it does nothing.
pub fn mark_store_failed() {
    let _ = STORE_FAILED.try_with(|f| f.set(true));
}

/// Whether the session store failed earlier in this request.
pub fn store_failed() -> bool {
    STORE_FAILED.try_with(|f| f.get()).unwrap_or(false)
}

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
    let (res, failed) = STORE_FAILED
        .scope(std::cell::Cell::new(false), async move {
            let res = next.call(req).await;
            (res, store_failed())
        })
        .await;
    let mut res = res?.map_into_boxed_body();
    if failed {
        log::warn!("session store unavailable; answered 503");
        let (req, _) = res.into_parts();
        res = ServiceResponse::new(req, ApiError::Busy.error_response());
    }
    let headers = res.headers_mut();
    for (name, value) in &state.security_headers.0 {
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

#[cfg(test)]
mod tests {
    use super::content_security_policy;

    #[test]
    fn default_policy_forbids_inline_script_and_framing() {
        let csp = content_security_policy("'none'", None);
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
    }

    #[test]
    fn tile_origins_are_scheme_and_host_only() {
        use super::origin_of;
        assert_eq!(
            origin_of("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            origin_of("https://{s}.tiles.example:8443/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tiles.example:8443")
        );
        assert_eq!(origin_of("/tiles/{z}/{x}/{y}.png"), None);
        assert_eq!(origin_of("https://evil.example; script-src *"), None);
    }

    #[test]
    fn images_come_from_the_tile_host_only() {
        let csp = content_security_policy("'none'", Some("https://tile.openstreetmap.org"));
        assert!(csp.contains("img-src 'self' data: https://tile.openstreetmap.org;"));
        assert!(!csp.contains(" https:;"));
    }
}
