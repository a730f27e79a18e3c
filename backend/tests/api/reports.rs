//! Participants report others' public submissions: once per token, never their own nor what
//! they cannot see, limited per token. A report alone changes nothing anyone sees; the
//! process's threshold of distinct reporters flags the submission for an admin, whose list
//! counts reports and filters by them.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn report(app: &TestApp, token: &str, id: i64, body: Value) -> reqwest::Response {
    app.as_token(
        token,
        Method::POST,
        &format!("/api/v1/submissions/{id}/report"),
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn submit_id(app: &TestApp, token: &str, slug: &str, text: &str) -> i64 {
    let resp = app.submit(token, slug, text).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// The admin list of p1 with `query`: (id, status, reports) per item, and the total.
async fn admin_list(app: &TestApp, query: &str) -> (Vec<(i64, String, i64)>, i64) {
    let page = admin_json(app, &format!("/api/v1/processes/p1/submissions?{query}")).await;
    let items = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_i64().unwrap(),
                s["status"].as_str().unwrap().to_owned(),
                s["reports"].as_i64().expect("admins see report counts"),
            )
        })
        .collect();
    (items, page["total"].as_i64().unwrap())
}

/// Every stored report's reason, as an operator would read the table.
fn stored_reasons(app: &TestApp) -> Vec<Option<String>> {
    use diesel::prelude::*;
    use planner::db::schema::submission_reports;
    app.query(|conn| {
        planner::with_conn!(
            conn,
            submission_reports::table
                .select(submission_reports::reason)
                .load(conn)
        )
    })
}

