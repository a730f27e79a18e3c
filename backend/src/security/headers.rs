//! The security headers every response carries, computed once at start (the middleware that
//! adds them is `http::headers`).
//!
//! By default the app is never framed. With EMBED_ORIGINS (e.g. a Hugging Face Space page that
//! shows the app in an iframe) exactly those sites may frame it, and the session cookie becomes
//! `SameSite=None; Secure; Partitioned` so it works inside their frame and only there (CHIPS:
//! the browser keys it to the top-level site). The CSRF gate is unchanged: requests made by the
//! framed app are same-origin; requests from the embedding page itself are not.

use actix_web::http::header::{HeaderName, HeaderValue};

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

    pub fn iter(&self) -> impl Iterator<Item = &(HeaderName, HeaderValue)> {
        self.0.iter()
    }

    pub fn get(&self, name: &str) -> Option<&HeaderValue> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
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
