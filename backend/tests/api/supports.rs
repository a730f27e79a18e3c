//! Support instead of repeat: participants back others' visible submissions once per token,
//! withdraw, and the counts (duplicates' supporters under their original, nobody twice, the
//! author never) reach every view: public list, similar panel, "my submissions", the admin list
//! and its sort, analytics, results links and exports.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

fn support_path(id: i64) -> String {
    format!("/api/v1/submissions/{id}/support")
}

pub(crate) async fn support(app: &TestApp, token: &str, id: i64) -> reqwest::Response {
    app.as_token(token, Method::PUT, &support_path(id))
        .send()
        .await
        .unwrap()
}

pub(crate) async fn withdraw(app: &TestApp, token: &str, id: i64) -> reqwest::Response {
    app.as_token(token, Method::DELETE, &support_path(id))
        .send()
        .await
        .unwrap()
}

/// The support state answered, asserting 200.
async fn state_of(resp: reqwest::Response) -> (i64, bool) {
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    (
        body["supports"].as_i64().unwrap(),
        body["supported"].as_bool().unwrap(),
    )
}

pub(crate) async fn written(app: &TestApp, token: &str, text: &str) -> i64 {
    let resp = app.submit(token, "p1", text).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn get_as(app: &TestApp, token: &str, path: &str) -> Value {
    let resp = app.as_token(token, Method::GET, path).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    resp.json().await.unwrap()
}

fn item(list: &Value, id: i64) -> Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {list}"))
        .clone()
}

pub(crate) async fn public_process(app: &TestApp) -> Vec<String> {
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    app.issue_tokens("p1", 5, "community").await
}

#[actix_web::test]
async fn supports_count_once_per_token_and_can_be_withdrawn() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let s = written(&app, &t[0], "More trees in the central park please").await;

    assert_eq!(state_of(support(&app, &t[1], s).await).await, (1, true));
    assert_eq!(
        state_of(support(&app, &t[1], s).await).await,
        (1, true),
        "supporting again is the same support"
    );
    assert_eq!(state_of(support(&app, &t[2], s).await).await, (2, true));
    assert_eq!(state_of(withdraw(&app, &t[1], s).await).await, (1, false));
    assert_eq!(
        state_of(withdraw(&app, &t[1], s).await).await,
        (1, false),
        "withdrawing again changes nothing"
    );
    // Never one's own.
    let own = assert_problem(
        support(&app, &t[0], s).await,
        StatusCode::CONFLICT,
        "own_submission",
    )
    .await;
    assert!(own["detail"].as_str().unwrap().contains("own"), "{own}");

    // The public list marks the caller's own supports; never who supports.
    let public = "/api/v1/processes/p1/public-submissions";
    let seen_by_2 = item(&get_as(&app, &t[2], public).await, s);
    assert_eq!(
        (
            seen_by_2["supports"].clone(),
            seen_by_2["supported"].clone()
        ),
        (json!(1), json!(true))
    );
    let seen_by_1 = item(&get_as(&app, &t[1], public).await, s);
    assert_eq!(
        (
            seen_by_1["supports"].clone(),
            seen_by_1["supported"].clone()
        ),
        (json!(1), json!(false))
    );
    // The similar panel carries the same.
    let similar = app
        .as_token(&t[2], Method::POST, "/api/v1/processes/p1/similar")
        .json(&json!({ "text": "We want more trees in the central park" }))
        .send()
        .await
        .unwrap();
    let similar: Value = similar.json().await.unwrap();
    assert_eq!(
        similar["items"][0]["submission"]["supports"], 1,
        "{similar}"
    );
    assert_eq!(similar["items"][0]["submission"]["supported"], true);
    // The author sees it under "My submissions"; admins everywhere.
    let mine = get_as(&app, &t[0], "/api/v1/processes/p1/submissions").await;
    assert_eq!(item(&mine, s)["supports"], 1);
    let one = admin_json(&app, &format!("/api/v1/submissions/{s}")).await;
    assert_eq!(one["supports"], 1);
}

