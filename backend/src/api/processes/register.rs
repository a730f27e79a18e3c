//! Get a participant token yourself, when the process allows it.

use crate::api::extract::ProcessBySlug;
use crate::domain::TokenId;
use crate::{
    auth::ClientIp,
    db::{
        self,
        tokens::{source, NewToken},
    },
    error::{ApiError, FieldCode, FieldError, Problem},
    security::tokens::{self, TokenKind},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// One of the process's contributor type keys.
    #[schema(example = "community")]
    pub contributor_type: String,
}

/// A newly issued token: shown exactly once.
#[derive(Serialize, ToSchema)]
pub struct RegisterResponse {
    pub token: String,
    pub token_id: TokenId,
}

/// Get a participant token yourself, when the process allows it.
///
/// Limited per client address (default 5 per hour). The token is shown only in this response.
#[utoipa::path(
    operation_id = "registerParticipant",
    tag = "processes",
    params(("slug" = String, Path)),
    request_body = RegisterRequest,
    responses(
        (status = 201, body = RegisterResponse),
        (status = 403, description = "Registration closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/processes/{slug}/register")]
pub async fn register(
    state: web::Data<AppState>,
    ip: ClientIp,
    ProcessBySlug(process): ProcessBySlug,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    if !process.registration_open {
        return Err(ApiError::RegistrationClosed);
    }
    let kind = body.into_inner().contributor_type;
    if !process.has_contributor_type(&kind) {
        return Err(ApiError::field(FieldError::new(
            "contributor_type",
            FieldCode::NotAllowed,
            "is not one of this process's contributor types",
        )));
    }
    state.limiters.check_register(&ip.key()).await?;
    let token = tokens::generate(TokenKind::Participant);
    let new = NewToken {
        kind: TokenKind::Participant.as_str().into(),
        token_hash: token.hash,
        hint: token.hint,
        label: None,
        source: source::SELF_REGISTERED.into(),
        process_id: Some(process.id),
        contributor_type: Some(kind),
        created_at: db::now(),
        created_by: None,
        expires_at: None,
        role: None,
        api: false,
        read_only: false,
    };
    let row = state
        .db
        .write(move |conn| Ok(db::tokens::insert(conn, &new)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(RegisterResponse {
            token: token.plaintext,
            token_id: row.id,
        }))
}
