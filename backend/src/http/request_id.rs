//! The outermost layer: gives every request its id (see `telemetry::request_id`), returns it in
//! `X-Request-Id`, and renders errors inside the id's scope so their bodies name it.

use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    error::InternalError,
    http::header::HeaderValue,
    middleware::Next,
    Error, HttpMessage,
};

use crate::telemetry::request_id::{self, generate, is_sane, RequestId, HEADER};

/// The outermost middleware.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = req
        .headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_sane(v))
        .map(str::to_owned)
        .unwrap_or_else(generate);
    req.extensions_mut().insert(RequestId(id.clone()));
    let header = HeaderValue::from_str(&id).ok();
    let stamp = move |headers: &mut actix_web::http::header::HeaderMap| {
        if let Some(value) = header.clone() {
            headers.insert(HEADER, value);
        }
    };
    request_id::scope(id, async move {
        match next.call(req).await {
            Ok(mut res) => {
                stamp(res.headers_mut());
                Ok(res.map_into_boxed_body())
            }
            // Rendered here, inside the scope, so the problem body names this request.
            Err(err) => {
                let mut res = err.error_response();
                stamp(res.headers_mut());
                Err(InternalError::from_response(err, res).into())
            }
        }
    })
    .await
}
