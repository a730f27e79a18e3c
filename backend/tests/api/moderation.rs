use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn admin_hides_flags_and_restores_with_reasons_in_the_audit_log() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let s: Value = app
        .submit(&token, "p1", "Something rude")
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/submissions/{}", s["id"]);
    let resp = app
        .admin(Method::PATCH, &path)
        .json(&json!({ "status": "hidden" }))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "reason");
    let hidden: Value = app
        .admin(Method::PATCH, &path)
        .json(&json!({ "status": "hidden", "reason": "Personal attack" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(hidden["status"], "hidden");
    assert_eq!(hidden["moderation_reason"], "Personal attack");
    assert!(
        hidden["token_id"].as_i64().is_some(),
        "admins see the owning token id"
    );
    let restored: Value = app
        .admin(Method::PATCH, &path)
        .json(&json!({ "status": "visible" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(restored["status"], "visible");
    let audit = app.audit("submission.moderate").await;
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1]["reason"], "Personal attack");
    assert_eq!(
        audit[1]["details"],
        json!({ "from": "visible", "to": "hidden" })
    );
    assert_eq!(audit[1]["target_id"], s["id"].to_string());
}

#[actix_web::test]
async fn participants_cannot_moderate_and_admins_cannot_rewrite_citizens_text() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let s: Value = app
        .submit(&token, "p1", "Original words")
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/submissions/{}", s["id"]);
    let resp = app
        .as_token(&token, Method::PATCH, &path)
        .json(&json!({ "status": "visible" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let resp = app
        .admin(Method::PATCH, &path)
        .json(&json!({ "text": "Better words" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
}

#[actix_web::test]
async fn admin_enters_paper_submission_on_someones_behalf() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "submissions_open": false }))
        .await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/submissions")
        .json(&json!({ "text": "From the paper form at the library" }))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "contributor_type");
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/submissions")
        .json(&json!({ "text": "From the paper form at the library", "contributor_type": "government", "location": { "lat": 1.5, "lng": 2.5 } }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::CREATED,
        "admins may enter workshop input after closing"
    );
    let s: Value = resp.json().await.unwrap();
    assert_eq!(s["contributor_type"], "government");
    assert_eq!(s["entered_by_admin"], true);
    assert_eq!(app.audit("submission.enter_on_behalf").await.len(), 1);
}

#[actix_web::test]
async fn admin_delete_is_audited() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let s: Value = app
        .submit(&token, "p1", "spam spam")
        .await
        .json()
        .await
        .unwrap();
    let resp = app
        .admin(Method::DELETE, &format!("/api/v1/submissions/{}", s["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let audit = app.audit("submission.delete").await;
    assert_eq!(audit[0]["target_id"], s["id"].to_string());
}

#[actix_web::test]
async fn audit_log_filters_and_paginates() {
    let app = spawn_app().await;
    for slug in ["a1", "a2", "a3"] {
        app.create_process(slug, json!({})).await;
    }
    let page: Value = app
        .admin(
            Method::GET,
            "/api/v1/admin/audit?action=process.create&limit=2",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["items"][0]["target_id"], "a3", "newest first");
    let page: Value = app
        .admin(
            Method::GET,
            "/api/v1/admin/audit?target_type=process&target_id=a2",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    let page: Value = app
        .admin(Method::GET, "/api/v1/admin/audit?from=2999-01-01T00:00:00Z")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 0);
}

#[actix_web::test]
async fn stats_report_counts_and_database_size() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    app.submit(&token, "p1", "one").await;
    app.submit(&token, "p1", "two").await;
    let stats: Value = app
        .admin(Method::GET, "/api/v1/admin/stats")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["processes"], 1);
    assert_eq!(stats["submissions"], 2);
    assert_eq!(stats["submissions_by_status"]["visible"], 2);
    assert_eq!(stats["active_admin_tokens"], 1);
    assert!(stats["database_bytes"].as_u64().unwrap() > 0);
    assert!(stats["wal_bytes"].as_u64().is_some());
    let backend = if app.on_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(stats["database_backend"], backend);
}

#[actix_web::test]
async fn analytics_count_by_type_status_time_and_location() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let community = app.issue_tokens("p1", 1, "community").await.remove(0);
    let business = app.issue_tokens("p1", 1, "business").await.remove(0);
    app.submit(&community, "p1", "one").await;
    let hidden: Value = app
        .submit(&community, "p1", "rude")
        .await
        .json()
        .await
        .unwrap();
    app.as_token(&business, Method::POST, "/api/v1/processes/p1/submissions")
        .json(&json!({ "text": "located", "location": { "lat": 1.0, "lng": 2.0 } }))
        .send()
        .await
        .unwrap();
    app.admin(
        Method::PATCH,
        &format!("/api/v1/submissions/{}", hidden["id"]),
    )
    .json(&json!({ "status": "hidden", "reason": "abuse" }))
    .send()
    .await
    .unwrap();
    let a: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/analytics?interval=week")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(a["total"], 2, "hidden submissions are not counted");
    assert_eq!(
        a["by_status"],
        json!({ "visible": 2, "hidden": 1, "flagged": 0 })
    );
    assert_eq!(
        a["by_contributor_type"][0],
        json!({ "key": "community", "count": 1 })
    );
    assert_eq!(
        a["by_contributor_type"][1],
        json!({ "key": "business", "count": 1 })
    );
    assert_eq!(
        a["by_contributor_type"].as_array().unwrap().len(),
        6,
        "zeros included"
    );
    assert_eq!(a["over_time"]["interval"], "week");
    assert_eq!(a["over_time"]["buckets"][0]["count"], 2);
    assert_eq!(
        (a["located"].clone(), a["unlocated"].clone()),
        (json!(1), json!(1))
    );
    let located: Value = app
        .admin(
            Method::GET,
            "/api/v1/processes/p1/submissions?has_location=true",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(located["total"], 1);
    assert_eq!(located["items"][0]["text"], "located");
    let resp = app
        .as_token(&community, Method::GET, "/api/v1/processes/p1/analytics")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
}
