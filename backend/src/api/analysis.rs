//! Analysis over the API: engine status, (re-)analysis jobs, category labels from admins,
//! the review queue, training runs with activation and rollback, and classification for
//! integrators.

use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::{
    pagination::{Page, PageQuery, PageRequest},
    processes::find,
    utc,
};
use crate::{
    analysis::{
        worker::{AnalysePayload, TrainPayload},
        SentencePrediction,
    },
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{
        self,
        analysis::{self as rows, NewModelRun, NewTrainingExample, SentenceRow},
        jobs::{self, JobRow, NewJob},
        processes::ProcessRow,
        DbConn,
    },
    domain::{text, SubmissionText},
    error::{ApiError, FieldError, Problem},
};

#[derive(Serialize, ToSchema)]
pub struct EngineStatus {
    /// `embedding` (all-MiniLM-L6-v2) or `lexical` (TF-IDF fallback).
    #[schema(example = "embedding")]
    pub engine: String,
    /// Why this engine is active.
    pub reason: String,
    /// Analysis and training jobs queued or running.
    pub queued_jobs: i64,
}

/// Which analysis engine is active and why (admin).
#[utoipa::path(
    operation_id = "getAnalysisStatus",
    tag = "analysis",
    responses((status = 200, body = EngineStatus)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/analysis/status")]
pub async fn status(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let queued_jobs = state.db.read(|conn| Ok(jobs::queued_count(conn)?)).await?;
    let engine = state.analyzer.engine();
    Ok(HttpResponse::Ok().json(EngineStatus {
        engine: engine.kind().as_str().into(),
        reason: engine.reason().into(),
        queued_jobs,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct JobView {
    pub id: i64,
    /// `analyse` or `train`.
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    pub done: i32,
    pub total: i32,
    pub errors: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<JobRow> for JobView {
    fn from(j: JobRow) -> Self {
        Self {
            id: j.id,
            kind: j.kind,
            state: j.state,
            done: j.done,
            total: j.total,
            errors: serde_json::from_str(&j.errors).unwrap_or_default(),
            created_at: utc(j.created_at),
            updated_at: utc(j.updated_at),
            finished_at: j.finished_at.map(utc),
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AnalysisRequest {
    /// Re-analyse every submission, not only new and edited ones (admin labels are kept).
    #[serde(default)]
    pub reanalyse_all: bool,
}

/// A queued background job for a process, on behalf of an admin.
pub fn new_job(kind: &str, process_id: i64, payload: String, admin: i64) -> NewJob {
    let now = db::now();
    NewJob {
        kind: kind.into(),
        process_id: Some(process_id),
        payload,
        state: "queued".into(),
        created_by: Some(admin),
        created_at: now,
        updated_at: now,
    }
}

/// Queue analysis of a process (admin). New and edited submissions are analysed on their
/// own; this reports progress, and with `reanalyse_all` re-does everything.
#[utoipa::path(
    operation_id = "startAnalysis",
    tag = "analysis",
    params(("slug" = String, Path)),
    request_body = AnalysisRequest,
    responses((status = 202, body = JobView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/analysis")]
pub async fn start_analysis(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process = find(&state, &slug).await?;
    // The body is optional (`curl -X POST` works); when present it must be valid.
    let request: AnalysisRequest = if body.iter().all(u8::is_ascii_whitespace) {
        AnalysisRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::BadRequest(vec![FieldError::new("body", e.to_string())], e.to_string())
        })?
    };
    let reanalyse_all = request.reanalyse_all;
    let payload = serde_json::to_string(&AnalysePayload { reanalyse_all }).expect("payload");
    let job = state
        .db
        .write(move |conn| {
            if reanalyse_all {
                rows::mark_process_pending(conn, process.id)?;
            }
            let job = jobs::insert(conn, &new_job("analyse", process.id, payload, admin))?;
            AuditEvent::new("analysis.start")
                .target("process", &process.slug)
                .details(json!({ "job": job.id, "reanalyse_all": reanalyse_all }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(job)
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Accepted().json(JobView::from(job)))
}

/// A background job's progress (admin).
#[utoipa::path(
    operation_id = "getJob",
    tag = "analysis",
    params(("id" = i64, Path)),
    responses((status = 200, body = JobView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/jobs/{id}")]
pub async fn get_job(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let id = id.into_inner();
    let job = state
        .db
        .read(move |conn| Ok(jobs::by_id(conn, id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(JobView::from(job)))
}

/// One categorised sentence.
#[derive(Serialize, ToSchema, Clone)]
pub struct SentenceView {
    pub id: i64,
    pub submission_id: i64,
    pub text: String,
    pub category: String,
    pub confidence: f64,
    /// `model` or `admin`.
    pub source: String,
}

impl From<&SentenceRow> for SentenceView {
    fn from(s: &SentenceRow) -> Self {
        Self {
            id: s.id,
            submission_id: s.submission_id,
            text: s.text.clone(),
            category: s.category.clone(),
            confidence: s.confidence,
            source: s.source.clone(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryRequest {
    /// One of the process's category keys.
    #[schema(example = "objective")]
    pub category: String,
}

fn check_category(process: &ProcessRow, category: &str) -> Result<(), ApiError> {
    if process.categories().iter().any(|c| c.key == category) {
        Ok(())
    } else {
        Err(ApiError::validation(
            "category",
            "is not one of this process's categories",
        ))
    }
}

/// Labels sentences of one submission and records each label as a training example
/// (a correction when it changes the category, a confirmation when it does not).
fn label_sentences(
    conn: &mut DbConn,
    process: &ProcessRow,
    sentences: &[SentenceRow],
    category: &str,
    admin: i64,
) -> Result<(), ApiError> {
    let now = db::now();
    for s in sentences {
        rows::set_sentence_category(conn, s.id, category, now)?;
        rows::record_example(
            conn,
            &NewTrainingExample {
                process_id: process.id,
                sentence_id: Some(s.id),
                text: s.text.clone(),
                category: category.into(),
                kind: if s.category == category && s.source == rows::source::MODEL {
                    "confirmation"
                } else {
                    "correction"
                }
                .into(),
                group_key: format!("submission:{}", s.submission_id),
                created_by: Some(admin),
                created_at: now,
            },
        )?;
    }
    if let Some(first) = sentences.first() {
        let all = rows::for_submission(conn, first.submission_id)?;
        let order: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
        let labelled: Vec<(String, f64)> = all
            .iter()
            .map(|s| (s.category.clone(), s.confidence))
            .collect();
        let (primary, _) = crate::analysis::summary::summarise(&labelled, &order);
        let min = all.iter().map(|s| s.confidence).reduce(f64::min);
        rows::update_summary(conn, first.submission_id, primary.as_deref(), min)?;
    }
    Ok(())
}

/// Set a sentence's category (admin); recorded as a training example.
#[utoipa::path(
    operation_id = "setSentenceCategory",
    tag = "analysis",
    params(("id" = i64, Path)),
    request_body = CategoryRequest,
    responses((status = 200, body = SentenceView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[put("/sentences/{id}/category")]
pub async fn set_sentence_category(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
    body: web::Json<CategoryRequest>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let (id, category) = (id.into_inner(), body.into_inner().category);
    let sentence = state
        .db
        .write(move |conn| {
            let sentence = rows::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            let submission = db::submissions::by_id(conn, sentence.submission_id)?.ok_or(ApiError::NotFound)?;
            let process = db::processes::by_id(conn, submission.process_id)?.ok_or(ApiError::NotFound)?;
            check_category(&process, &category)?;
            label_sentences(conn, &process, std::slice::from_ref(&sentence), &category, admin)?;
            AuditEvent::new("sentence.categorise")
                .target("sentence", id)
                .details(json!({ "from": sentence.category, "to": category, "submission": sentence.submission_id }))
                .record(conn, Some(admin), Some(ip))?;
            rows::by_id(conn, id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(SentenceView::from(&sentence)))
}

/// Set the category of every sentence of a submission (admin); each becomes a training example.
#[utoipa::path(
    operation_id = "setSubmissionCategory",
    tag = "analysis",
    params(("id" = i64, Path)),
    request_body = CategoryRequest,
    responses((status = 200, body = Vec<SentenceView>), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not analysed yet", body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[put("/submissions/{id}/category")]
pub async fn set_submission_category(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
    body: web::Json<CategoryRequest>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let (id, category) = (id.into_inner(), body.into_inner().category);
    let sentences = state
        .db
        .write(move |conn| {
            let submission = db::submissions::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            let process =
                db::processes::by_id(conn, submission.process_id)?.ok_or(ApiError::NotFound)?;
            check_category(&process, &category)?;
            let sentences = rows::for_submission(conn, id)?;
            if sentences.is_empty() {
                return Err(ApiError::Conflict(
                    "not_analysed",
                    "This submission has not been analysed yet; try again shortly.".into(),
                ));
            }
            label_sentences(conn, &process, &sentences, &category, admin)?;
            AuditEvent::new("submission.categorise")
                .target("submission", id)
                .details(json!({ "to": category, "sentences": sentences.len() }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(rows::for_submission(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(sentences.iter().map(SentenceView::from).collect::<Vec<_>>()))
}

/// Sentences the model is least sure about and no admin has reviewed, least confident first.
#[utoipa::path(
    operation_id = "getReviewQueue",
    tag = "analysis",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<SentenceView>)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/review-queue")]
pub async fn review_queue(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let process = find(&state, &slug).await?;
    let page = PageRequest::new(query.limit, query.offset);
    let (items, total) = state
        .db
        .read(move |conn| {
            Ok(rows::review_queue(
                conn,
                process.id,
                page.limit,
                page.offset,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(
        items.iter().map(SentenceView::from).collect(),
        total,
        page,
    )))
}

#[derive(Serialize, ToSchema)]
pub struct RunView {
    pub id: i64,
    pub engine: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// Training examples used (seed corpus, descriptions, process examples, admin labels).
    pub examples: i32,
    /// Held-out metrics (accuracy, macro-F1, per-category precision/recall/F1, confusion
    /// matrix) beside the zero-shot baseline on the same data, and the cross-validation
    /// scores of every hyper-parameter candidate.
    #[schema(value_type = Option<Object>)]
    pub metrics: Option<serde_json::Value>,
    pub error: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn run_view(r: &rows::ModelRunRow, active: Option<i64>) -> RunView {
    RunView {
        id: r.id,
        engine: r.engine.clone(),
        state: r.state.clone(),
        examples: r.examples,
        metrics: r
            .metrics
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok()),
        error: r.error.clone(),
        active: active == Some(r.id),
        created_at: utc(r.created_at),
        finished_at: r.finished_at.map(utc),
    }
}

#[derive(Serialize, ToSchema)]
pub struct StartedRun {
    pub run: RunView,
    pub job: JobView,
}

/// Start a training run (admin): a background job; activate the run when its metrics suit you.
#[utoipa::path(
    operation_id = "startTrainingRun",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 202, body = StartedRun)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/training-runs")]
pub async fn start_training(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process = find(&state, &slug).await?;
    let engine = state.analyzer.engine_kind().as_str().to_owned();
    let (run, job) = state
        .db
        .write(move |conn| {
            let now = db::now();
            let run = rows::insert_run(
                conn,
                &NewModelRun {
                    process_id: process.id,
                    engine,
                    state: "queued".into(),
                    created_by: Some(admin),
                    created_at: now,
                },
            )?;
            let payload = serde_json::to_string(&TrainPayload { run_id: run.id }).expect("payload");
            let job = jobs::insert(conn, &new_job("train", process.id, payload, admin))?;
            AuditEvent::new("training.start")
                .target("process", &process.slug)
                .details(json!({ "run": run.id, "job": job.id }))
                .record(conn, Some(admin), Some(ip))?;
            Ok((run, job))
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Accepted().json(StartedRun {
        run: run_view(&run, None),
        job: JobView::from(job),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RunList {
    /// The run analysing this process now; null = the default model.
    pub active_run_id: Option<i64>,
    pub runs: Vec<RunView>,
}

/// Training runs of a process, newest first, with metrics (admin).
#[utoipa::path(
    operation_id = "listTrainingRuns",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = RunList)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/training-runs")]
pub async fn list_runs(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let process = find(&state, &slug).await?;
    let active = process.active_model_run_id;
    let runs = state
        .db
        .read(move |conn| Ok(rows::runs_for_process(conn, process.id)?))
        .await?;
    Ok(HttpResponse::Ok().json(RunList {
        active_run_id: active,
        runs: runs.iter().map(|r| run_view(r, active)).collect(),
    }))
}

/// Make a finished run the process's model (admin); new analyses use it at once.
#[utoipa::path(
    operation_id = "activateTrainingRun",
    tag = "analysis",
    params(("id" = i64, Path)),
    responses((status = 200, body = RunView), (status = 409, description = "Run not finished", body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/training-runs/{id}/activate")]
pub async fn activate_run(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let id = id.into_inner();
    let run = state
        .db
        .write(move |conn| {
            let run = rows::run_by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            if run.state != "done" {
                return Err(ApiError::Conflict(
                    "run_not_ready",
                    format!(
                        "Training run {id} is {}; only finished runs can be activated.",
                        run.state
                    ),
                ));
            }
            let process = db::processes::by_id(conn, run.process_id)?.ok_or(ApiError::NotFound)?;
            db::processes::set_active_model(conn, run.process_id, Some(id))?;
            AuditEvent::new("training.activate")
                .target("process", &process.slug)
                .details(json!({ "from": process.active_model_run_id, "to": id }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(run)
        })
        .await?;
    Ok(HttpResponse::Ok().json(run_view(&run, Some(run.id))))
}

#[derive(Serialize, ToSchema)]
pub struct ActiveModel {
    /// null = the default model.
    pub active_run_id: Option<i64>,
}

/// Roll back (admin): the previous finished run becomes active, or the default model when
/// there is none.
#[utoipa::path(
    operation_id = "rollbackModel",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = ActiveModel)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/model/rollback")]
pub async fn rollback(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process = find(&state, &slug).await?;
    let active = state
        .db
        .write(move |conn| {
            let current = process.active_model_run_id;
            let previous = rows::runs_for_process(conn, process.id)?
                .into_iter()
                .filter(|r| r.state == "done" && current.is_some_and(|c| r.id < c))
                .map(|r| r.id)
                .next();
            db::processes::set_active_model(conn, process.id, previous)?;
            AuditEvent::new("training.rollback")
                .target("process", &process.slug)
                .details(json!({ "from": current, "to": previous }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(previous)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ActiveModel {
        active_run_id: active,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ExampleView {
    pub id: i64,
    pub text: String,
    pub category: String,
    /// `correction`, `confirmation` (admin labels on sentences) or `example` (added directly).
    pub kind: String,
    pub sentence_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Training examples collected for a process (admin).
#[utoipa::path(
    operation_id = "listTrainingExamples",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<ExampleView>)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/training-examples")]
pub async fn list_examples(
    state: web::Data<AppState>,
    caller: Caller,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let process = find(&state, &slug).await?;
    let rows = state
        .db
        .read(move |conn| Ok(rows::examples_for_process(conn, process.id)?))
        .await?;
    let views: Vec<ExampleView> = rows
        .into_iter()
        .map(|e| ExampleView {
            id: e.id,
            text: e.text,
            category: e.category,
            kind: e.kind,
            sentence_id: e.sentence_id,
            created_at: utc(e.created_at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleCreate {
    /// An example sentence for the category (1-500 characters).
    pub text: String,
    pub category: String,
}

/// Add an example sentence for one of the process's categories (admin). Examples shape the
/// process's default model and every training run.
#[utoipa::path(
    operation_id = "addTrainingExample",
    tag = "analysis",
    params(("slug" = String, Path)),
    request_body = ExampleCreate,
    responses((status = 201, body = ExampleView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/training-examples")]
pub async fn add_example(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: web::Path<String>,
    body: web::Json<ExampleCreate>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process = find(&state, &slug).await?;
    let body = body.into_inner();
    let text =
        text::multi_line("text", &body.text, 1, 500).map_err(|e| ApiError::Validation(vec![e]))?;
    check_category(&process, &body.category)?;
    let row = state
        .db
        .write(move |conn| {
            let row = rows::record_example(
                conn,
                &NewTrainingExample {
                    process_id: process.id,
                    sentence_id: None,
                    text,
                    category: body.category,
                    kind: "example".into(),
                    group_key: "example".into(),
                    created_by: Some(admin),
                    created_at: db::now(),
                },
            )?;
            AuditEvent::new("training_example.add")
                .target("training_example", row.id)
                .record(conn, Some(admin), Some(ip))?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(ExampleView {
        id: row.id,
        text: row.text,
        category: row.category,
        kind: row.kind,
        sentence_id: row.sentence_id,
        created_at: utc(row.created_at),
    }))
}

/// Delete a training example (admin).
#[utoipa::path(
    operation_id = "deleteTrainingExample",
    tag = "analysis",
    params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[delete("/training-examples/{id}")]
pub async fn delete_example(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            let row = rows::example_by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            rows::delete_example(conn, id)?;
            AuditEvent::new("training_example.delete")
                .target("training_example", id)
                .details(json!({ "category": row.category, "kind": row.kind }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRequest {
    /// Slug of the process whose categories and model to use.
    pub process: String,
    /// 1-5000 characters.
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct ClassifyResponse {
    pub engine: String,
    /// The training run used; null = the default model.
    pub model_run_id: Option<i64>,
    pub sentences: Vec<SentencePrediction>,
}

/// Most sentences one `/classify` call may ask the model about.
pub const MAX_CLASSIFY_SENTENCES: usize = 60;

/// Segment and categorise a text without storing anything, not even its embeddings (any
/// signed-in caller; participants only for their own process). At most 60 sentences a call;
/// charged by sentences against a budget per token and per client address (defaults 2,000 and
/// 4,000 an hour); 503 with Retry-After when the model is busy with other requests.
#[utoipa::path(
    operation_id = "classify",
    tag = "analysis",
    request_body = ClassifyRequest,
    responses(
        (status = 200, body = ClassifyResponse),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Sentence budget used up", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The model is busy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/classify")]
pub async fn classify(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    body: web::Json<ClassifyRequest>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.signed_in()?.clone();
    let body = body.into_inner();
    let text = SubmissionText::parse(&body.text)
        .map_err(|e| ApiError::Validation(vec![e]))?
        .into_inner();
    let process = find(&state, &body.process)
        .await
        .map_err(|_| ApiError::Validation(vec![FieldError::new("process", "no such process")]))?;
    if !who.is_admin() && who.process_id != Some(process.id) {
        // Another process is "no such process" too: slugs cannot be probed.
        return Err(ApiError::Validation(vec![FieldError::new(
            "process",
            "no such process",
        )]));
    }
    let sentences = planner_analysis::segment::segment(&text).len();
    if sentences > MAX_CLASSIFY_SENTENCES {
        return Err(ApiError::validation(
            "text",
            format!("at most {MAX_CLASSIFY_SENTENCES} sentences per call ({sentences} found); send the rest in another call"),
        ));
    }
    state
        .limiters
        .check_analysis(who.token_id, &ip.key(), sentences as u32)
        .await?;
    let slot = state.model_slots.acquire().await?;
    let analyzer = state.analyzer.clone();
    // The model runs on the blocking pool, never on an HTTP worker.
    let (predicted, run) = web::block(move || {
        let _slot = slot;
        analyzer.classify_text(&process, &text)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(ClassifyResponse {
        engine: state.analyzer.engine_kind().as_str().into(),
        model_run_id: run,
        sentences: predicted,
    }))
}
