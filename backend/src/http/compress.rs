//! Compresses the API's JSON and CSV answers for clients that accept it. Small answers go as
//! they are (compressing a few hundred bytes costs more than it saves); streamed ones (the
//! exports) are compressed as they stream. Anything that already has a Content-Encoding is left
//! alone, so nothing is ever compressed twice.

use actix_http::encoding::Encoder;
use actix_web::{
    body::{BodySize, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{
        header::{self, ContentEncoding, HeaderMap, HeaderValue},
        StatusCode,
    },
    middleware::Next,
    Error,
};

use super::negotiate::preferred_encoding;

/// Answers smaller than this are sent uncompressed.
pub const MIN_COMPRESS_BYTES: u64 = 1024;

pub async fn compress_api(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let wanted = preferred_encoding(&req);
    let res = next.call(req).await?;
    Ok(res.map_body(move |head, body| {
        let eligible = compressible(head.status, &head.headers);
        let large = match body.size() {
            BodySize::Sized(n) => n >= MIN_COMPRESS_BYTES,
            BodySize::Stream => true,
            BodySize::None => false,
        };
        let encoding = if eligible && large {
            wanted
        } else {
            ContentEncoding::Identity
        };
        // The answer to this URL depends on Accept-Encoding, whatever this one was. When it
        // compresses, the encoder says so itself (with Content-Encoding, and no Content-Length).
        if eligible && encoding == ContentEncoding::Identity {
            head.headers
                .append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        Encoder::response(encoding, head, body)
    }))
}

/// JSON (plain, problem and GeoJSON) and CSV with a full body, not already encoded.
fn compressible(status: StatusCode, headers: &HeaderMap) -> bool {
    if headers.contains_key(header::CONTENT_ENCODING)
        || matches!(
            status,
            StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT
        )
    {
        return false;
    }
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "text/csv"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(content_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        h
    }

    #[test]
    fn json_problems_geojson_and_csv_are_compressed() {
        for ct in [
            "application/json",
            "application/problem+json",
            "application/geo+json",
            "text/csv; charset=utf-8",
        ] {
            assert!(compressible(StatusCode::OK, &typed(ct)), "{ct}");
        }
        assert!(!compressible(StatusCode::OK, &typed("image/png")));
        assert!(!compressible(StatusCode::OK, &HeaderMap::new()));
    }

    #[test]
    fn encoded_or_bodiless_answers_are_left_alone() {
        let mut h = typed("application/json");
        assert!(!compressible(StatusCode::NOT_MODIFIED, &h));
        assert!(!compressible(StatusCode::PARTIAL_CONTENT, &h));
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        assert!(!compressible(StatusCode::OK, &h));
    }
}
