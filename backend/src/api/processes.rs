//! Planning processes: create, list, read, update, and self-service registration.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::utc;
use crate::{
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{
        self,
        processes::{NewProcess, ProcessChanges, ProcessRow},
        tokens::{source, NewToken},
    },
    domain::{
        process::{default_categories, default_contributor_types},
        Category, ContributorType, MapView, ProcessSettings, Slug,
    },
    error::{ApiError, FieldError, Problem},
    security::tokens::{self, TokenKind},
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessCreate {
    #[schema(example = "riverfront-2030")]
    pub slug: String,
    #[schema(example = "What should the riverfront become?")]
    pub title: String,
    /// The question participants answer.
    pub prompt: String,
    /// Whether people may get a participant token themselves (default false).
    #[serde(default)]
    pub registration_open: bool,
    /// Whether participants may submit and edit (default true).
    #[serde(default = "yes")]
    pub submissions_open: bool,
    /// Whether participants may browse others' visible submissions (default false).
    #[serde(default)]
    pub public_submissions: bool,
    /// Defaults to the six planning categories.
    pub categories: Option<Vec<Category>>,
    /// Defaults to the six standard contributor types.
    pub contributor_types: Option<Vec<ContributorType>>,
    pub map: Option<MapView>,
    /// The languages participants write in, as ISO 639-1 codes (`en`, `es`); the analysis
    /// uses them for seed sentences, stop-words and its default model. Defaults to `["en"]`.
    #[schema(example = json!(["es", "en"]))]
    pub languages: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessUpdate {
    pub title: Option<String>,
    pub prompt: Option<String>,
    pub registration_open: Option<bool>,
    pub submissions_open: Option<bool>,
    pub public_submissions: Option<bool>,
    pub categories: Option<Vec<Category>>,
    pub contributor_types: Option<Vec<ContributorType>>,
    /// A map view, or null to remove it.
    #[serde(default, deserialize_with = "super::body::present")]
    #[schema(value_type = Option<MapView>)]
    pub map: Option<Option<MapView>>,
    /// The languages participants write in (`en`, `es`), at least one.
    pub languages: Option<Vec<String>>,
}

/// A process as shown to callers; `id`, `created_at` and `updated_at` only to admins.
#[derive(Serialize, ToSchema)]
pub struct ProcessView {
    pub slug: String,
    pub title: String,
    pub prompt: String,
    pub registration_open: bool,
    pub submissions_open: bool,
    pub public_submissions: bool,
    pub categories: Vec<Category>,
    pub contributor_types: Vec<ContributorType>,
    pub map: Option<MapView>,
    /// The languages participants write in (ISO 639-1 codes).
    pub languages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl ProcessView {
    pub fn new(row: &ProcessRow, admin: bool) -> Self {
        Self {
            slug: row.slug.clone(),
            title: row.title.clone(),
            prompt: row.prompt.clone(),
            registration_open: row.registration_open,
            submissions_open: row.submissions_open,
            public_submissions: row.public_submissions,
            categories: row.categories(),
            contributor_types: row.contributor_types(),
            map: row.map(),
            languages: row.language_codes(),
            id: admin.then_some(row.id),
            created_at: admin.then(|| utc(row.created_at)),
            updated_at: admin.then(|| utc(row.updated_at)),
        }
    }
}

/// Collects every field error instead of stopping at the first.
fn collect<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}

/// Loads a process by slug or answers 404.
pub async fn find(state: &AppState, slug: &str) -> Result<ProcessRow, ApiError> {
    let slug = slug.to_owned();
    state
        .db
        .read(move |conn| Ok(db::processes::by_slug(conn, &slug)?))
        .await?
        .ok_or(ApiError::NotFound)
}

/// Create a process (admin).
#[utoipa::path(
    operation_id = "createProcess",
    tag = "processes",
    request_body = ProcessCreate,
    responses(
        (status = 201, body = ProcessView),
        (status = 409, description = "Slug taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    body: web::Json<ProcessCreate>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let body = body.into_inner();
    let mut errors = Vec::new();
    let slug = collect(&mut errors, Slug::parse(&body.slug));
    let title = collect(&mut errors, ProcessSettings::title(&body.title));
    let prompt = collect(&mut errors, ProcessSettings::prompt(&body.prompt));
    let categories = collect(
        &mut errors,
        ProcessSettings::categories(body.categories.unwrap_or_else(default_categories)),
    );
    let kinds = collect(
        &mut errors,
        ProcessSettings::contributor_types(
            body.contributor_types
                .unwrap_or_else(default_contributor_types),
        ),
    );
    let map = match body.map {
        Some(m) => collect(&mut errors, ProcessSettings::map(m)).map(Some),
        None => Some(None),
    };
    let languages = collect(
        &mut errors,
        ProcessSettings::languages(body.languages.unwrap_or_else(|| vec!["en".into()])),
    );
    let (
        Some(slug),
        Some(title),
        Some(prompt),
        Some(categories),
        Some(kinds),
        Some(map),
        Some(languages),
    ) = (slug, title, prompt, categories, kinds, map, languages)
    else {
        return Err(ApiError::Validation(errors));
    };
    let now = db::now();
    let new = NewProcess {
        slug: slug.as_str().to_owned(),
        title,
        prompt,
        registration_open: body.registration_open,
        submissions_open: body.submissions_open,
        public_submissions: body.public_submissions,
        categories: to_json(&categories),
        contributor_types: to_json(&kinds),
        map_lat: map.map(|m| m.lat),
        map_lng: map.map(|m| m.lng),
        map_zoom: map.map(|m| m.zoom),
        languages: to_json(&languages),
        created_at: now,
        updated_at: now,
    };
    let row = state
        .db
        .write(move |conn| {
            if db::processes::slug_exists(conn, &new.slug)? {
                return Err(ApiError::Conflict(
                    "slug_taken",
                    format!("A process with slug {:?} exists.", new.slug),
                ));
            }
            let row = db::processes::insert(conn, &new)?;
            AuditEvent::new("process.create")
                .target("process", &row.slug)
                .details(json!({ "title": row.title }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(ProcessView::new(&row, true)))
}

/// List processes: all for admins, the caller's own for participants, those open for
/// registration for everyone else.
#[utoipa::path(
    operation_id = "listProcesses",tag = "processes", responses((status = 200, body = Vec<ProcessView>)))]
#[get("/processes")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let admin = caller.is_admin();
    let own_process = caller.0.as_ref().and_then(|who| who.process_id);
    let rows = state
        .db
        .read(move |conn| {
            Ok(if admin {
                db::processes::list_all(conn)?
            } else if let Some(id) = own_process {
                db::processes::by_id(conn, id)?.into_iter().collect()
            } else {
                db::processes::list_registration_open(conn)?
            })
        })
        .await?;
    let views: Vec<_> = rows.iter().map(|r| ProcessView::new(r, admin)).collect();
    Ok(HttpResponse::Ok().json(views))
}

/// One process, to those who may see it: admins (with timestamps and id), its own
/// participants, and anonymous callers while it is open for registration. Anyone else gets 404,
/// as for a slug that does not exist.
#[utoipa::path(
    operation_id = "getProcess",
    tag = "processes",
    params(("slug" = String, Path)),
    responses((status = 200, body = ProcessView), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/processes/{slug}")]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = find(&state, &slug).await?;
    let visible = match &caller.0 {
        Some(who) => who.is_admin() || who.process_id == Some(row.id),
        None => row.registration_open,
    };
    if !visible {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::Ok().json(ProcessView::new(&row, caller.is_admin())))
}

/// Change a process (admin). Absent fields stay as they are; `map: null` removes the map.
#[utoipa::path(
    operation_id = "updateProcess",
    tag = "processes",
    params(("slug" = String, Path)),
    request_body = ProcessUpdate,
    responses(
        (status = 200, body = ProcessView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[patch("/processes/{slug}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Json<ProcessUpdate>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let row = find(&state, &slug).await?;
    let body = body.into_inner();
    let mut errors = Vec::new();
    let mut changes = ProcessChanges {
        updated_at: Some(db::now()),
        ..Default::default()
    };
    let mut changed = Vec::new();
    if let Some(t) = &body.title {
        changes.title = collect(&mut errors, ProcessSettings::title(t));
        changed.push("title");
    }
    if let Some(p) = &body.prompt {
        changes.prompt = collect(&mut errors, ProcessSettings::prompt(p));
        changed.push("prompt");
    }
    if let Some(open) = body.registration_open {
        changes.registration_open = Some(open);
        changed.push("registration_open");
    }
    if let Some(open) = body.submissions_open {
        changes.submissions_open = Some(open);
        changed.push("submissions_open");
    }
    if let Some(public) = body.public_submissions {
        changes.public_submissions = Some(public);
        changed.push("public_submissions");
    }
    if let Some(c) = body.categories {
        changes.categories =
            collect(&mut errors, ProcessSettings::categories(c)).map(|c| to_json(&c));
        changed.push("categories");
    }
    if let Some(k) = body.contributor_types {
        changes.contributor_types =
            collect(&mut errors, ProcessSettings::contributor_types(k)).map(|k| to_json(&k));
        changed.push("contributor_types");
    }
    if let Some(map) = body.map {
        let map = match map {
            Some(m) => collect(&mut errors, ProcessSettings::map(m)),
            None => None,
        };
        changes.map_lat = Some(map.map(|m| m.lat));
        changes.map_lng = Some(map.map(|m| m.lng));
        changes.map_zoom = Some(map.map(|m| m.zoom));
        changed.push("map");
    }
    if let Some(l) = body.languages {
        changes.languages =
            collect(&mut errors, ProcessSettings::languages(l)).map(|l| to_json(&l));
        changed.push("languages");
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = row.id;
    let slug = row.slug.clone();
    let row = state
        .db
        .write(move |conn| {
            let row = db::processes::update(conn, id, &changes)?;
            AuditEvent::new(if changed.contains(&"categories") {
                "process.categories_change"
            } else {
                "process.update"
            })
            .target("process", &slug)
            .details(json!({ "fields": changed }))
            .record(conn, Some(admin), Some(ip))?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ProcessView::new(&row, true)))
}

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
    pub token_id: i64,
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
    slug: web::Path<String>,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let process = find(&state, &slug).await?;
    if !process.registration_open {
        return Err(ApiError::RegistrationClosed);
    }
    let kind = body.into_inner().contributor_type;
    if !process.has_contributor_type(&kind) {
        return Err(ApiError::validation(
            "contributor_type",
            "is not one of this process's contributor types",
        ));
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
