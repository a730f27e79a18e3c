//! Bulk actions on a filter: instead of naming ids, an admin hides, flags, restores or answers
//! every submission of a process that the admin list's filters match. Only those change; each
//! moderation is audited per submission and an answer once with the filter and the count; a
//! filter matching more than 10,000 is refused with the count; exactly one of ids and filter.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn put(app: &TestApp, what: &str, body: Value) -> reqwest::Response {
    app.admin(Method::PUT, &format!("/api/v1/processes/p1/{what}"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn ok(resp: reqwest::Response) -> Value {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn submit_id(app: &TestApp, token: &str, slug: &str, text: &str) -> i64 {
    let resp = app.submit(token, slug, text).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// The admin list of `slug`, by id: (id, status, response status).
async fn rows(app: &TestApp, slug: &str) -> Vec<(i64, String, String)> {
    let page = admin_json(
        app,
        &format!("/api/v1/processes/{slug}/submissions?limit=200"),
    )
    .await;
    let mut out: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_i64().unwrap(),
                s["status"].as_str().unwrap().to_owned(),
                s["response"]["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort_by_key(|r| r.0);
    out
}

fn status_of(rows: &[(i64, String, String)], id: i64) -> &str {
    &rows.iter().find(|r| r.0 == id).unwrap().1
}

fn answer_of(rows: &[(i64, String, String)], id: i64) -> &str {
    &rows.iter().find(|r| r.0 == id).unwrap().2
}

/// p1 with three advertisements (one reported by a participant), two ideas, and an
/// advertisement in p2 that a p1 filter must never reach. Returns (ads, ideas, p2's ad).
async fn seeded(app: &TestApp) -> (Vec<i64>, Vec<i64>, i64) {
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    app.create_process("p2", json!({})).await;
    let t = app.issue_tokens("p1", 2, "community").await;
    let b = app.issue_tokens("p1", 1, "business").await;
    let t2 = app.issue_tokens("p2", 1, "community").await;
    let ads = vec![
        submit_id(app, &t[0], "p1", "Casino bonus, click here").await,
        submit_id(app, &b[0], "p1", "Cheap CASINO chips at example.com").await,
        submit_id(app, &t[0], "p1", "Win at the casino tonight").await,
    ];
    let ideas = vec![
        submit_id(app, &t[0], "p1", "Plant trees along the canal").await,
        submit_id(app, &b[0], "p1", "A market hall by the station").await,
    ];
    let elsewhere = submit_id(app, &t2[0], "p2", "Casino night, free drinks").await;
    let resp = app
        .as_token(
            &t[1],
            Method::POST,
            &format!("/api/v1/submissions/{}/report", ads[2]),
        )
        .json(&json!({ "reason": "Gambling advert" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    (ads, ideas, elsewhere)
}

#[actix_web::test]
async fn a_filter_moderates_only_what_it_matches_each_change_audited() {
    let app = spawn_app().await;
    let (ads, ideas, elsewhere) = seeded(&app).await;

    // Flag what participants reported.
    let done = ok(put(
        &app,
        "moderation",
        json!({ "filter": { "reported": true }, "status": "flagged", "reason": "Reported" }),
    )
    .await)
    .await;
    assert_eq!(done["submission_ids"], json!([ads[2]]));
    assert_eq!(
        (done["matched"].clone(), done["changed"].clone()),
        (json!(1), json!(1))
    );

    // Hide every advertisement by text: the flagged one too, nothing else, nothing in p2.
    let done = ok(put(
        &app,
        "moderation",
        json!({ "filter": { "q": " casino " }, "status": "hidden", "reason": "Advertising" }),
    )
    .await)
    .await;
    assert_eq!(done["submission_ids"], json!(ads));
    assert_eq!(done["matched"], 3);
    assert_eq!(done["changed"], 3);
    let now = rows(&app, "p1").await;
    for id in &ads {
        assert_eq!(status_of(&now, *id), "hidden");
    }
    for id in &ideas {
        assert_eq!(status_of(&now, *id), "visible");
    }
    assert_eq!(status_of(&rows(&app, "p2").await, elsewhere), "visible");

    // Each submission's change is audited as if moderated alone: 1 flag + 3 hides.
    let entries = app.audit("submission.moderate").await;
    assert_eq!(entries.len(), 4, "{entries:?}");
    let hides: Vec<&Value> = entries
        .iter()
        .filter(|e| e["details"]["to"] == "hidden")
        .collect();
    let mut targets: Vec<String> = hides
        .iter()
        .map(|e| e["target_id"].as_str().unwrap().to_owned())
        .collect();
    targets.sort();
    let mut expected: Vec<String> = ads.iter().map(i64::to_string).collect();
    expected.sort();
    assert_eq!(targets, expected);
    for e in &hides {
        assert_eq!(e["reason"], "Advertising");
        assert_eq!(e["details"]["bulk"], true);
    }
    let flagged_before = hides
        .iter()
        .find(|e| e["target_id"] == json!(ads[2].to_string()))
        .unwrap();
    assert_eq!(flagged_before["details"]["from"], "flagged");

    // Restore by status with two filters at once; a filter matching nothing changes nothing.
    let done = ok(put(
        &app,
        "moderation",
        json!({ "filter": { "status": "hidden", "contributor_type": "business" }, "status": "visible" }),
    )
    .await)
    .await;
    assert_eq!(done["submission_ids"], json!([ads[1]]));
    assert_eq!(status_of(&rows(&app, "p1").await, ads[0]), "hidden");
    let done = ok(put(
        &app,
        "moderation",
        json!({ "filter": { "q": "heliport" }, "status": "hidden", "reason": "x" }),
    )
    .await)
    .await;
    assert_eq!(
        (done["matched"].clone(), done["changed"].clone()),
        (json!(0), json!(0))
    );
    assert_eq!(app.audit("submission.moderate").await.len(), 5);
}

#[actix_web::test]
async fn a_filter_answers_only_what_it_matches_in_one_audit_entry() {
    let app = spawn_app().await;
    let (ads, ideas, elsewhere) = seeded(&app).await;

    let body = json!({
        "filter": { "contributor_type": "business" },
        "status": "under_consideration",
        "reply": "We are looking into it.",
    });
    let done = ok(put(&app, "responses", body.clone()).await).await;
    let business = vec![ads[1], ideas[1]];
    assert_eq!(done["submission_ids"], json!(business));
    assert_eq!(
        (done["matched"].clone(), done["changed"].clone()),
        (json!(2), json!(2))
    );
    let now = rows(&app, "p1").await;
    for (id, _, answer) in &now {
        let expected = if business.contains(id) {
            "under_consideration"
        } else {
            "received"
        };
        assert_eq!(answer, expected, "{id}");
    }
    assert_eq!(answer_of(&rows(&app, "p2").await, elsewhere), "received");

    // The same answer again matches both and changes neither.
    let again = ok(put(&app, "responses", body).await).await;
    assert_eq!(
        (again["matched"].clone(), again["changed"].clone()),
        (json!(2), json!(0))
    );

    // Text and date filters together: every submission created up to now that says casino.
    let to = (chrono::Utc::now() + chrono::Duration::minutes(1)).to_rfc3339();
    let done = ok(put(
        &app,
        "responses",
        json!({ "filter": { "q": "casino", "created_to": to }, "status": "not_taken_forward", "reply": null }),
    )
    .await)
    .await;
    assert_eq!(done["submission_ids"], json!(ads));
    assert_eq!(done["changed"], 3);
    assert_eq!(answer_of(&rows(&app, "p1").await, ideas[0]), "received");

    // One audit entry per call, with the filter and the count rather than the ids.
    let audit = app.audit("submission.respond").await;
    assert_eq!(audit.len(), 3, "{audit:?}");
    let last = audit
        .iter()
        .find(|e| e["details"]["status"] == "not_taken_forward")
        .unwrap();
    let filter = last["details"]["filter"].as_object().unwrap();
    assert_eq!(filter.keys().collect::<Vec<_>>(), vec!["created_to", "q"]);
    assert_eq!(filter["q"], "casino");
    assert_eq!(last["details"]["count"], 3);
    assert!(last["details"].get("submissions").is_none());
    assert_eq!(last["target_id"], "p1");
}

#[actix_web::test]
async fn ids_and_filter_together_or_neither_bad_filters_and_participants_are_refused() {
    let app = spawn_app().await;
    let (ads, _, _) = seeded(&app).await;
    for (what, base) in [
        (
            "moderation",
            json!({ "status": "hidden", "reason": "spam" }),
        ),
        ("responses", json!({ "status": "accepted" })),
    ] {
        let with = |extra: Value| {
            let mut body = base.clone();
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            body
        };
        let cases = [
            (
                json!({ "submission_ids": [ads[0]], "filter": { "q": "casino" } }),
                ("filter", "invalid"),
            ),
            (json!({}), ("submission_ids", "required")),
            (
                json!({ "submission_ids": null, "filter": null }),
                ("submission_ids", "required"),
            ),
            (json!({ "filter": { "q": "  " } }), ("filter.q", "empty")),
            (
                json!({ "filter": { "q": "a\u{7}b" } }),
                ("filter.q", "control_chars"),
            ),
        ];
        for (extra, (field, code)) in cases {
            let problem = assert_problem(
                put(&app, what, with(extra.clone())).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
            )
            .await;
            assert_eq!(problem["errors"][0]["field"], field, "{what} {extra}");
            assert_eq!(problem["errors"][0]["code"], code, "{what} {extra}");
        }
        // A filter is an object of the list's filters, nothing else.
        for filter in [
            json!([]),
            json!({ "colour": "red" }),
            json!({ "reported": "yes" }),
        ] {
            assert_problem(
                put(&app, what, with(json!({ "filter": filter }))).await,
                StatusCode::BAD_REQUEST,
                "invalid_request",
            )
            .await;
        }
    }
    // Both problems of a body are named at once.
    let problem = assert_problem(
        put(&app, "moderation", json!({ "status": "hidden" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["submission_ids", "reason"]);

    // Participants can neither moderate nor answer, with a filter or without.
    let token = app.participant("p1").await;
    for (what, body) in [
        (
            "moderation",
            json!({ "filter": {}, "status": "hidden", "reason": "x" }),
        ),
        ("responses", json!({ "filter": {}, "status": "accepted" })),
    ] {
        let resp = app
            .as_token(&token, Method::PUT, &format!("/api/v1/processes/p1/{what}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    }

    for (_, status, answer) in rows(&app, "p1").await {
        assert_eq!((status.as_str(), answer.as_str()), ("visible", "received"));
    }
    assert!(app.audit("submission.moderate").await.is_empty());
    assert!(app.audit("submission.respond").await.is_empty());
}

/// `count` more visible submissions in p1, written as an operator would, in SQL (a recursive
/// count works on both backends).
fn seed_many(app: &TestApp, count: u32) {
    app.sql(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) \
         INSERT INTO submissions (process_id, token_id, contributor_type, text, status, \
         entered_by_admin, created_at, updated_at) \
         SELECT p.id, t.id, 'community', 'Idea number ' || n.i, 'visible', FALSE, \
         CURRENT_TIMESTAMP, CURRENT_TIMESTAMP \
         FROM n, processes p JOIN tokens t ON t.process_id = p.id WHERE p.slug = 'p1';"
    ));
}

#[actix_web::test]
async fn a_filter_over_ten_thousand_is_refused_with_the_count_and_up_to_it_is_done() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.issue_tokens("p1", 1, "community").await;
    seed_many(&app, 10_001);

    for (what, body) in [
        (
            "moderation",
            json!({ "filter": {}, "status": "hidden", "reason": "spam" }),
        ),
        (
            "responses",
            json!({ "filter": { "status": "visible" }, "status": "accepted" }),
        ),
    ] {
        let problem = assert_problem(
            put(&app, what, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        let e = &problem["errors"][0];
        assert_eq!(e["field"], "filter", "{problem}");
        assert_eq!(e["code"], "too_many");
        assert_eq!(e["count"], 10_001);
        assert_eq!(e["max"], 10_000);
    }
    let hidden = admin_json(
        &app,
        "/api/v1/processes/p1/submissions?status=hidden&limit=1",
    )
    .await;
    assert_eq!(hidden["total"], 0, "a refused filter changes nothing");
    assert!(app.audit("submission.respond").await.is_empty());

    // One hidden by id: the visible ones are exactly the cap, answered in one request.
    let first = admin_json(&app, "/api/v1/processes/p1/submissions?limit=1").await["items"][0]
        ["id"]
        .clone();
    ok(put(
        &app,
        "moderation",
        json!({ "submission_ids": [first], "status": "hidden", "reason": "spam" }),
    )
    .await)
    .await;
    let done = ok(put(
        &app,
        "responses",
        json!({ "filter": { "status": "visible" }, "status": "accepted" }),
    )
    .await)
    .await;
    assert_eq!(done["matched"], 10_000);
    assert_eq!(done["changed"], 10_000);
    assert_eq!(done["submission_ids"].as_array().unwrap().len(), 10_000);
    assert!(!done["submission_ids"].as_array().unwrap().contains(&first));
    let hidden = admin_json(&app, &format!("/api/v1/submissions/{first}")).await;
    assert_eq!(hidden["response"]["status"], "received");
}
