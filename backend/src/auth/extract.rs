//! Extractors that state a handler's access rule in its signature and refuse on their own:
//! [`Allowed`] applies the operation's rule from `auth::policy` (401 without credentials, 403
//! for a role the table does not name or a read-only token that would write) and
//! [`SignedIn`] (401) any token. The gate (`http::gate`) has already resolved the caller;
//! these only read it. Handlers whose path names a process use `api::extract::InProcess`,
//! which adds the process check; handlers that find the process through an id call
//! `Identity::reach` once they know it.

use std::{
    future::{ready, Ready},
    marker::PhantomData,
};

use actix_web::{dev::Payload, FromRequest, HttpMessage, HttpRequest};

use super::{
    identity::Identity,
    policy::{Operation, SELF_SERVICE},
};
use crate::error::ApiError;

fn identity(req: &HttpRequest) -> Option<Identity> {
    req.extensions().get::<Identity>().cloned()
}

/// A caller the table admits to operation `Op` (not yet checked against a process).
#[derive(Debug, Clone)]
pub struct Allowed<Op> {
    pub who: Identity,
    op: PhantomData<Op>,
}

impl<Op: Operation> Allowed<Op> {
    /// Applies `Op`'s rule to the caller of `req`.
    pub fn check(req: &HttpRequest) -> Result<Self, ApiError> {
        let who = identity(req).ok_or(ApiError::Unauthenticated)?;
        let role = who.is_staff().then_some(who.staff_role).flatten();
        let self_service = SELF_SERVICE.contains(&Op::ID);
        if who.enrolment_only && !self_service {
            return Err(ApiError::SecondFactorEnrolmentRequired);
        }
        let writes = !req.method().is_safe() && !self_service;
        if !Op::RULE.admits(role) || (who.read_only && writes) {
            return Err(ApiError::Forbidden);
        }
        Ok(Allowed {
            who,
            op: PhantomData,
        })
    }
}

impl<Op: Operation> FromRequest for Allowed<Op> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::check(req))
    }
}

/// Any valid token, staff or participant.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Identity);

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match identity(req) {
            Some(who) if who.enrolment_only => Err(ApiError::SecondFactorEnrolmentRequired),
            Some(who) => Ok(SignedIn(who)),
            None => Err(ApiError::Unauthenticated),
        })
    }
}
