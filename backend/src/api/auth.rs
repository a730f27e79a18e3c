//! Sign in, sign out, and "who am I".

use actix_session::Session;
use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    app::AppState,
    audit::AuditEvent,
    auth::{
        session_store::{binding, BINDING_KEY, CREATED_KEY, SEEN_KEY, TOKEN_ID_KEY},
        verify::sign_in_attempt,
        Caller, ClientIp, Identity, Role,
    },
    db,
    error::{ApiError, Problem},
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// An admin or participant access token.
    #[schema(example = "ppp_3kTq9ZrW0aXb7LmN2cVd5eFg8hJk1pQs_0aB3cD")]
    pub token: String,
}

#[derive(Serialize, Deserialize, ToSchema, Debug)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    Admin,
    Participant,
}

/// The signed-in caller.
#[derive(Serialize, ToSchema)]
pub struct SessionInfo {
    pub role: RoleName,
    /// Row id of the token (never the token itself).
    pub token_id: i64,
    /// Slug of the participant's process; null for admins.
    pub process: Option<String>,
    /// The participant's contributor type key; null for admins.
    pub contributor_type: Option<String>,
}

async fn session_info(state: &AppState, who: &Identity) -> Result<SessionInfo, ApiError> {
    let process = match who.process_id {
        Some(id) => state
            .db
            .read(move |conn| Ok(db::processes::by_id(conn, id)?))
            .await?
            .map(|p| p.slug),
        None => None,
    };
    Ok(SessionInfo {
        role: match who.role {
            Role::Admin => RoleName::Admin,
            Role::Participant => RoleName::Participant,
        },
        token_id: who.token_id,
        process,
        contributor_type: who.contributor_type.clone(),
    })
}

/// Sign in with a token; sets the session cookie.
///
/// Unknown, revoked, expired and malformed tokens get the same 401. Failed attempts are limited
/// per client address (default 10 per minute); successful ones per token (default 10 per
/// minute), so a whole workshop can sign in from one network but one token cannot flood the
/// session store. A token keeps at most 20 live sessions; a new one ends the oldest.
#[utoipa::path(
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the response sets the session cookie", body = SessionInfo),
        (status = 401, description = "Invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts from this address, or sign-ins with this token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    session: Session,
    ip: ClientIp,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let row = sign_in_attempt(&state, ip, body.into_inner().token).await?;
    state.limiters.check_sign_in(row.id).await?;
    let who = Identity::from(&row);
    // A fresh session id at every sign-in: a planted cookie never becomes authenticated.
    session.renew();
    let now = chrono::Utc::now().timestamp();
    let insert = |k: &str, v: i64| session.insert(k, v).map_err(ApiError::internal);
    insert(TOKEN_ID_KEY, who.token_id)?;
    insert(CREATED_KEY, now)?;
    insert(SEEN_KEY, now)?;
    session
        .insert(BINDING_KEY, binding(&row))
        .map_err(ApiError::internal)?;
    let token_id = who.token_id;
    let is_admin = who.is_admin();
    state
        .db
        .write(move |conn| {
            db::tokens::touch(conn, token_id, db::now())?;
            if is_admin {
                AuditEvent::new("auth.login")
                    .target("token", token_id)
                    .record(conn, Some(token_id), Some(ip))?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(session_info(&state, &who).await?))
}

/// Sign out: the server-side session is deleted and the cookie cleared.
#[utoipa::path(
    operation_id = "logout",tag = "auth", responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
pub async fn logout(session: Session) -> HttpResponse {
    session.purge();
    HttpResponse::NoContent().finish()
}

/// The current caller, from the session cookie or bearer token.
#[utoipa::path(
    operation_id = "getSession",
    tag = "auth",
    responses(
        (status = 200, body = SessionInfo),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/auth/session")]
pub async fn current_session(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(session_info(&state, who).await?))
}
