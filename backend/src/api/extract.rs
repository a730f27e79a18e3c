//! Look-ups that many handlers share, as extractors: [`ProcessBySlug`] loads the process the
//! path's `{slug}` names, or answers 404; [`ProcessMember`] adds the per-process scope. Put it after the access extractor (`Admin`,
//! `SignedIn`) in a handler's arguments: extractors run in order, so a caller without access
//! learns nothing about which processes exist.

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::{
    auth::{Identity, SignedIn},
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

/// A signed-in caller acting inside the process the path's `{slug}` names: an admin anywhere,
/// a participant only in their own process. Another process answers 404, as if it did not
/// exist, so slugs cannot be probed. (Without credentials: 401, before any look-up.)
pub struct ProcessMember {
    pub who: Identity,
    pub process: ProcessRow,
}

impl FromRequest for ProcessMember {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let who = SignedIn::from_request(req, payload).into_inner();
        let process = ProcessBySlug::from_request(req, payload);
        Box::pin(async move {
            let SignedIn(who) = who?;
            let ProcessBySlug(process) = process.await?;
            if who.is_admin() || who.process_id == Some(process.id) {
                Ok(ProcessMember { who, process })
            } else {
                Err(ApiError::NotFound)
            }
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
