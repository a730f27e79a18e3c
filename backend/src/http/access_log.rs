//! The access log: `tracing-actix-web`'s root span per request, with our own fields (never the
//! raw target, query string, headers or body), and one `planner::access` event when the
//! response is ready: method, route pattern, path (cut to 200 characters), status, latency, the
//! client address as the rate limiter saw it, and the request id.

use std::{net::IpAddr, time::Instant};

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    web, Error, HttpMessage, HttpRequest,
};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;

use crate::telemetry::request_id::RequestId;
use crate::{
    auth::identity::ClientIp, http::methods, security::client_ip::client_ip, state::AppState,
};

/// For `TracingLogger::<AccessLog>`.
pub struct AccessLog;

#[derive(Clone, Copy)]
struct Started(Instant);

impl RootSpanBuilder for AccessLog {
    fn on_request_start(req: &ServiceRequest) -> Span {
        req.extensions_mut().insert(Started(Instant::now()));
        let id = req
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default();
        tracing::info_span!("request", request_id = %id)
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let _entered = span.enter();
        match outcome {
            Ok(res) => line(res.request(), res.status().as_u16()),
            // Only reached when something inside answered with an error instead of a
            // response; the request id layer outside turns it into one.
            Err(err) => tracing::info!(
                target: "planner::access",
                status = err.as_response_error().status_code().as_u16(),
                "request"
            ),
        }
    }
}

fn line(req: &HttpRequest, status: u16) {
    let extensions = req.extensions();
    let latency_ms = extensions
        .get::<Started>()
        .map(|s| s.0.elapsed().as_secs_f64() * 1000.0)
        .unwrap_or_default();
    let request_id = extensions
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let client = extensions
        .get::<ClientIp>()
        .map(|ip| ip.0)
        .unwrap_or_else(|| client_address(req));
    drop(extensions);
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    tracing::info!(
        target: "planner::access",
        method = methods::label(req.method()),
        route = %route,
        path = %methods::loggable_path(req.path()),
        status,
        latency_ms = (latency_ms * 1000.0).round() / 1000.0,
        client = %client,
        request_id = %request_id,
        "request"
    );
}

/// Outside `/api` the gate did not run: the same rule it applies (the peer, or the rightmost
/// untrusted `X-Forwarded-For` entry when the peer is a trusted proxy).
fn client_address(req: &HttpRequest) -> IpAddr {
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or([127, 0, 0, 1].into());
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return peer;
    };
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
    client_ip(peer, forwarded.as_deref(), &state.settings.trusted_proxies)
}
