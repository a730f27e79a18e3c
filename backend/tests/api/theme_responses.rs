//! Themes know their submissions: a run records which submissions each theme holds, a whole
//! theme is answered with one status and reply (its duplicates too when asked), and analytics
//! and results links count outcomes per theme as they do per category.

use planner::domain::{SubmissionId, ThemeId};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

const TREES: [&str; 4] = [
    "Plant more trees in the park.",
    "The park needs shade trees.",
    "Old trees in the park should be protected.",
    "Trees make the park cooler in summer.",
];
const BUSES: [&str; 4] = [
    "Night buses should run every half hour.",
    "Buses stop too early at night.",
    "We need night buses on weekends.",
    "Run buses later at night for shift workers.",
];

/// A process `p1` with eight one-sentence submissions on two subjects, themes computed
/// (k = 2), and a second process `p2`. Returns (participant token, submission ids, themes).
async fn with_themes(app: &TestApp) -> (String, Vec<i64>, Value) {
    app.create_process("p1", json!({})).await;
    app.create_process("p2", json!({})).await;
    let token = app.participant("p1").await;
    let mut ids = Vec::new();
    for text in TREES.iter().chain(&BUSES) {
        let created: Value = app.submit(&token, "p1", text).await.json().await.unwrap();
        ids.push(created["id"].as_i64().unwrap());
    }
    let themes = run_themes(app).await;
    (token, ids, themes)
}