/// The ids a participant sees in p1's public list.
async fn public_ids(app: &TestApp, token: &str) -> Vec<i64> {
    let page: Value = app
        .as_token(
            token,
            Method::GET,
            "/api/v1/processes/p1/public-submissions",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

#[actix_web::test]
async fn a_report_is_kept_once_and_alone_changes_nothing_anyone_sees() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    let t = app.issue_tokens("p1", 2, "community").await;
    let spam = submit_id(&app, &t[0], "p1", "Buy cheap watches at example.com").await;
    let fine = submit_id(&app, &t[0], "p1", "Plant trees along the canal").await;

    let resp = report(&app, &t[1], spam, json!({ "reason": "  Advertising " })).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let first: Value = resp.json().await.unwrap();
    assert_eq!(first["submission_id"], spam);
    // A repeat (another reason, or none) answers the first report and adds nothing.
    for body in [json!({ "reason": "Spam" }), json!({})] {
        let resp = report(&app, &t[1], spam, body).await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.json::<Value>().await.unwrap(), first);
    }
    assert_eq!(stored_reasons(&app), vec![Some("Advertising".to_owned())]);

    // Still public, still visible: one participant cannot unlist anything.
    assert_eq!(public_ids(&app, &t[1]).await, vec![fine, spam]);
    let (items, total) = admin_list(&app, "").await;
    assert_eq!(total, 2);
    assert_eq!(
        items,
        vec![
            (fine, "visible".to_owned(), 0),
            (spam, "visible".to_owned(), 1)
        ]
    );
    // The admin's "Reported" filter, and its opposite.
    assert_eq!(
        admin_list(&app, "reported=true").await,
        (vec![(spam, "visible".to_owned(), 1)], 1)
    );
    assert_eq!(
        admin_list(&app, "reported=false&status=visible").await,
        (vec![(fine, "visible".to_owned(), 0)], 1)
    );
    // The author never learns who reported, nor how often.
    let own = app
        .as_token(&t[0], Method::GET, &format!("/api/v1/submissions/{spam}"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert!(own.get("reports").is_none(), "{own}");
    // Reports are not admin actions: nothing audited below the threshold.
    assert!(app.audit("submission.moderate").await.is_empty());
}

#[actix_web::test]
async fn only_others_visible_submissions_in_ones_public_process_can_be_reported() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    app.create_process("p2", json!({ "public_submissions": true }))
        .await;
    app.create_process("closed", json!({})).await;
    let t = app.issue_tokens("p1", 2, "community").await;
    let elsewhere = app.participant("p2").await;
    let private = app.issue_tokens("closed", 2, "community").await;
    let own = submit_id(&app, &t[1], "p1", "My own idea about buses").await;
    let hidden = submit_id(&app, &t[0], "p1", "Something rude").await;
    let flagged = submit_id(&app, &t[0], "p1", "Something doubtful").await;
    let other_process = submit_id(&app, &elsewhere, "p2", "A library in p2").await;
    let not_public = submit_id(&app, &private[0], "closed", "Quiet words").await;
    for (id, status) in [(hidden, "hidden"), (flagged, "flagged")] {
        let resp = app
            .admin(Method::PATCH, &format!("/api/v1/submissions/{id}"))
            .json(&json!({ "status": status, "reason": "check" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
    assert_problem(
        report(&app, &t[1], own, json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    for id in [hidden, flagged, other_process, 999_999] {
        assert_problem(
            report(&app, &t[1], id, json!({})).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    assert_problem(
        report(&app, &private[1], not_public, json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let visible = submit_id(&app, &t[0], "p1", "Benches by the river").await;
    for reason in [json!("x".repeat(301)), json!("two\nlines")] {
        let problem = assert_problem(
            report(&app, &t[1], visible, json!({ "reason": reason })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], "reason", "{problem}");
    }
    assert_problem(
        report(&app, &t[1], visible, json!({ "why": "?" })).await,
        StatusCode::BAD_REQUEST,
        "invalid_request",
    )
    .await;
    let anonymous = app
        .anon(
            Method::POST,
            &format!("/api/v1/submissions/{visible}/report"),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(stored_reasons(&app).is_empty(), "nothing refused was kept");
}

#[actix_web::test]
async fn the_threshold_of_distinct_reporters_flags_until_an_admin_decides() {
    let app = spawn_app().await;
    app.create_process(
        "p1",
        json!({ "public_submissions": true, "report_threshold": 2 }),
    )
    .await;
    let t = app.issue_tokens("p1", 6, "community").await;
    let id = submit_id(&app, &t[0], "p1", "Cheap watches, click here").await;
    assert_eq!(
        report(&app, &t[1], id, json!({})).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        report(&app, &t[1], id, json!({})).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        admin_list(&app, "").await.0[0].1,
        "visible",
        "one reporter, twice"
    );
    assert_eq!(
        report(&app, &t[2], id, json!({})).await.status(),
        StatusCode::OK
    );

    let flagged = admin_json(&app, &format!("/api/v1/submissions/{id}")).await;
    assert_eq!(flagged["status"], "flagged");
    assert_eq!(flagged["moderation_reason"], "reported by 2 participants");
    assert_eq!(flagged["reports"], 2);
    assert_eq!(flagged["awaiting_approval"], false);
    assert!(
        public_ids(&app, &t[3]).await.is_empty(),
        "flagged: unlisted"
    );
    assert_eq!(
        admin_list(&app, "status=flagged&reported=true").await.1,
        1,
        "in the flagged queue"
    );
    let audit = app.audit("submission.moderate").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["target_id"], id.to_string());
    assert_eq!(audit[0]["reason"], "reported by 2 participants");
    assert_eq!(
        audit[0]["details"],
        json!({ "from": "visible", "to": "flagged", "reports": 2 })
    );
    // Flagged: gone for participants, but a reporter's repeat still answers their report.
    assert_problem(
        report(&app, &t[3], id, json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        report(&app, &t[1], id, json!({})).await.status(),
        StatusCode::OK
    );

    // The admin restores it: the earlier reports no longer count towards the threshold.
    let resp = app
        .admin(Method::PATCH, &format!("/api/v1/submissions/{id}"))
        .json(&json!({ "status": "visible" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        report(&app, &t[3], id, json!({})).await.status(),
        StatusCode::OK
    );
    let after = admin_json(&app, &format!("/api/v1/submissions/{id}")).await;
    assert_eq!(
        (after["status"].clone(), after["reports"].clone()),
        (json!("visible"), json!(3))
    );
    assert_eq!(
        report(&app, &t[4], id, json!({})).await.status(),
        StatusCode::OK
    );
    let again = admin_json(&app, &format!("/api/v1/submissions/{id}")).await;
    assert_eq!(
        again["status"], "flagged",
        "two new reporters since the restore"
    );

    // Threshold 0: reports are counted but never flag.
    let resp = app
        .admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "report_threshold": 0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let other = submit_id(&app, &t[5], "p1", "More night buses").await;
    for reporter in &t[..5] {
        assert_eq!(
            report(&app, reporter, other, json!({})).await.status(),
            StatusCode::OK
        );
    }
    let kept = admin_json(&app, &format!("/api/v1/submissions/{other}")).await;
    assert_eq!(
        (kept["status"].clone(), kept["reports"].clone()),
        (json!("visible"), json!(5))
    );
}

#[actix_web::test]
async fn reports_are_rate_limited_per_token() {
    let app = spawn_app_with(|s| s.limits.reports_per_hour = 2).await;
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    let t = app.issue_tokens("p1", 3, "community").await;
    let mut ids = Vec::new();
    for text in ["One idea", "Two ideas", "Three ideas"] {
        ids.push(submit_id(&app, &t[0], "p1", text).await);
    }
    for id in &ids[..2] {
        assert_eq!(
            report(&app, &t[1], *id, json!({})).await.status(),
            StatusCode::OK
        );
    }
    let limited = report(&app, &t[1], ids[2], json!({})).await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(
        report(&app, &t[2], ids[2], json!({})).await.status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn the_threshold_and_pre_moderation_are_process_settings() {
    let app = spawn_app().await;
    let created = app.create_process("p1", json!({})).await;
    assert_eq!(
        (
            created["pre_moderation"].clone(),
            created["report_threshold"].clone()
        ),
        (json!(false), json!(3))
    );
    let resp = app
        .admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "pre_moderation": true, "report_threshold": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let updated: Value = resp.json().await.unwrap();
    assert_eq!(
        (
            updated["pre_moderation"].clone(),
            updated["report_threshold"].clone()
        ),
        (json!(true), json!(5))
    );
    let audit = app.audit("process.update").await;
    assert_eq!(
        audit[0]["details"],
        json!({ "fields": ["pre_moderation", "report_threshold"] })
    );
    // A whole number written as a float is a whole number (JSON Schema's reading).
    let resp = app
        .admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "report_threshold": 5.0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    for bad in [json!(-1), json!(101)] {
        let problem = assert_problem(
            app.admin(Method::PATCH, "/api/v1/processes/p1")
                .json(&json!({ "report_threshold": bad }))
                .send()
                .await
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], "report_threshold");
    }
    // Moderation settings are the admins' business (a held submission says so itself).
    let token = app.participant("p1").await;
    let seen: Value = app
        .as_token(&token, Method::GET, "/api/v1/processes/p1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(seen.get("pre_moderation").is_none(), "{seen}");
    assert!(seen.get("report_threshold").is_none(), "{seen}");
    let listed = admin_json(&app, "/api/v1/processes").await;
    assert_eq!(listed[0]["pre_moderation"], true);
    assert_eq!(listed[0]["report_threshold"], 5);
}