#[actix_web::test]
async fn what_a_participant_cannot_see_cannot_be_supported() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    app.create_process("p2", json!({ "public_submissions": true }))
        .await;
    let elsewhere = app.participant("p2").await;
    let s = written(&app, &t[0], "Night buses every half hour").await;
    let moderate = |status: &'static str| {
        app.admin(Method::PATCH, &format!("/api/v1/submissions/{s}"))
            .json(&json!({ "status": status, "reason": "checking" }))
            .send()
    };
    for status in ["hidden", "flagged"] {
        assert_eq!(moderate(status).await.unwrap().status(), StatusCode::OK);
        assert_problem(
            support(&app, &t[1], s).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_problem(
            withdraw(&app, &t[1], s).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    assert_eq!(moderate("visible").await.unwrap().status(), StatusCode::OK);
    assert_problem(
        support(&app, &elsewhere, s).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        support(&app, &t[1], 999_999).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Staff have no support to give; nobody signed out does.
    assert_problem(
        app.admin(Method::PUT, &support_path(s))
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_problem(
        app.anon(Method::PUT, &support_path(s))
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let patch = |body: Value| {
        app.admin(Method::PATCH, "/api/v1/processes/p1")
            .json(&body)
            .send()
    };
    // Without public submissions nobody sees others' words, so there is nothing to support.
    patch(json!({ "public_submissions": false })).await.unwrap();
    assert_problem(
        support(&app, &t[1], s).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    patch(json!({ "public_submissions": true })).await.unwrap();
    assert_eq!(state_of(support(&app, &t[1], s).await).await, (1, true));
    // A closed process keeps its supports as they are.
    patch(json!({ "submissions_open": false })).await.unwrap();
    assert_problem(
        withdraw(&app, &t[1], s).await,
        StatusCode::FORBIDDEN,
        "submissions_closed",
    )
    .await;
    assert_problem(
        support(&app, &t[2], s).await,
        StatusCode::FORBIDDEN,
        "submissions_closed",
    )
    .await;
    assert_eq!(
        admin_json(&app, &format!("/api/v1/submissions/{s}")).await["supports"],
        1
    );
}

#[actix_web::test]
async fn supports_are_rate_limited_per_token() {
    let app = spawn_app_with(|s| s.limits.supports_per_hour = 2).await;
    let t = public_process(&app).await;
    let s = written(&app, &t[0], "A playground next to the library").await;
    assert_eq!(state_of(support(&app, &t[1], s).await).await, (1, true));
    assert_eq!(state_of(withdraw(&app, &t[1], s).await).await, (0, false));
    let resp = support(&app, &t[1], s).await;
    assert!(resp.headers().get("retry-after").is_some());
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another token has its own budget.
    assert_eq!(state_of(support(&app, &t[2], s).await).await, (1, true));
}

/// An original by t0 with two duplicates (by t1 and t2) and an unrelated submission; t0..t4
/// support across the group so that one token supports both the original and a duplicate,
/// and the original's author supports a duplicate. Returns (original, dup1, dup2, other).
pub(crate) async fn duplicate_group(app: &TestApp, t: &[String]) -> (i64, i64, i64, i64) {
    let o = written(app, &t[0], "Build a skate park next to the library").await;
    let d1 = written(app, &t[1], "Build a skate park next to the library!").await;
    let d2 = written(app, &t[2], "A skate park by the library, please").await;
    let other = written(app, &t[3], "Repair the streetlights on Elm Street").await;
    for (who, id) in [(2, o), (1, o), (2, d1), (3, d1), (0, d1), (4, d2)] {
        assert_eq!(support(app, &t[who], id).await.status(), StatusCode::OK);
    }
    (o, d1, d2, other)
}

pub(crate) async fn mark(app: &TestApp, id: i64, of: Option<i64>) {
    let resp = app
        .admin(
            Method::PUT,
            &format!("/api/v1/submissions/{id}/duplicate-of"),
        )
        .json(&json!({ "of": of }))
        .send()
        .await
        .unwrap();
    let status = resp.status();
    assert_eq!(status, StatusCode::OK, "{}", resp.text().await.unwrap());
}

pub(crate) async fn supports_of(app: &TestApp, id: i64) -> i64 {
    admin_json(app, &format!("/api/v1/submissions/{id}")).await["supports"]
        .as_i64()
        .unwrap()
}

#[actix_web::test]
async fn duplicates_add_their_supports_to_the_original_without_counting_a_token_twice() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let (o, d1, d2, other) = duplicate_group(&app, &t).await;
    // Apart: o {t2, t1}, d1 {t2, t3, t0}, d2 {t4}.
    assert_eq!(supports_of(&app, o).await, 2);
    assert_eq!(supports_of(&app, d1).await, 3);
    mark(&app, d1, Some(o)).await;
    mark(&app, d2, Some(o)).await;
    // Together: {t1, t2, t3, t4}; t2 once, t0 (the original's author) never.
    assert_eq!(supports_of(&app, o).await, 4);
    assert_eq!(supports_of(&app, d1).await, 3, "a duplicate keeps its own");
    assert_eq!(supports_of(&app, d2).await, 1);
    assert_eq!(supports_of(&app, other).await, 0);
    // Analytics count the group once, under the original.
    let analytics = admin_json(&app, "/api/v1/processes/p1/analytics").await;
    assert_eq!(analytics["supports"], 4, "{analytics}");
    let sum = |key: &str| -> i64 {
        analytics[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["count"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(sum("supports_by_category"), 4);
    assert_eq!(
        analytics["supports_by_contributor_type"][0],
        json!({ "key": "community", "count": 4 })
    );
    // Undoing a mark takes its supporters away again (t4 backed only d2).
    mark(&app, d2, None).await;
    assert_eq!(supports_of(&app, o).await, 3);
    let analytics = admin_json(&app, "/api/v1/processes/p1/analytics").await;
    assert_eq!(analytics["supports"], 3 + 1, "d2 counts on its own again");
    // A hidden original's supports leave analytics.
    app.admin(Method::PATCH, &format!("/api/v1/submissions/{o}"))
        .json(&json!({ "status": "hidden", "reason": "moved" }))
        .send()
        .await
        .unwrap();
    let analytics = admin_json(&app, "/api/v1/processes/p1/analytics").await;
    assert_eq!(analytics["supports"], 1);
}

#[actix_web::test]
async fn the_admin_list_sorts_by_supports_and_pages_across_the_unsupported() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let (o, d1, d2, other) = duplicate_group(&app, &t).await;
    mark(&app, d2, Some(o)).await;
    let newest = written(&app, &t[4], "Benches along the river").await;
    // o {t1, t2, t4} = 3, d1 {t0, t2, t3} = 3 (o is older), d2 1, then newest first.
    let expected = [d1, o, d2, newest, other];
    let ids = |page: &Value| -> Vec<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_i64().unwrap())
            .collect()
    };
    let all = admin_json(&app, "/api/v1/processes/p1/submissions?sort=supports").await;
    assert_eq!(ids(&all), expected, "{all}");
    assert_eq!(all["total"], 5);
    assert!(all.get("next_cursor").is_none(), "no cursor for this order");
    let counts: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["supports"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, [3, 3, 1, 0, 0]);
    // Every window of every size is the same slice of that order.
    for limit in 1..=3 {
        for offset in 0..=5 {
            let page = admin_json(
                &app,
                &format!(
                    "/api/v1/processes/p1/submissions?sort=supports&limit={limit}&offset={offset}"
                ),
            )
            .await;
            let want: Vec<i64> = expected.iter().copied().skip(offset).take(limit).collect();
            assert_eq!(ids(&page), want, "limit {limit} offset {offset}");
        }
    }
    // Filters apply as in the default order.
    let flagged = {
        app.admin(Method::PATCH, &format!("/api/v1/submissions/{o}"))
            .json(&json!({ "status": "flagged", "reason": "check" }))
            .send()
            .await
            .unwrap();
        admin_json(
            &app,
            "/api/v1/processes/p1/submissions?sort=supports&status=visible",
        )
        .await
    };
    assert_eq!(ids(&flagged), [d1, d2, newest, other]);
    // A cursor pages the newest-first order only.
    let first = admin_json(&app, "/api/v1/processes/p1/submissions?limit=2").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let resp = app
        .admin(
            Method::GET,
            &format!("/api/v1/processes/p1/submissions?sort=supports&after={cursor}"),
        )
        .send()
        .await
        .unwrap();
    let problem = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "sort", "{problem}");
}

#[actix_web::test]
async fn results_links_and_exports_carry_the_supports() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let (o, d1, d2, other) = duplicate_group(&app, &t).await;
    mark(&app, d1, Some(o)).await;
    let link = app
        .admin(Method::POST, "/api/v1/processes/p1/share-links")
        .json(&json!({ "expires_in_days": 7 }))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let results: Value = app
        .anon(Method::GET, "/api/v1/shared/results")
        .header("X-Results-Token", link["token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // o {t1, t2, t3} (t0 is its author), d1 {t0, t2, t3} (its own), d2 {t4}.
    let most: Vec<(i64, i64)> = results["most_supported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_i64().unwrap(), s["supports"].as_i64().unwrap()))
        .collect();
    assert_eq!(most, [(d1, 3), (o, 3), (d2, 1)], "{results}");
    assert_eq!(results["analytics"]["supports"], 3 + 1);
    assert_eq!(item(&results["submissions"], other)["supports"], 0);
    assert_eq!(item(&results["submissions"], o)["supported"], false);

    let csv_text = app
        .admin(Method::GET, "/api/v1/processes/p1/exports/submissions.csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let by_id: Vec<(i64, i64)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[col("id")].parse().unwrap(),
                r[col("supports")].parse().unwrap(),
            )
        })
        .collect();
    assert!(
        by_id.contains(&(o, 3)) && by_id.contains(&(d2, 1)),
        "{csv_text}"
    );
    let json_export: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/exports/submissions.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let exported = json_export
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == o)
        .unwrap();
    assert_eq!(exported["supports"], 3);
}

#[actix_web::test]
async fn a_deleted_submission_takes_its_supports_along() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let (o, d1, _, _) = duplicate_group(&app, &t).await;
    mark(&app, d1, Some(o)).await;
    assert_eq!(supports_of(&app, o).await, 3);
    // The duplicate's author withdraws it: its supporters no longer add to the original.
    let resp = app
        .as_token(&t[1], Method::DELETE, &format!("/api/v1/submissions/{d1}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(supports_of(&app, o).await, 2);
}
