//! Change a process (admin). Absent fields stay as they are; `map: null` removes the map.

use super::{collect, collect_all, to_json, ProcessView};
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self, processes::ProcessChanges},
    domain::{Category, ContributorType, MapView, ProcessSettings, TranslationsPatch},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessUpdate {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub title: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub prompt: Option<String>,
    pub registration_open: Option<bool>,
    pub submissions_open: Option<bool>,
    pub public_submissions: Option<bool>,
    #[schema(min_items = 1, max_items = 30)]
    pub categories: Option<Vec<Category>>,
    #[schema(min_items = 1, max_items = 30)]
    pub contributor_types: Option<Vec<ContributorType>>,
    /// A map view, or null to remove it.
    #[serde(default, deserialize_with = "crate::http::body::present")]
    #[schema(value_type = Option<MapView>)]
    pub map: Option<Option<MapView>>,
    /// The languages participants write in (`en`, `es`), at least one.
    #[schema(min_items = 1, value_type = Option<std::collections::BTreeSet<crate::domain::process::LanguageCode>>)]
    pub languages: Option<Vec<String>>,
    /// Whether participants' new submissions wait for an admin's approval.
    pub pre_moderation: Option<bool>,
    /// How many participants must report a submission before it is flagged (0: never).
    #[schema(minimum = 0, maximum = 100)]
    #[serde(default, deserialize_with = "crate::domain::whole::optional")]
    pub report_threshold: Option<i32>,
    /// The texts per UI language: a language given replaces that language's title, prompt and
    /// category names, `null` removes them, a language left out stays. Names of categories
    /// the process no longer has are dropped when its categories change.
    #[serde(default, deserialize_with = "crate::http::body::optional_object")]
    pub translations: Option<TranslationsPatch>,
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
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[patch("/processes/{slug}")]
pub async fn update(
    state: web::Data<AppState>,
    InProcess {
        who,
        process: row,
        body,
        ..
    }: InProcess<op::UpdateProcess, web::Json<ProcessUpdate>>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
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
    let mut categories = None;
    if let Some(c) = body.categories {
        categories = collect(&mut errors, ProcessSettings::categories(c));
        changes.categories = categories.as_ref().map(to_json);
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
    let pre_moderation = body.pre_moderation;
    if pre_moderation.is_some() {
        changed.push("pre_moderation");
    }
    let mut threshold = None;
    if let Some(n) = body.report_threshold {
        threshold = collect(&mut errors, ProcessSettings::report_threshold(n));
        changed.push("report_threshold");
    }
    // Checked against the categories the process will have: the new ones when they change.
    let categories = categories.unwrap_or_else(|| row.categories());
    if let Some(patch) = body.translations {
        // Stored names of removed categories go first, so only what was sent can be refused.
        let merged = row.translations().prune(&categories).merge(patch);
        changes.translations =
            collect_all(&mut errors, merged.parse(&categories)).map(|t| t.to_json());
        changed.push("translations");
    } else if changes.categories.is_some() {
        changes.translations = Some(row.translations().prune(&categories).to_json());
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = row.id;
    let slug = row.slug.clone();
    let (row, moderation) = state
        .db
        .write(move |conn| {
            let row = db::processes::update(conn, id, &changes)?;
            let mut moderation = db::moderation_settings::of(conn, id)?;
            if pre_moderation.is_some() || threshold.is_some() {
                moderation.pre_moderation = pre_moderation.unwrap_or(moderation.pre_moderation);
                moderation.report_threshold = threshold.unwrap_or(moderation.report_threshold);
                moderation.updated_at = db::now();
                db::moderation_settings::save(conn, &moderation)?;
            }
            AuditEvent::new(if changed.contains(&"categories") {
                AuditAction::ProcessCategoriesChange
            } else {
                AuditAction::ProcessUpdate
            })
            .target("process", &slug)
            .details(json!({ "fields": changed }))
            .record(conn, Some(admin), Some(ip))?;
            Ok((row, moderation))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ProcessView::new(&row, true).with_moderation(&moderation)))
}
