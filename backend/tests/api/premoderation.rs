//! Pre-moderation: in a process that holds new submissions, a participant's words stay
//! unlisted (flagged, "awaiting approval") until an admin restores them — out of the public
//! list, the similar panel and results links; the author still sees them, marked. Staff
//! entering paper input are not held, and an approved submission rewritten waits again.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn json_ok(resp: reqwest::Response) -> Value {
    let status = resp.status();
    let body = resp.text().await.unwrap();
    assert!(status.is_success(), "{status} {body}");
    serde_json::from_str(&body).unwrap()
}

/// What others see of p1: the public list, the similar panel for `text`, a results link.
async fn seen_by_others(app: &TestApp, token: &str, link: &str, text: &str) -> [Vec<String>; 3] {
    let texts = |items: &Value, at: &dyn Fn(&Value) -> &Value| -> Vec<String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| at(i).as_str().unwrap().to_owned())
            .collect()
    };
    let public = json_ok(
        app.as_token(
            token,
            Method::GET,
            "/api/v1/processes/p1/public-submissions",
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    let similar = json_ok(
        app.as_token(token, Method::POST, "/api/v1/processes/p1/similar")
            .json(&json!({ "text": text }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let shared = json_ok(
        app.anon(Method::GET, "/api/v1/shared/results")
            .header("X-Results-Token", link)
            .send()
            .await
            .unwrap(),
    )
    .await;
    [
        texts(&public["items"], &|i| &i["text"]),
        texts(&similar["items"], &|i| &i["submission"]["text"]),
        texts(&shared["submissions"]["items"], &|i| &i["text"]),
    ]
}

#[actix_web::test]
async fn a_participants_submission_waits_unlisted_until_an_admin_restores_it() {
    let app = spawn_app().await;
    app.create_process(
        "p1",
        json!({ "public_submissions": true, "pre_moderation": true }),
    )
    .await;
    let t = app.issue_tokens("p1", 2, "community").await;
    let link = json_ok(
        app.admin(Method::POST, "/api/v1/processes/p1/share-links")
            .json(&json!({ "expires_in_days": 7 }))
            .send()
            .await
            .unwrap(),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = "More shade trees in the central park, please";
    let created = json_ok(app.submit(&t[0], "p1", text).await).await;
    assert_eq!(created["status"], "flagged");
    assert_eq!(created["moderation_reason"], "awaiting approval");
    assert_eq!(created["awaiting_approval"], true);
    let id = created["id"].as_i64().unwrap();
    let nothing: [Vec<String>; 3] = Default::default();
    assert_eq!(
        seen_by_others(
            &app,
            &t[1],
            &link,
            "We need shade trees in the central park"
        )
        .await,
        nothing
    );
    // The author sees it under "My submissions", marked; a held one cannot be reported.
    let mine = json_ok(
        app.as_token(&t[0], Method::GET, "/api/v1/processes/p1/submissions")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine["items"][0]["id"], id);
    assert_eq!(mine["items"][0]["awaiting_approval"], true);
    assert_problem(
        app.as_token(
            &t[1],
            Method::POST,
            &format!("/api/v1/submissions/{id}/report"),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The admins' queue: flagged, awaiting approval.
    let queue = admin_json(&app, "/api/v1/processes/p1/submissions?status=flagged").await;
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["awaiting_approval"], true);

    // Approval is the existing restore (bulk here), audited as moderation.
    let approved = json_ok(
        app.admin(Method::PUT, "/api/v1/processes/p1/moderation")
            .json(&json!({ "submission_ids": [id], "status": "visible" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(approved["changed"], 1);
    let now = admin_json(&app, &format!("/api/v1/submissions/{id}")).await;
    assert_eq!(
        (now["status"].clone(), now["awaiting_approval"].clone()),
        (json!("visible"), json!(false))
    );
    assert_eq!(
        app.audit("submission.moderate").await[0]["details"],
        json!({ "from": "flagged", "to": "visible", "bulk": true })
    );
    let [public, similar, shared] = seen_by_others(
        &app,
        &t[1],
        &link,
        "We need shade trees in the central park",
    )
    .await;
    assert_eq!(public, vec![text.to_owned()]);
    assert_eq!(similar, vec![text.to_owned()]);
    assert_eq!(shared, vec![text.to_owned()]);

    // Rewritten after approval, it waits again (moving the pin alone does not).
    let moved = json_ok(
        app.as_token(&t[0], Method::PATCH, &format!("/api/v1/submissions/{id}"))
            .json(&json!({ "location": { "lat": 40.4, "lng": -3.7 } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(moved["status"], "visible");
    let edited = json_ok(
        app.as_token(&t[0], Method::PATCH, &format!("/api/v1/submissions/{id}"))
            .json(&json!({ "text": "Buy cheap watches at example.com" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (
            edited["status"].clone(),
            edited["awaiting_approval"].clone()
        ),
        (json!("flagged"), json!(true))
    );
    assert_eq!(
        app.audit("submission.moderate").await.len(),
        1,
        "a participant's edit is not a moderator's act"
    );
}

#[actix_web::test]
async fn staff_input_is_not_held_and_turning_it_off_holds_nothing_new() {
    let app = spawn_app().await;
    app.create_process(
        "p1",
        json!({ "public_submissions": true, "pre_moderation": true }),
    )
    .await;
    let paper = json_ok(
        app.admin(Method::POST, "/api/v1/processes/p1/submissions")
            .json(&json!({ "text": "From the paper form: a crossing at the school", "contributor_type": "community" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (paper["status"].clone(), paper["awaiting_approval"].clone()),
        (json!("visible"), json!(false))
    );
    let token = app.participant("p1").await;
    let held = json_ok(app.submit(&token, "p1", "Held while it is on").await).await;
    assert_eq!(held["status"], "flagged");
    json_ok(
        app.admin(Method::PATCH, "/api/v1/processes/p1")
            .json(&json!({ "pre_moderation": false }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let free = json_ok(
        app.submit(&token, "p1", "Listed at once when it is off")
            .await,
    )
    .await;
    assert_eq!(free["status"], "visible");
    // What was held stays held until an admin looks.
    let still = admin_json(&app, &format!("/api/v1/submissions/{}", held["id"])).await;
    assert_eq!(still["awaiting_approval"], true);
}
