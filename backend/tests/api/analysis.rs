//! The analysis workflow through the API. These servers use the lexical engine (no model
//! files) so they start fast; the embedding engine has its own tests in the analysis crate and
//! in `engine_status_names_the_active_engine`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

const TWO_SENTENCES: &str = "Buses stop running at 9 pm, so night-shift workers cannot get home. Run night buses every thirty minutes on the main routes.";

#[actix_web::test]
async fn new_submissions_are_split_and_categorised_in_the_background() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let created: Value = app
        .submit(&token, "p1", TWO_SENTENCES)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["analysis"], "pending");
    let s = analysed(&app, &created["id"]).await;
    let sentences = s["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 2, "{s}");
    let keys = [
        "vision",
        "problem",
        "objective",
        "directive",
        "value",
        "action",
    ];
    for sentence in sentences {
        assert!(keys.contains(&sentence["category"].as_str().unwrap()));
        let c = sentence["confidence"].as_f64().unwrap();
        assert!(c > 0.0 && c <= 1.0);
        assert_eq!(sentence["source"], "model");
    }
    let total: f64 = s["category_distribution"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert!(keys.contains(&s["primary_category"].as_str().unwrap()));
    // The participant sees the same analysis of their own submission.
    let own: Value = app
        .as_token(
            &token,
            Method::GET,
            &format!("/api/v1/submissions/{}", created["id"]),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["sentences"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn edited_text_is_analysed_again() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let created: Value = app
        .submit(&token, "p1", "Plant more trees along the avenue.")
        .await
        .json()
        .await
        .unwrap();
    analysed(&app, &created["id"]).await;
    let path = format!("/api/v1/submissions/{}", created["id"]);
    let edited: Value = app
        .as_token(&token, Method::PATCH, &path)
        .json(&json!({ "text": TWO_SENTENCES }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(edited["analysis"], "pending");
    assert_eq!(
        edited["sentences"].as_array().unwrap().len(),
        0,
        "stale sentences are not shown"
    );
    let s = analysed(&app, &created["id"]).await;
    assert_eq!(s["sentences"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn admin_labels_become_training_examples_and_survive_reanalysis() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let created: Value = app
        .submit(&token, "p1", TWO_SENTENCES)
        .await
        .json()
        .await
        .unwrap();
    let s = analysed(&app, &created["id"]).await;
    let first = &s["sentences"][0];
    let resp = app
        .admin(
            Method::PUT,
            &format!("/api/v1/sentences/{}/category", first["id"]),
        )
        .json(&json!({ "category": "problem" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let labelled: Value = resp.json().await.unwrap();
    assert_eq!(
        (labelled["category"].clone(), labelled["source"].clone()),
        (json!("problem"), json!("admin"))
    );
    let examples = admin_json(&app, "/api/v1/processes/p1/training-examples").await;
    assert_eq!(examples.as_array().unwrap().len(), 1);
    assert!(["correction", "confirmation"].contains(&examples[0]["kind"].as_str().unwrap()));
    assert_eq!(app.audit("sentence.categorise").await.len(), 1);
    // Re-analyse everything: the admin's label stays.
    let job: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/analysis")
        .json(&json!({ "reanalyse_all": true }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let job = eventually(&app, &format!("/api/v1/jobs/{}", job["id"]), |j| {
        j["state"] == "done"
    })
    .await;
    assert_eq!(
        (job["done"].clone(), job["total"].clone()),
        (json!(1), json!(1))
    );
    let s = analysed(&app, &created["id"]).await;
    assert_eq!(s["sentences"][0]["category"], "problem");
    assert_eq!(s["sentences"][0]["source"], "admin");
    // Unknown categories are refused.
    let resp = app
        .admin(
            Method::PUT,
            &format!("/api/v1/submissions/{}/category", created["id"]),
        )
        .json(&json!({ "category": "dream" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    // The whole submission at once.
    let resp = app
        .admin(
            Method::PUT,
            &format!("/api/v1/submissions/{}/category", created["id"]),
        )
        .json(&json!({ "category": "action" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let s = admin_json(&app, &format!("/api/v1/submissions/{}", created["id"])).await;
    assert_eq!(s["primary_category"], "action");
    assert_eq!(
        admin_json(&app, "/api/v1/processes/p1/training-examples")
            .await
            .as_array()
            .unwrap()
            .len(),
        2,
        "one label per sentence"
    );
}

#[actix_web::test]
async fn review_queue_lists_unreviewed_sentences_least_confident_first() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    for text in [
        TWO_SENTENCES,
        "Equity should guide every decision about the park.",
        "No towers taller than the church.",
    ] {
        let c: Value = app.submit(&token, "p1", text).await.json().await.unwrap();
        analysed(&app, &c["id"]).await;
    }
    let queue = admin_json(&app, "/api/v1/processes/p1/review-queue").await;
    let items = queue["items"].as_array().unwrap();
    assert_eq!(queue["total"], 4);
    let confidences: Vec<f64> = items
        .iter()
        .map(|i| i["confidence"].as_f64().unwrap())
        .collect();
    assert!(
        confidences.windows(2).all(|w| w[0] <= w[1]),
        "{confidences:?}"
    );
    // Reviewed sentences leave the queue.
    app.admin(
        Method::PUT,
        &format!("/api/v1/sentences/{}/category", items[0]["id"]),
    )
    .json(&json!({ "category": "value" }))
    .send()
    .await
    .unwrap();
    assert_eq!(
        admin_json(&app, "/api/v1/processes/p1/review-queue").await["total"],
        3
    );
    // The list filters by primary category and by confidence.
    let all = admin_json(&app, "/api/v1/processes/p1/submissions").await;
    let primary = all["items"][0]["primary_category"]
        .as_str()
        .unwrap()
        .to_owned();
    let filtered = admin_json(
        &app,
        &format!("/api/v1/processes/p1/submissions?category={primary}"),
    )
    .await;
    assert!(filtered["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["primary_category"] == primary.as_str()));
    assert_eq!(
        admin_json(&app, "/api/v1/processes/p1/submissions?confidence_below=0").await["total"],
        0
    );
    assert_eq!(
        admin_json(
            &app,
            "/api/v1/processes/p1/submissions?confidence_below=1.01"
        )
        .await["total"],
        3
    );
}

#[actix_web::test]
async fn training_run_reports_metrics_and_can_be_activated_and_rolled_back() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let texts = [
        ("problem", "The crossing at Mill Road floods every spring."),
        (
            "action",
            "Paint a protected bike lane on Mill Road this summer.",
        ),
        (
            "vision",
            "One day the harbour will be a place where families spend whole weekends.",
        ),
        (
            "directive",
            "Delivery trucks must not use Harbour Street before 7 am.",
        ),
        (
            "value",
            "Safety for children matters more than parking spaces.",
        ),
        ("objective", "Halve traffic injuries on Mill Road by 2030."),
    ];
    for (category, text) in texts {
        for round in 0..2 {
            let text = format!("{text}{}", if round == 1 { " Please." } else { "" });
            let c: Value = app.submit(&token, "p1", &text).await.json().await.unwrap();
            analysed(&app, &c["id"]).await;
            app.admin(
                Method::PUT,
                &format!("/api/v1/submissions/{}/category", c["id"]),
            )
            .json(&json!({ "category": category }))
            .send()
            .await
            .unwrap();
        }
    }
    let started: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/training-runs")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(started["run"]["state"], "queued");
    let job = eventually(
        &app,
        &format!("/api/v1/jobs/{}", started["job"]["id"]),
        |j| j["state"] == "done" || j["state"] == "failed",
    )
    .await;
    assert_eq!(job["state"], "done", "{job}");
    let runs = admin_json(&app, "/api/v1/processes/p1/training-runs").await;
    assert_eq!(runs["active_run_id"], Value::Null);
    let run = &runs["runs"][0];
    assert_eq!(run["state"], "done");
    let metrics = &run["metrics"];
    for key in ["held_out", "baseline"] {
        let m = &metrics[key];
        assert!(m["accuracy"].as_f64().unwrap() >= 0.0 && m["accuracy"].as_f64().unwrap() <= 1.0);
        assert!(m["macro_f1"].is_number());
        assert_eq!(m["confusion"].as_array().unwrap().len(), 6);
        assert!(m["per_category"]["problem"]["precision"].is_number());
    }
    assert!(metrics["admin_examples"].as_u64().unwrap() >= 12);
    assert!(!metrics["cross_validation"].as_array().unwrap().is_empty());
    // Activate, then roll back to the default model.
    let resp = app
        .admin(
            Method::POST,
            &format!("/api/v1/training-runs/{}/activate", run["id"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        admin_json(&app, "/api/v1/processes/p1/training-runs").await["active_run_id"],
        run["id"]
    );
    let c: Value = app
        .submit(&token, "p1", "Open the library on Sundays.")
        .await
        .json()
        .await
        .unwrap();
    analysed(&app, &c["id"]).await;
    let rolled: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/model/rollback")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rolled["active_run_id"], Value::Null);
    assert_eq!(app.audit("training.activate").await.len(), 1);
    assert_eq!(app.audit("training.rollback").await.len(), 1);
}

#[actix_web::test]
async fn classify_returns_categorised_sentences_without_storing_anything() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.create_process("p2", json!({})).await;
    let resp = app
        .admin(Method::POST, "/api/v1/classify")
        .json(&json!({ "process": "p1", "text": TWO_SENTENCES }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["engine"], "lexical");
    let sentences = body["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 2);
    assert_eq!(
        sentences[1]["start"].as_u64().unwrap() as usize,
        TWO_SENTENCES.find("Run night").unwrap()
    );
    let sum: f64 = sentences[0]["distribution"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-4);
    assert_eq!(
        admin_json(&app, "/api/v1/processes/p1/submissions").await["total"],
        0
    );
    let token = app.participant("p1").await;
    let resp = app
        .as_token(&token, Method::POST, "/api/v1/classify")
        .json(&json!({ "process": "p2", "text": "x y z" }))
        .send()
        .await
        .unwrap();
    // Another process is "no such process", like one that does not exist.
    let body = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "process");
    let resp = app
        .admin(Method::POST, "/api/v1/classify")
        .json(&json!({ "process": "p1", "text": " " }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[actix_web::test]
async fn interrupted_jobs_resume_after_a_restart() {
    let first = spawn_app().await;
    first.create_process("p1", json!({})).await;
    let token = first.participant("p1").await;
    let c: Value = first
        .submit(&token, "p1", TWO_SENTENCES)
        .await
        .json()
        .await
        .unwrap();
    analysed(&first, &c["id"]).await;
    // A job the previous server was running when it died, with its work undone.
    first.sql(&format!(
        "UPDATE submissions SET analysed_at = NULL; \
         INSERT INTO jobs (kind, process_id, payload, state, attempts, created_at, updated_at) \
         VALUES ('analyse', 1, '{{\"reanalyse_all\":true}}', 'running', 1, {now}, {now})",
        now = sql_time(chrono::Duration::zero())
    ));
    let second = first.replica(|_| {}).await;
    // The job is taken over and finished rather than left "running". The first server, which
    // a real restart would have ended, still runs here: its background pass may analyse the
    // submission before the job does, so the job did it (1) or found it done (0).
    let job = eventually(&second, "/api/v1/jobs/1", |j| j["state"] == "done").await;
    assert!(job["done"] == 1 || job["done"] == 0, "{job}");
    assert_eq!(job["errors"], json!([]), "{job}");
    assert_eq!(
        analysed(&second, &c["id"]).await["sentences"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[actix_web::test]
async fn engine_status_names_the_active_engine_and_why() {
    let lexical = spawn_app().await;
    let status = admin_json(&lexical, "/api/v1/analysis/status").await;
    assert_eq!(status["engine"], "lexical");
    assert!(status["reason"].as_str().unwrap().contains("not found"));
    let model_dir = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/models/all-MiniLM-L6-v2"
    ));
    assert!(
        model_dir.join("model.safetensors").is_file(),
        "run scripts/fetch-model.sh (make test does)"
    );
    let embedding = spawn_app_with(move |s| s.model_dir = model_dir).await;
    let status = admin_json(&embedding, "/api/v1/analysis/status").await;
    assert_eq!(status["engine"], "embedding");
}

#[actix_web::test]
async fn jobs_under_a_live_lease_are_left_alone_and_taken_over_when_it_runs_out() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let insert = |lease: chrono::Duration, attempts: i32| {
        format!(
            "INSERT INTO jobs (kind, process_id, payload, state, attempts, created_at, updated_at, lease_until) \
             VALUES ('analyse', 1, '{{}}', 'running', {attempts}, {now}, {now}, {lease});",
            now = sql_time(chrono::Duration::zero()),
            lease = sql_time(lease),
        )
    };
    // Another worker holds job 1 for an hour; job 2's worker died long ago, after its last
    // permitted attempt.
    app.sql(&format!(
        "{}{}",
        insert(chrono::Duration::hours(1), 1),
        insert(chrono::Duration::hours(-1), 3)
    ));
    let failed = eventually(&app, "/api/v1/jobs/2", |j| j["state"] != "running").await;
    assert_eq!(failed["state"], "failed");
    assert!(failed["errors"][0].as_str().unwrap().contains("attempts"));
    actix_web::rt::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        admin_json(&app, "/api/v1/jobs/1").await["state"],
        "running",
        "a live lease is respected"
    );
    app.sql(&format!(
        "UPDATE jobs SET lease_until = {} WHERE id = 1",
        sql_time(chrono::Duration::minutes(-1))
    ));
    let done = eventually(&app, "/api/v1/jobs/1", |j| j["state"] == "done").await;
    assert_eq!(done["state"], "done");
}
