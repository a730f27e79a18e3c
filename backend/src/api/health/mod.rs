//! Liveness with a database check, and the OpenAPI document.

pub mod healthz;
pub mod metrics;
pub mod openapi_json;
pub mod readyz;
