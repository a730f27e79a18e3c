//! Which methods each path answers, read once from the OpenAPI document, so that a request with
//! a method a known path does not take gets 405 with `Allow` (RFC 9110 §15.5.6) instead of the
//! 404 the router would give, and clients learn what the path does take.

use actix_web::{
    http::{header, Method},
    HttpResponse, ResponseError,
};

use std::collections::HashSet;

use crate::error::ApiError;

/// One path pattern split into segments (`{…}` matches any one segment), with its methods.
struct Route {
    segments: Vec<Option<String>>,
    allow: String,
}

pub struct AllowTable(Vec<Route>, HashSet<String>);

impl AllowTable {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        // Operations under a method that is not safe change something: what a read-only token
        // may not call (its session does not list them).
        let writes = doc
            .paths
            .paths
            .values()
            .flat_map(|item| [&item.post, &item.put, &item.patch, &item.delete])
            .flatten()
            .filter_map(|op| op.operation_id.clone())
            .collect();
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let ops = [
                    ("GET", item.get.is_some()),
                    ("HEAD", item.head.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                let mut allow: Vec<&str> =
                    ops.iter().filter(|(_, on)| *on).map(|(m, _)| *m).collect();
                // CORS preflights are answered on every API path.
                allow.push("OPTIONS");
                Route {
                    segments: path
                        .trim_matches('/')
                        .split('/')
                        .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                        .collect(),
                    allow: allow.join(", "),
                }
            })
            .collect();
        Self(routes, writes)
    }

    /// Whether operation `id` is called with a method that changes something.
    pub fn writes(&self, id: &str) -> bool {
        self.1.contains(id)
    }

    /// The `Allow` value for a path we serve, or None for a path we do not know.
    pub fn allowed(&self, path: &str) -> Option<&str> {
        let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        self.0
            .iter()
            .find(|r| {
                r.segments.len() == parts.len()
                    && r.segments.iter().zip(&parts).all(|(want, got)| {
                        want.as_deref().is_none_or(|w| w == *got) && !got.is_empty()
                    })
            })
            .map(|r| r.allow.as_str())
    }

    /// 405 with `Allow` when `path` is ours but was asked with another method (an `OPTIONS`
    /// request without CORS headers gets 204 with `Allow`).
    pub fn method_not_allowed(&self, method: &Method, path: &str) -> Option<HttpResponse> {
        let allow = self.allowed(path)?;
        let mut res = if method == Method::OPTIONS {
            HttpResponse::NoContent().finish()
        } else {
            ApiError::MethodNotAllowed.error_response()
        };
        res.headers_mut().insert(
            header::ALLOW,
            header::HeaderValue::from_str(allow).expect("method names are header-safe"),
        );
        Some(res)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_paths_name_their_methods_and_unknown_ones_nothing() {
        let table = AllowTable::from_openapi(&crate::routes::openapi());
        assert_eq!(table.allowed("/api/v1/admin/stats"), Some("GET, OPTIONS"));
        let one = table.allowed("/api/v1/submissions/12").unwrap();
        assert!(one.contains("GET") && one.contains("PATCH") && one.contains("DELETE"));
        assert_eq!(table.allowed("/api/v1/nope"), None);
        assert_eq!(table.allowed("/api/v1/submissions//"), None);
        assert_eq!(table.allowed("/api/v1/admin/stats/"), None);
    }
}
