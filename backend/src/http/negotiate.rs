//! Which content coding a response travels in: brotli, then gzip, then none, as far as the
//! request's `Accept-Encoding` allows. Q-values are honoured (`br;q=0` refuses brotli); an
//! absent or unreadable header means no coding, which every client understands.

use actix_web::{
    http::header::{AcceptEncoding, ContentEncoding, Encoding, Header},
    HttpMessage,
};

/// Our preference at equal q-values: brotli is smaller than gzip for text by about a tenth.
const OFFERED: [Encoding; 3] = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];

/// The coding to answer `req` in.
pub fn preferred_encoding(req: &impl HttpMessage) -> ContentEncoding {
    let Ok(accepted) = AcceptEncoding::parse(req) else {
        return ContentEncoding::Identity;
    };
    match accepted.negotiate(OFFERED.iter()) {
        Some(Encoding::Known(encoding)) => encoding,
        _ => ContentEncoding::Identity,
    }
}

/// The file-name suffix of a precompressed copy in this coding, if we make one.
pub fn file_suffix(encoding: ContentEncoding) -> Option<&'static str> {
    match encoding {
        ContentEncoding::Brotli => Some("br"),
        ContentEncoding::Gzip => Some("gz"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn pick(accept: &str) -> ContentEncoding {
        preferred_encoding(
            &TestRequest::default()
                .insert_header(("accept-encoding", accept))
                .to_http_request(),
        )
    }

    #[test]
    fn brotli_first_then_gzip_then_nothing() {
        assert_eq!(pick("gzip, deflate, br, zstd"), ContentEncoding::Brotli);
        assert_eq!(pick("gzip, deflate"), ContentEncoding::Gzip);
        assert_eq!(pick("deflate"), ContentEncoding::Identity);
        assert_eq!(
            preferred_encoding(&TestRequest::default().to_http_request()),
            ContentEncoding::Identity
        );
    }

    #[test]
    fn q_values_decide_and_zero_refuses() {
        assert_eq!(pick("br;q=0, gzip"), ContentEncoding::Gzip);
        assert_eq!(pick("br;q=0.4, gzip;q=0.8"), ContentEncoding::Gzip);
        assert_eq!(pick("br;q=0, gzip;q=0"), ContentEncoding::Identity);
    }
}
