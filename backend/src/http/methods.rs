//! The closed set of HTTP methods this server speaks.
//!
//! actix accepts any RFC 9110 token as a method, of any length up to the head buffer (128 kB).
//! Anything that records a method (metrics labels, the access log) must therefore see it
//! through [`label`], and a method we have no route for is refused before the session store,
//! the logger's full line or any handler sees it (501, as RFC 9110 §15.6.2 asks for a method
//! the server does not recognise).

use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::Method,
    middleware::Next,
    web, Error, ResponseError,
};

use crate::{error::ApiError, state::AppState};

/// The method as a bounded label: one of the standard methods, anything else `OTHER`.
pub fn label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        Method::CONNECT => "CONNECT",
        _ => "OTHER",
    }
}

/// Answers extension methods (`QUERY`, `PROPFIND`, `X0…`) before the session store or any
/// handler sees them: 405 with `Allow` on a path we serve (the path exists, the method does
/// not apply), 501 elsewhere. Standard methods go on to routing, where a path that lacks them
/// answers 404 or 405.
pub async fn refuse_unknown_methods(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if label(req.method()) == "OTHER" {
        let known = req
            .app_data::<web::Data<AppState>>()
            .and_then(|state| state.allow.method_not_allowed(req.method(), req.path()));
        let res = known.unwrap_or_else(|| ApiError::MethodNotImplemented.error_response());
        return Ok(req.into_response(res));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The request path for the access log, cut short: paths are client-chosen and may be as long
/// as the head buffer allows.
pub fn loggable_path(path: &str) -> String {
    const MAX: usize = 200;
    if path.len() <= MAX {
        return path.to_owned();
    }
    let mut end = MAX;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &path[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_methods_share_one_label() {
        for m in ["X0", "PROPFIND", "M1XXXXXXXXXXXXXXXXXXXXXXXX"] {
            assert_eq!(label(&Method::from_bytes(m.as_bytes()).unwrap()), "OTHER");
        }
        assert_eq!(label(&Method::PATCH), "PATCH");
    }

    #[test]
    fn long_paths_are_cut_on_a_character_boundary() {
        let path = format!("/{}", "é".repeat(300));
        let cut = loggable_path(&path);
        assert!(cut.len() <= 204 && cut.ends_with('…'));
        assert_eq!(loggable_path("/api/v1/x"), "/api/v1/x");
    }
}