/// Computes two themes of `p1` (seed 7) and lists them.
async fn run_themes(app: &TestApp) -> Value {
    let job: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/themes")
        .json(&json!({ "k": 2, "seed": 7 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let done = eventually(app, &format!("/api/v1/jobs/{}", job["id"]), |j| {
        j["state"] == "done" || j["state"] == "failed"
    })
    .await;
    assert_eq!(done["state"], "done", "{done}");
    admin_json(app, "/api/v1/processes/p1/themes").await
}

/// The submissions the database records for a theme, by id.
fn members(app: &TestApp, theme: i64) -> Vec<i64> {
    app.query(|conn| planner::db::theme_members::submissions_of(conn, ThemeId(theme), false))
        .into_iter()
        .map(|SubmissionId(id)| id)
        .collect()
}

async fn answer(app: &TestApp, slug: &str, theme: &Value, body: Value) -> reqwest::Response {
    app.admin(
        Method::PUT,
        &format!("/api/v1/processes/{slug}/themes/{theme}/response"),
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn status_of(app: &TestApp, id: i64) -> (String, Value) {
    let s = admin_json(app, &format!("/api/v1/submissions/{id}")).await;
    (
        s["response"]["status"].as_str().unwrap().to_owned(),
        s["response"]["reply"].clone(),
    )
}

#[actix_web::test]
async fn a_theme_run_records_which_submissions_each_theme_holds() {
    let app = spawn_app().await;
    let (_, ids, listed) = with_themes(&app).await;
    let themes = listed["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 2, "{listed}");
    let mut all = Vec::new();
    for theme in themes {
        let held = members(&app, theme["id"].as_i64().unwrap());
        assert_eq!(theme["members_known"], true);
        // One sentence each here: as many submissions as sentences.
        assert_eq!(theme["submissions"], json!(held.len()), "{theme}");
        assert_eq!(theme["submissions"], theme["size"]);
        assert_eq!(theme["submissions_with_duplicates"], theme["submissions"]);
        all.extend(held);
    }
    // The two themes share out the eight submissions, each once.
    all.sort();
    assert_eq!(all, ids);
    // The representatives are among the members.
    for theme in themes {
        let held = members(&app, theme["id"].as_i64().unwrap());
        for r in theme["representatives"].as_array().unwrap() {
            assert!(held.contains(&r["submission_id"].as_i64().unwrap()), "{r}");
        }
    }
    // A re-run replaces the memberships with the new themes' own.
    let old: Vec<i64> = themes.iter().map(|t| t["id"].as_i64().unwrap()).collect();
    let again = run_themes(&app).await;
    for id in old {
        assert!(members(&app, id).is_empty(), "theme {id} is gone");
    }
    let total: i64 = again["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["submissions"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 8);
    // Deleting a submission takes it out of its theme.
    let resp = app
        .admin(Method::DELETE, &format!("/api/v1/submissions/{}", ids[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let after = admin_json(&app, "/api/v1/processes/p1/themes").await;
    let total: i64 = after["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["submissions"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 7);
}

#[actix_web::test]
async fn answering_a_theme_answers_its_submissions_and_no_others() {
    let app = spawn_app().await;
    let (token, ids, listed) = with_themes(&app).await;
    let (a, b) = (&listed["themes"][0], &listed["themes"][1]);
    let in_a = members(&app, a["id"].as_i64().unwrap());
    let in_b = members(&app, b["id"].as_i64().unwrap());
    // A later submission marked as a duplicate of one in theme A (it is in no theme itself).
    let copy: Value = app
        .submit(&token, "p1", "More park trees, please.")
        .await
        .json()
        .await
        .unwrap();
    let copy = copy["id"].as_i64().unwrap();
    let marked = app
        .admin(
            Method::PUT,
            &format!("/api/v1/submissions/{copy}/duplicate-of"),
        )
        .json(&json!({ "of": in_a[0] }))
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status(), StatusCode::OK);
    let relisted = admin_json(&app, "/api/v1/processes/p1/themes").await;
    let a_now = relisted["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == a["id"])
        .unwrap();
    assert_eq!(
        a_now["submissions_with_duplicates"],
        json!(in_a.len() + 1),
        "{a_now}"
    );

    // Theme A alone: its members, trimmed reply, nobody else.
    let resp = answer(
        &app,
        "p1",
        &a["id"],
        json!({ "status": "accepted", "reply": "  We will plant 200 trees.  " }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let done: Value = resp.json().await.unwrap();
    assert_eq!(done["submission_ids"], json!(in_a));
    assert_eq!(done["reply"], "We will plant 200 trees.");
    for id in &in_a {
        assert_eq!(
            status_of(&app, *id).await,
            ("accepted".into(), json!("We will plant 200 trees."))
        );
    }
    for id in in_b.iter().chain([&copy]) {
        assert_eq!(status_of(&app, *id).await, ("received".into(), Value::Null));
    }
    let audit = app.audit("submission.respond").await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    let details = &audit[0]["details"];
    assert_eq!(details["theme"]["id"], a["id"]);
    assert_eq!(details["theme"]["label"], a["label"]);
    assert_eq!(details["submissions"], json!(in_a));
    assert_eq!(details["status"], "accepted");
    assert_eq!(details["include_duplicates"], false);
    assert_eq!(audit[0]["target_id"], "p1");

    // With its duplicates: the copy too; a status alone clears the reply.
    let resp = answer(
        &app,
        "p1",
        &a["id"],
        json!({ "status": "partly_accepted", "include_duplicates": true }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let done: Value = resp.json().await.unwrap();
    let mut expected = in_a.clone();
    expected.push(copy);
    expected.sort();
    assert_eq!(done["submission_ids"], json!(expected));
    assert_eq!(
        status_of(&app, copy).await,
        ("partly_accepted".into(), Value::Null)
    );
    assert_eq!(status_of(&app, in_b[0]).await.0, "received");
    assert_eq!(app.audit("submission.respond").await.len(), 2);
    assert_eq!(ids.len(), in_a.len() + in_b.len());

    // A moderator of the process may answer a theme, as they answer submissions.
    let moderator = crate::staff::staff_token(
        &app,
        json!({ "role": "moderator", "processes": ["p1"], "api": true }),
    )
    .await;
    let resp = app
        .as_token(
            &moderator,
            Method::PUT,
            &format!("/api/v1/processes/p1/themes/{}/response", b["id"]),
        )
        .json(&json!({ "status": "under_consideration" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(status_of(&app, in_b[0]).await.0, "under_consideration");
}

#[actix_web::test]
async fn theme_answers_are_checked_and_stay_inside_their_process() {
    let app = spawn_app().await;
    let (token, _, listed) = with_themes(&app).await;
    let theme = &listed["themes"][0];
    let held = members(&app, theme["id"].as_i64().unwrap());
    for (body, (field, code)) in [
        (
            json!({ "status": "accepted", "reply": "   " }),
            ("reply", "empty"),
        ),
        (
            json!({ "status": "accepted", "reply": "x".repeat(2001) }),
            ("reply", "too_long"),
        ),
    ] {
        let problem = assert_problem(
            answer(&app, "p1", &theme["id"], body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
        assert_eq!(problem["errors"][0]["code"], code, "{body}");
    }
    // Not a status word, or a field it does not take: the body does not parse.
    for body in [
        json!({ "status": "done" }),
        json!({ "status": "accepted", "submission_ids": [held[0]] }),
        json!({ "reply": "No status" }),
    ] {
        let resp = answer(&app, "p1", &theme["id"], body.clone()).await;
        assert!(resp.status().is_client_error(), "{body}");
        assert_ne!(resp.status(), StatusCode::OK);
    }
    // An unknown theme, a theme of another process, a process that does not exist: 404.
    let accepted = json!({ "status": "accepted" });
    for (slug, id) in [
        ("p1", json!(999_999)),
        ("p2", theme["id"].clone()),
        ("nope", theme["id"].clone()),
    ] {
        assert_problem(
            answer(&app, slug, &id, accepted.clone()).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    // Participants and analysts may not answer.
    let analyst = crate::staff::staff_token(
        &app,
        json!({ "role": "analyst", "processes": ["p1"], "api": true }),
    )
    .await;
    for caller in [&token, &analyst] {
        let resp = app
            .as_token(
                caller,
                Method::PUT,
                &format!("/api/v1/processes/p1/themes/{}/response", theme["id"]),
            )
            .json(&accepted)
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    }
    // Nothing above answered anything.
    for id in held {
        assert_eq!(status_of(&app, id).await.0, "received");
    }
    assert!(app.audit("submission.respond").await.is_empty());
}

#[actix_web::test]
async fn themes_from_before_memberships_ask_to_be_computed_again() {
    let app = spawn_app().await;
    let (_, _, listed) = with_themes(&app).await;
    let theme = &listed["themes"][0];
    // What the migration leaves for themes computed before it.
    app.sql("DELETE FROM theme_members; UPDATE themes SET members_known = FALSE;");
    let relisted = admin_json(&app, "/api/v1/processes/p1/themes").await;
    for t in relisted["themes"].as_array().unwrap() {
        assert_eq!(t["members_known"], false, "{t}");
        assert_eq!(t["submissions"], 0);
    }
    let problem = assert_problem(
        answer(&app, "p1", &theme["id"], json!({ "status": "accepted" })).await,
        StatusCode::CONFLICT,
        "theme_members_unknown",
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("compute the themes again"),
        "{problem}"
    );
    assert!(app.audit("submission.respond").await.is_empty());
    let analytics = admin_json(&app, "/api/v1/processes/p1/analytics").await;
    assert_eq!(analytics["theme_members_known"], false);
    assert_eq!(analytics["response_by_theme"], json!([]));
    assert_eq!(analytics["themes"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn outcomes_are_counted_per_theme_on_the_dashboard_and_results_links() {
    let app = spawn_app().await;
    let (_, _, listed) = with_themes(&app).await;
    let (a, b) = (&listed["themes"][0], &listed["themes"][1]);
    let in_a = members(&app, a["id"].as_i64().unwrap());
    let in_b = members(&app, b["id"].as_i64().unwrap());
    let resp = answer(&app, "p1", &a["id"], json!({ "status": "accepted" })).await;
    assert_eq!(resp.status(), StatusCode::OK);
    // Renamed: counted under its current name. One of B's hidden: no longer counted.
    let renamed = app
        .admin(Method::PATCH, &format!("/api/v1/themes/{}", a["id"]))
        .json(&json!({ "label": "Green space" }))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), StatusCode::OK);
    let hidden = app
        .admin(Method::PATCH, &format!("/api/v1/submissions/{}", in_b[0]))
        .json(&json!({ "status": "hidden", "reason": "off topic" }))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::OK);

    let analytics = admin_json(&app, "/api/v1/processes/p1/analytics").await;
    assert_eq!(analytics["theme_members_known"], true);
    let per_theme = analytics["response_by_theme"].as_array().unwrap();
    assert_eq!(per_theme.len(), 2, "{analytics}");
    // In the order of `themes`, each with every status.
    let order = |v: &Value| -> Vec<Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].clone())
            .collect()
    };
    assert_eq!(
        order(&analytics["response_by_theme"]),
        order(&analytics["themes"])
    );
    let row = |id: &Value| per_theme.iter().find(|t| &t["id"] == id).unwrap().clone();
    let (ra, rb) = (row(&a["id"]), row(&b["id"]));
    assert_eq!(ra["label"], "Green space");
    assert_eq!(
        ra["by_response"],
        json!({ "received": 0, "under_consideration": 0, "accepted": in_a.len(),
                "partly_accepted": 0, "not_taken_forward": 0 })
    );
    assert_eq!(rb["label"], b["label"]);
    assert_eq!(
        rb["by_response"],
        json!({ "received": in_b.len() - 1, "under_consideration": 0, "accepted": 0,
                "partly_accepted": 0, "not_taken_forward": 0 })
    );

    // A results link shows the same outcomes per theme.
    let link: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/share-links")
        .json(&json!({ "label": "Council", "expires_in_days": 7 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shared: Value = app
        .anon(Method::GET, "/api/v1/shared/results")
        .header("X-Results-Token", link["token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        shared["analytics"]["response_by_theme"],
        analytics["response_by_theme"]
    );
    assert_eq!(shared["analytics"]["theme_members_known"], true);
}
