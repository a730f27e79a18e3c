//! CORS: only the configured origins may make credentialed cross-origin calls.

use actix_cors::Cors;
use actix_web::http::{header, Method};

pub fn cors(origins: Vec<String>) -> Cors {
    Cors::default()
        .allowed_origin_fn(move |origin, _| {
            origins.iter().any(|o| o.as_bytes() == origin.as_bytes())
        })
        .allowed_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ])
        .allowed_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers([crate::telemetry::request_id::HEADER])
        .supports_credentials()
        .max_age(3600)
}
