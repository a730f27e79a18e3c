//! Look-ups that many handlers share, as extractors: [`ProcessBySlug`] loads the process the
//! path's `{slug}` names, or answers 404; [`InProcess`] adds the operation's access rule and
//! the per-process scope (the rule is checked first, so a caller without access learns
//! nothing about which processes exist).

use std::marker::PhantomData;

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::{
    auth::{policy::Operation, Allowed, Identity},
    db::{self, processes::ProcessRow},
    error::ApiError,
    state::AppState,
};

/// The process named by the `{slug}` segment of the path.
pub struct ProcessBySlug(pub ProcessRow);

impl FromRequest for ProcessBySlug {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let slug = req.match_info().get("slug").map(str::to_owned);
        Box::pin(async move {
            let (Some(state), Some(slug)) = (state, slug) else {
                return Err(ApiError::internal(
                    "ProcessBySlug on a route without {slug}",
                ));
            };
            find(&state, &slug).await.map(ProcessBySlug)
        })
    }
}

/// A caller the table admits to operation `Op`, acting inside the process the path's
/// `{slug}` names: owners anywhere, process roles in their processes, participants in their
/// own. Another process answers 404, as if it did not exist, so slugs cannot be probed.
/// (Without credentials: 401, and a role the table does not name: 403, before any look-up.)
///
/// `B` is the request's body (or anything else extracted from it), read only once the caller
/// is known to act here: actix polls a handler's extractors together, so a separate body
/// extractor would answer a malformed body (400) before the process check (404).
pub struct InProcess<Op, B = ()> {
    pub who: Identity,
    pub process: ProcessRow,
    pub body: B,
    op: PhantomData<Op>,
}

impl<Op: Operation + 'static, B: FromRequest + 'static> FromRequest for InProcess<Op, B> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let allowed = Allowed::<Op>::check(req);
        let process = ProcessBySlug::from_request(req, &mut Payload::None);
        let (req, mut payload) = (req.clone(), payload.take());
        Box::pin(async move {
            let who = allowed?.who;
            let ProcessBySlug(process) = process.await?;
            who.reach(process.id)?;
            let body = B::from_request(&req, &mut payload)
                .await
                .map_err(Into::into)?;
            Ok(InProcess {
                who,
                process,
                body,
                op: PhantomData,
            })
        })
    }
}

/// Loads a process by slug or answers 404 (for slugs that come from a body or a link).
pub async fn find(state: &AppState, slug: &str) -> Result<ProcessRow, ApiError> {
    let slug = slug.to_owned();
    state
        .db
        .read(move |conn| Ok(db::processes::by_slug(conn, &slug)?))
        .await?
        .ok_or(ApiError::NotFound)
}
