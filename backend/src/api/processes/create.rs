//! Create a process (admin).

use super::{collect, collect_all, to_json, ProcessView};
use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self, moderation_settings::ModerationSettingsRow, processes::NewProcess},
    domain::{
        process::{self, default_categories, default_contributor_types},
        Category, ContributorType, MapView, ProcessSettings, Slug, Translations,
    },
    error::{ApiError, Conflict, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessCreate {
    #[schema(
        example = "riverfront-2030",
        min_length = 2,
        max_length = 64,
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"
    )]
    pub slug: String,
    #[schema(
        example = "What should the riverfront become?",
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub title: String,
    /// The question participants answer.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
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
    #[schema(min_items = 1, max_items = 30)]
    pub categories: Option<Vec<Category>>,
    /// Defaults to the six standard contributor types.
    #[schema(min_items = 1, max_items = 30)]
    pub contributor_types: Option<Vec<ContributorType>>,
    pub map: Option<MapView>,
    /// The languages participants write in, as ISO 639-1 codes (`en`, `es`); the analysis
    /// uses them for seed sentences, stop-words and its default model. Defaults to `["en"]`.
    #[schema(example = json!(["es", "en"]), min_items = 1, value_type = Option<std::collections::BTreeSet<crate::domain::process::LanguageCode>>)]
    pub languages: Option<Vec<String>>,
    /// Whether participants' new submissions wait for an admin's approval before others see
    /// them (default false).
    #[serde(default)]
    pub pre_moderation: bool,
    /// How many participants must report a submission before it is flagged (0-100; default
    /// 3; 0: never).
    #[schema(minimum = 0, maximum = 100, default = 3)]
    #[serde(default, deserialize_with = "crate::domain::whole::optional")]
    pub report_threshold: Option<i32>,
    /// The title, prompt and category names in the UI's languages (`en`, `es`); category
    /// names are keyed by the categories above. Defaults to none: every reader sees the base
    /// text.
    #[serde(default, deserialize_with = "crate::http::body::object")]
    pub translations: Translations,
}

fn yes() -> bool {
    true
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
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes")]
pub async fn create(
    state: web::Data<AppState>,
    admin: Allowed<op::CreateProcess>,
    ip: ClientIp,
    body: web::Json<ProcessCreate>,
) -> Result<HttpResponse, ApiError> {
    let admin = admin.who.token_id;
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
    let report_threshold = collect(
        &mut errors,
        ProcessSettings::report_threshold(
            body.report_threshold
                .unwrap_or(process::REPORT_THRESHOLD_DEFAULT),
        ),
    );
    let translations = categories
        .as_ref()
        .and_then(|c| collect_all(&mut errors, body.translations.parse(c)));
    let (
        Some(slug),
        Some(title),
        Some(prompt),
        Some(categories),
        Some(kinds),
        Some(map),
        Some(languages),
        Some(report_threshold),
        Some(translations),
    ) = (
        slug,
        title,
        prompt,
        categories,
        kinds,
        map,
        languages,
        report_threshold,
        translations,
    )
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
        translations: translations.to_json(),
        created_at: now,
        updated_at: now,
    };
    let pre_moderation = body.pre_moderation;
    let (row, moderation) = state
        .db
        .write(move |conn| {
            if db::processes::slug_exists(conn, &new.slug)? {
                return Err(ApiError::Conflict(
                    Conflict::SlugTaken,
                    format!("A process with slug {:?} exists.", new.slug),
                ));
            }
            let row = db::processes::insert(conn, &new)?;
            let moderation = ModerationSettingsRow {
                pre_moderation,
                report_threshold,
                ..ModerationSettingsRow::defaults(row.id, now)
            };
            db::moderation_settings::save(conn, &moderation)?;
            AuditEvent::new(AuditAction::ProcessCreate)
                .target("process", &row.slug)
                .details(json!({ "title": row.title }))
                .record(conn, Some(admin), Some(ip))?;
            Ok((row, moderation))
        })
        .await?;
    Ok(HttpResponse::Created().json(ProcessView::new(&row, true).with_moderation(&moderation)))
}
