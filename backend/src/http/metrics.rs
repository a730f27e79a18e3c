//! Times and counts every request into the metrics registry (`crate::metrics`).

use std::time::Instant;

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    middleware::Next,
    web, Error,
};

use super::methods;
use crate::state::AppState;

/// Times every request; the route is the matched pattern (`/api/v1/submissions/{id}`), never
/// the raw path, and the method one of a closed set, so no client can grow the label set.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    // Background analysis rests while this is held (`jobs::make_room`).
    let _in_flight = crate::jobs::make_room::InFlight::enter();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = methods::label(req.method());
    // Errors are responses by now (see `http::headers`), so every request is counted.
    let res = next.call(req).await?;
    if let Some(state) = state {
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let status = res.status().as_u16();
        state
            .metrics
            .observe(method, &route, status, started.elapsed().as_secs_f64());
        if status == 429 {
            state.metrics.rejected(&route);
        }
    }
    Ok(res)
}
