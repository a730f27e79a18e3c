//! The per-request gate in front of every API route: resolves the client address and the
//! caller (bearer token or session), enforces session lifetimes, and applies the traffic
//! limits (per token when signed in, per address otherwise).

use actix_session::SessionExt;
use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{header, Method},
    middleware::Next,
    web, Error, HttpMessage, ResponseError,
};

use std::{
    net::IpAddr,
    sync::atomic::{AtomicBool, Ordering},
};

use crate::{
    auth::{
        identity::{ClientIp, Identity},
        session::{self as auth_session, Lifetimes},
        store_health::store_failed,
        verify::{sign_in_attempt, used_in_the_last_minute},
    },
    db::{
        self,
        tokens::{TokenRow, TokenState},
    },
    domain::{StaffRole, TokenId},
    error::ApiError,
    security::{
        client_ip::{carries_forwarding_headers, client_ip},
        tokens::TokenKind,
    },
    state::AppState,
};

/// Paths with their own, stricter accounting (failed sign-ins), exempt from the anonymous
/// traffic budget so a workshop can sign in together.
const LOGIN_PATH: &str = "/api/v1/auth/login";

/// Refusals (401, 429, 503) are answered here, as responses, so the layers outside (headers,
/// metrics, the access log) see them like any other.
pub async fn api_gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    match admit(&req).await {
        Ok(()) => Ok(next.call(req).await?.map_into_boxed_body()),
        Err(refused) => Ok(req.into_response(refused.error_response())),
    }
}

/// Resolves the client address and the caller into the request, and applies the limits.
async fn admit(req: &ServiceRequest) -> Result<(), ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("state")
        .clone();
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or([127, 0, 0, 1].into());
    // Every header line, in order, as one list (RFC 9110 §5.3): a proxy that appends its own
    // line must not leave the client's forged first line in charge.
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
    let trusted = &state.settings.trusted_proxies;
    let ip = ClientIp(client_ip(peer, forwarded.as_deref(), trusted));
    if is_unlisted_proxy(peer, req, trusted) {
        report_unlisted_proxy(&state, peer);
    }
    req.extensions_mut().insert(ip);

    if req.method() == Method::OPTIONS {
        return Ok(());
    }
    if store_failed() {
        // The session could not be loaded: who this is is unknown, so nothing may run.
        return Err(ApiError::Busy);
    }

    let identity = resolve_identity(&state, req, ip).await?;
    match &identity {
        Some(who) => state.limiters.check_token(who.token_id).await?,
        None if req.path() == LOGIN_PATH => {}
        None => state.limiters.check_anonymous(&ip.key()).await?,
    }
    if let Some(who) = identity {
        req.extensions_mut().insert(who);
    }
    Ok(())
}

async fn resolve_identity(
    state: &AppState,
    req: &ServiceRequest,
    ip: ClientIp,
) -> Result<Option<Identity>, ApiError> {
    if let Some(bearer) = bearer_token(req) {
        // A bearer token is a sign-in attempt on every request: it shares the failure budget.
        let row = sign_in_attempt(state, ip, bearer).await?;
        // Staff tokens act from scripts only when issued as API tokens: a stolen browser
        // token is then no use to curl.
        if row.kind() == TokenKind::Admin && !row.api {
            return Err(ApiError::Forbidden);
        }
        touch(state, row.id, row.last_used_at).await;
        return Ok(Some(identity(state, &row).await?));
    }
    session_identity(state, req).await
}

/// The caller `row` makes, with the processes a process role is limited to.
async fn identity(state: &AppState, row: &TokenRow) -> Result<Identity, ApiError> {
    let mut who = Identity::from(row);
    if who.staff_role.is_some_and(StaffRole::is_process_role) {
        let id = row.id;
        who.processes = state
            .db
            .read(move |conn| Ok(db::tokens::processes_of(conn, id)?))
            .await?;
    }
    Ok(who)
}

/// Forwarding headers from a private or loopback peer we were not told to trust: almost
/// certainly a reverse proxy missing from TRUSTED_PROXIES, which makes every client share the
/// proxy's rate-limit key.
fn is_unlisted_proxy(peer: IpAddr, req: &ServiceRequest, trusted: &[ipnet::IpNet]) -> bool {
    let private = match peer {
        IpAddr::V4(v4) => v4.is_private() || v4.is_loopback() || v4.is_link_local(),
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_private() || v4.is_loopback())
        }
    };
    private
        && carries_forwarding_headers(req.headers())
        && !trusted.iter().any(|net| net.contains(&peer))
}

fn report_unlisted_proxy(state: &AppState, peer: IpAddr) {
    static WARNED: AtomicBool = AtomicBool::new(false);
    state
        .metrics
        .untrusted_forwarded
        .fetch_add(1, Ordering::Relaxed);
    if !WARNED.swap(true, Ordering::Relaxed) {
        log::warn!(
            "a request from {peer} carries X-Forwarded-For/Forwarded, but {peer} is not in TRUSTED_PROXIES: \
             if it is your reverse proxy, every client now shares its rate-limit key; add it to \
             TRUSTED_PROXIES (counted in planner_untrusted_forwarded_requests_total)"
        );
    }
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
    let lifetimes = Lifetimes {
        absolute: i64::from(state.settings.session_ttl_hours) * 3600,
        idle: i64::from(state.settings.session_idle_minutes) * 60,
    };
    let Some(found) = auth_session::current(&session, lifetimes) else {
        return Ok(None);
    };
    let token_id = found.token_id;
    let row = state
        .db
        .read(move |conn| Ok(db::tokens::by_id(conn, token_id)?))
        .await?;
    let Some(row) =
        row.filter(|r| r.state(db::now()) == TokenState::Active && found.is_bound_to(r))
    else {
        session.purge();
        return Ok(None);
    };
    auth_session::seen_now(&session, &found);
    touch(state, row.id, row.last_used_at).await;
    let mut who = identity(state, &row).await?;
    if who.is_staff() {
        // Second factors guard browser sessions only (bearer use is for scoped API tokens).
        let id = row.id;
        who.enrolment_only = state
            .db
            .read(
                move |conn| Ok(db::totp::require_totp(conn)? && !db::totp::is_enrolled(conn, id)?),
            )
            .await?;
    }
    Ok(Some(who))
}

/// Records token use at minute granularity; a busy database only costs us the timestamp.
async fn touch(state: &AppState, token_id: TokenId, last_used: Option<chrono::NaiveDateTime>) {
    if used_in_the_last_minute(last_used) {
        return;
    }
    let now = db::now();
    if let Err(err) = state
        .db
        .write(move |conn| Ok(db::tokens::touch(conn, token_id, now)?))
        .await
    {
        log::warn!("could not record use of token {token_id}: {err}");
    }
}
