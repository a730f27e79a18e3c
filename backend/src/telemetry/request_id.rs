//! The request id: taken from the client's `X-Request-Id` when it is sane (1 to 64 visible
//! ASCII characters), generated otherwise, and held in a task-local for the request's whole
//! handling, so every problem body and log line can name it (the middleware that sets it and
//! returns it in `X-Request-Id` is `http::request_id`).

use actix_web::http::header::HeaderName;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");
const MAX_LEN: usize = 64;

/// The id of the request being handled, in its extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request this task is handling, if any.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// The current request's id, or a fresh one outside a request (a unit test, a CLI).
pub fn current_or_new() -> String {
    current().unwrap_or_else(generate)
}

pub fn generate() -> String {
    crate::security::tokens::random_hex(12)
}

/// Short and printable: safe to echo in a header, a JSON body and a log line.
pub fn is_sane(value: &str) -> bool {
    (1..=MAX_LEN).contains(&value.len()) && value.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// Runs one request's handling with `id` as the current request id.
pub async fn scope<F: std::future::Future>(id: String, work: F) -> F::Output {
    CURRENT.scope(id, work).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_visible_ascii_ids_are_taken() {
        assert!(is_sane("abc-123_DEF.456"));
        assert!(is_sane(&"a".repeat(64)));
        for bad in ["", " ", "a b", "a\nb", "é", &"a".repeat(65), "a\u{7f}"] {
            assert!(!is_sane(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn outside_a_request_there_is_no_current_id() {
        assert!(current().is_none());
        assert_eq!(current_or_new().len(), 24);
    }
}
