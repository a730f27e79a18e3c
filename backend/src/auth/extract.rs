//! Extractors that state a handler's access rule in its signature and refuse on their own:
//! [`Admin`] (401 without credentials, 403 for a participant) and [`SignedIn`] (401). The
//! gate (`http::gate`) has already resolved the caller; these only read it. Each one also
//! names the OpenAPI security it implies (see `api::docs`), so the spec is checked against the
//! handlers that use them.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, FromRequest, HttpMessage, HttpRequest};

use super::identity::Identity;
use crate::error::ApiError;

/// The OpenAPI security scope an [`Admin`] handler declares (`("bearer" = ["admin"])`).
pub const ADMIN_SCOPE: &str = "admin";

fn identity(req: &HttpRequest) -> Option<Identity> {
    req.extensions().get::<Identity>().cloned()
}

/// An admin token (bearer or session).
#[derive(Debug, Clone)]
pub struct Admin(pub Identity);

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match identity(req) {
            Some(who) if who.is_admin() => Ok(Admin(who)),
            Some(_) => Err(ApiError::Forbidden),
            None => Err(ApiError::Unauthenticated),
        })
    }
}

/// Any valid token, admin or participant.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Identity);

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(identity(req).map(SignedIn).ok_or(ApiError::Unauthenticated))
    }
}
