//! The per-request gate in front of every API route: resolves the client address and the
//! caller (bearer token or session), enforces session lifetimes, and applies the traffic
//! limits (per token when signed in, per address otherwise).

use actix_session::SessionExt;
use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::{header, Method},
    middleware::Next,
    web, Error, HttpMessage,
};

use super::{
    identity::{ClientIp, Identity},
    session_store::{CREATED_KEY, SEEN_KEY, TOKEN_ID_KEY},
    verify::verify_token,
};
use crate::{
    app::AppState,
    db::{self, tokens::TokenState},
    error::ApiError,
    security::client_ip::client_ip,
};

/// Paths with their own, stricter accounting (failed sign-ins), exempt from the anonymous
/// traffic budget so a workshop can sign in together.
const LOGIN_PATH: &str = "/api/v1/auth/login";

pub async fn api_gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("state")
        .clone();
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or([127, 0, 0, 1].into());
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    let ip = ClientIp(client_ip(peer, forwarded, &state.settings.trusted_proxies));
    req.extensions_mut().insert(ip);

    if req.method() == Method::OPTIONS {
        return next.call(req).await;
    }

    let identity = resolve_identity(&state, &req, ip).await?;
    match &identity {
        Some(who) => state.limiters.check_token(who.token_id).await?,
        None if req.path() == LOGIN_PATH => {}
        None => state.limiters.check_anonymous(&ip.key()).await?,
    }
    if let Some(who) = identity {
        req.extensions_mut().insert(who);
    }
    next.call(req).await
}

async fn resolve_identity(
    state: &AppState,
    req: &ServiceRequest,
    ip: ClientIp,
) -> Result<Option<Identity>, ApiError> {
    if let Some(bearer) = bearer_token(req) {
        // A bearer token is a sign-in attempt on every request: it shares the failure budget.
        state.limiters.check_login_allowed(&ip.key()).await?;
        return match verify_token(state, bearer).await {
            Ok(row) => {
                touch(state, row.id, row.last_used_at).await;
                Ok(Some(Identity::from(&row)))
            }
            Err(err) => {
                state.limiters.record_login_failure(&ip.key()).await?;
                Err(err)
            }
        };
    }
    session_identity(state, req).await
}

fn bearer_token(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

async fn session_identity(
    state: &AppState,
    req: &ServiceRequest,
) -> Result<Option<Identity>, ApiError> {
    let session = req.get_session();
    let read = |key: &str| session.get::<i64>(key).ok().flatten();
    let Some(token_id) = read(TOKEN_ID_KEY) else {
        return Ok(None);
    };
    let now = chrono::Utc::now().timestamp();
    let created = read(CREATED_KEY).unwrap_or(0);
    let seen = read(SEEN_KEY).unwrap_or(0);
    let absolute = i64::from(state.settings.session_ttl_hours) * 3600;
    let idle = i64::from(state.settings.session_idle_minutes) * 60;
    if now - created > absolute || now - seen > idle {
        session.purge();
        return Ok(None);
    }
    let row = state
        .db
        .read(move |conn| Ok(db::tokens::by_id(conn, token_id)?))
        .await?;
    let Some(row) = row.filter(|r| r.state(db::now()) == TokenState::Active) else {
        session.purge();
        return Ok(None);
    };
    if now - seen >= 60 {
        // Sliding idle window, written at most once a minute per session.
        let _ = session.insert(SEEN_KEY, now);
    }
    touch(state, row.id, row.last_used_at).await;
    Ok(Some(Identity::from(&row)))
}

/// Records token use at minute granularity; a busy database only costs us the timestamp.
async fn touch(state: &AppState, token_id: i64, last_used: Option<chrono::NaiveDateTime>) {
    let now = db::now();
    if last_used.is_some_and(|t| now - t < chrono::Duration::seconds(60)) {
        return;
    }
    if let Err(err) = state
        .db
        .write(move |conn| Ok(db::tokens::touch(conn, token_id, now)?))
        .await
    {
        log::warn!("could not record use of token {token_id}: {err}");
    }
}
