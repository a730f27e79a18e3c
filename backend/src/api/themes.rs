//! Themes: what people talk about, without reading every submission.

use std::collections::BTreeMap;

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::{
    analysis::{new_job, JobView},
    processes::find,
    utc,
};
use crate::{
    analysis::worker::ThemesPayload,
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{self, jobs, themes::ThemeRow},
    domain::text,
    error::{ApiError, Problem},
};

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ThemesRequest {
    /// Number of themes, 2-20 (default about the square root of half the sentence count).
    pub k: Option<usize>,
    /// Clustering seed (default 1): the same data and seed give the same themes.
    pub seed: Option<u64>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct RepresentativeSentence {
    pub sentence_id: i64,
    pub submission_id: i64,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeView {
    pub id: i64,
    /// The admin's name for it, else the generated one.
    pub label: String,
    /// Generated from its most characteristic words.
    pub generated_label: String,
    pub terms: Vec<String>,
    /// Sentences in the theme.
    pub size: i32,
    /// Sentences per category.
    pub category_mix: BTreeMap<String, i64>,
    /// The sentences closest to its centre.
    pub representatives: Vec<RepresentativeSentence>,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeList {
    pub generated_at: Option<DateTime<Utc>>,
    pub seed: Option<i64>,
    pub themes: Vec<ThemeView>,
}

fn view(t: ThemeRow) -> ThemeView {
    ThemeView {
        id: t.id,
        label: t.custom_label.clone().unwrap_or_else(|| t.label.clone()),
        generated_label: t.label,
        terms: serde_json::from_str(&t.terms).unwrap_or_default(),
        size: t.size,
        category_mix: serde_json::from_str(&t.category_mix).unwrap_or_default(),
        representatives: serde_json::from_str(&t.representatives).unwrap_or_default(),
    }
}

/// Compute themes in the background (admin); re-running replaces them.
#[utoipa::path(
    operation_id = "startThemes",
    tag = "analysis",
    params(("slug" = String, Path)),
    request_body = ThemesRequest,
    responses((status = 202, body = JobView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/themes")]
pub async fn start(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Json<ThemesRequest>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process = find(&state, &slug).await?;
    let body = body.into_inner();
    if body.k.is_some_and(|k| !(2..=20).contains(&k)) {
        return Err(ApiError::validation("k", "must be between 2 and 20"));
    }
    let payload = serde_json::to_string(&ThemesPayload {
        k: body.k,
        seed: body.seed.unwrap_or(1),
    })
    .expect("json");
    let job = state
        .db
        .write(move |conn| {
            let job = jobs::insert(conn, &new_job("themes", process.id, payload, admin))?;
            AuditEvent::new("themes.start")
                .target("process", &process.slug)
                .details(json!({ "job": job.id }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(job)
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Accepted().json(JobView::from(job)))
}

/// The latest themes of a process, largest first (admin).
#[utoipa::path(
    operation_id = "listThemes",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = ThemeList)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/themes")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let process = find(&state, &slug).await?;
    let rows = state
        .db
        .read(move |conn| Ok(db::themes::for_process(conn, process.id)?))
        .await?;
    let generated_at = rows.first().map(|t| utc(t.created_at));
    let seed = rows.first().map(|t| t.seed);
    Ok(HttpResponse::Ok().json(ThemeList {
        generated_at,
        seed,
        themes: rows.into_iter().map(view).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeRename {
    /// A name for the theme (1-80 characters), or null for the generated one.
    pub label: Option<String>,
}

/// Rename a theme (admin); the name survives re-runs that find the same theme.
#[utoipa::path(
    operation_id = "renameTheme",
    tag = "analysis",
    params(("id" = i64, Path)),
    request_body = ThemeRename,
    responses((status = 200, body = ThemeView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[patch("/themes/{id}")]
pub async fn rename(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
    body: web::Json<ThemeRename>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let id = id.into_inner();
    let label = body
        .into_inner()
        .label
        .map(|l| text::single_line("label", &l, 80))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let theme = state
        .db
        .write(move |conn| {
            let before = db::themes::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            db::themes::rename(conn, id, label.as_deref())?;
            AuditEvent::new("theme.rename")
                .target("theme", id)
                .details(
                    json!({ "from": before.custom_label.unwrap_or(before.label), "to": label }),
                )
                .record(conn, Some(admin), Some(ip))?;
            db::themes::by_id(conn, id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view(theme)))
}
