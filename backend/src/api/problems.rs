//! The problem responses every operation declares, derived from the operation itself rather
//! than written beside each handler: what its shape lets the server answer. A body can be
//! malformed (400), too large (413), not JSON (415) or invalid (422); a path parameter can name
//! nothing (404); a secured operation can meet no credentials (401) or a token whose role
//! or scope it does not admit (403); a state-changing call from another site is refused (403);
//! and every API call can be rate limited (429) or meet a busy server (503). Statuses a handler
//! declares itself (409, or a 404 with its own description) are kept.

use utoipa::openapi::{
    content::Content,
    path::{Operation, ParameterIn},
    response::ResponseBuilder,
    OpenApi, Ref, RefOr,
};

/// Adds the derived problem responses to every operation of `doc`.
pub fn declare(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let api = path.starts_with("/api/");
        for (method, op) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ] {
            if let Some(op) = op.as_mut() {
                derive(api, method, op);
            }
        }
    }
}

fn derive(api: bool, method: &str, op: &mut Operation) {
    let params = op.parameters.as_deref().unwrap_or_default();
    let query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
    let path_params = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
    let body = op.request_body.is_some();
    let roles = roles(op);
    let mut add = |status: u16, description: &str| {
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| problem(description));
    };
    if body || query {
        add(
            400,
            "Malformed request: not JSON, wrong types or unknown fields",
        );
        add(422, "A field is invalid; `errors` names each with a code");
    }
    if body {
        add(413, "Body too large");
        add(415, "Body not sent as `Content-Type: application/json`");
    }
    if path_params {
        add(404, "Nothing by that name");
    }
    if roles.is_some() {
        add(401, "No valid token or session");
        // Any secured operation: a role the operation does not admit (the scopes name those
        // it does), a read-only token that would write, or a staff token that is not an API
        // token sent as a bearer token.
        add(403, "Not allowed for this token");
    }
    if api && method != "get" {
        add(
            403,
            "Cross-site request refused, or not allowed for this token",
        );
    }
    if api {
        add(429, "Too many requests; retry after `Retry-After` seconds");
        add(503, "Busy; retry after `Retry-After` seconds");
    }
}

/// The roles the operation's security names (None when it needs no credentials).
fn roles(op: &Operation) -> Option<Vec<String>> {
    let security = op.security.as_ref().filter(|s| !s.is_empty())?;
    let mut roles = Vec::new();
    for requirement in security {
        if let Ok(serde_json::Value::Object(schemes)) = serde_json::to_value(requirement) {
            for scopes in schemes.values() {
                roles.extend(
                    scopes
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|s| s.as_str().map(str::to_owned)),
                );
            }
        }
    }
    Some(roles)
}

fn problem(description: &str) -> RefOr<utoipa::openapi::response::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
        .into()
}
