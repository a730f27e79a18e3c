//! The admin list by offset and by cursor: the same rows in the same order, with each filter;
//! a cursor the list did not give out is refused; `q` finds substrings of any length.

use crate::helpers::{admin_json, assert_problem, spawn_app, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// 30 submissions in `p1` with repeated timestamps (ties are broken by id), two contributor
/// types, all three statuses and two categories; written as an operator would, in SQL.
fn seed(app: &TestApp) {
    let mut rows = Vec::new();
    for n in 0..30 {
        let kind = if n % 3 == 0 { "business" } else { "community" };
        let status = ["visible", "flagged", "hidden"][n % 3];
        let category = if n % 2 == 0 { "problem" } else { "vision" };
        let text = if n % 4 == 0 {
            "More trees by the river"
        } else {
            "Night buses"
        };
        // Five submissions share each minute.
        let at = format!("2026-03-01 10:{:02}:00", n / 5);
        rows.push(format!(
            "INSERT INTO submissions (process_id, token_id, contributor_type, text, status, \
             entered_by_admin, created_at, updated_at, primary_category) \
             SELECT p.id, t.id, '{kind}', '{text} {n}', '{status}', FALSE, '{at}', '{at}', \
             '{category}' FROM processes p JOIN tokens t ON t.process_id = p.id \
             WHERE p.slug = 'p1' AND t.contributor_type = '{kind}';"
        ));
    }
    app.sql(&rows.join("\n"));
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

async fn by_offset(app: &TestApp, filter: &str) -> Vec<i64> {
    let mut all = Vec::new();
    loop {
        let page = admin_json(
            app,
            &format!(
                "/api/v1/processes/p1/submissions?limit=4&offset={}{filter}",
                all.len()
            ),
        )
        .await;
        let got = ids(&page);
        if got.is_empty() {
            return all;
        }
        all.extend(got);
    }
}

async fn by_cursor(app: &TestApp, filter: &str) -> (Vec<i64>, i64) {
    let base = format!("/api/v1/processes/p1/submissions?limit=4{filter}");
    let mut page = admin_json(app, &base).await;
    let total = page["total"].as_i64().unwrap();
    let mut all = ids(&page);
    while let Some(cursor) = page["next_cursor"].as_str() {
        page = admin_json(app, &format!("{base}&after={cursor}")).await;
        assert_eq!(
            page["total"], total,
            "the total counts the filter, not the cursor"
        );
        all.extend(ids(&page));
    }
    (all, total)
}

#[actix_web::test]
async fn cursor_pages_hold_the_same_rows_as_offset_pages_with_every_filter() {
    let app = spawn_app().await;
    app.create_process("p1", serde_json::json!({})).await;
    app.issue_tokens("p1", 1, "community").await;
    app.issue_tokens("p1", 1, "business").await;
    seed(&app);
    for (filter, expected) in [
        ("", 30),
        ("&status=flagged", 10),
        ("&contributor_type=business", 10),
        ("&category=problem", 15),
        ("&q=RIVER", 8),
        ("&q=ni", 22),
        (
            "&created_from=2026-03-01T10:01:00Z&created_to=2026-03-01T10:03:00Z",
            10,
        ),
        ("&status=visible&category=vision&q=bus", 5),
    ] {
        let offset = by_offset(&app, filter).await;
        let (cursor, total) = by_cursor(&app, filter).await;
        assert_eq!(offset.len(), expected, "{filter}");
        assert_eq!(total, expected as i64, "{filter}");
        assert_eq!(cursor, offset, "{filter}: keyset and offset pages differ");
        let whole = ids(&admin_json(
            &app,
            &format!("/api/v1/processes/p1/submissions?limit=200{filter}"),
        )
        .await);
        assert_eq!(
            whole, offset,
            "{filter}: pages are not the whole list in order"
        );
    }
}

#[actix_web::test]
async fn a_cursor_the_list_did_not_give_out_is_refused() {
    let app = spawn_app().await;
    app.create_process("p1", serde_json::json!({})).await;
    app.issue_tokens("p1", 1, "community").await;
    app.issue_tokens("p1", 1, "business").await;
    seed(&app);
    let first = admin_json(&app, "/api/v1/processes/p1/submissions?limit=2").await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    for bad in [
        "zz".to_owned(),
        "31".to_owned(),
        cursor.to_uppercase(),
        format!("{cursor}00"),
        "0".repeat(80),
    ] {
        let resp = app
            .admin(
                Method::GET,
                &format!("/api/v1/processes/p1/submissions?after={bad}"),
            )
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let resp = app
        .admin(
            Method::GET,
            &format!("/api/v1/processes/p1/submissions?after={cursor}&offset=2"),
        )
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[actix_web::test]
async fn q_finds_substrings_of_any_length_ignoring_case_after_edits_and_deletes() {
    let app = spawn_app().await;
    app.create_process("p1", serde_json::json!({})).await;
    let token = app.issue_tokens("p1", 1, "community").await.remove(0);
    for text in [
        "The Riverfront needs shade",
        "RIVER crossings are unsafe",
        "Äpfel und Birnen am Markt",
        "100% of \"quoted\" words",
        "under_score and a tab",
    ] {
        app.submit(&token, "p1", text).await;
    }
    let total = |q: &str| {
        let q = q.to_owned();
        let app = &app;
        async move {
            let resp = app
                .admin(Method::GET, "/api/v1/processes/p1/submissions")
                .query(&[("q", q.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::OK, "{q}");
            resp.json::<Value>().await.unwrap()["total"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(total("river").await, 2);
    assert_eq!(total("iver").await, 2, "a part of a word");
    assert_eq!(total("RiVeRf").await, 1);
    assert_eq!(total("ve").await, 2, "two characters");
    assert_eq!(total("r").await, 5, "one character");
    assert_eq!(total("pfel und").await, 1, "across words");
    assert_eq!(total("Äpfel").await, 1);
    assert_eq!(total("äpfel").await, 1, "case beyond ASCII");
    assert_eq!(total("100%").await, 1, "% is literal");
    assert_eq!(total("\"quoted\"").await, 1, "quotes are literal");
    assert_eq!(total("r_s").await, 1, "_ is literal");
    assert_eq!(total("der_s").await, 1);
    assert_eq!(total("xyz").await, 0);
    // The index follows the owner's edits and deletes.
    let list = admin_json(&app, "/api/v1/processes/p1/submissions?q=crossings").await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    let resp = app
        .as_token(&token, Method::PATCH, &format!("/api/v1/submissions/{id}"))
        .json(&serde_json::json!({ "text": "Bridges are unsafe" }))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.text().await.unwrap());
    assert_eq!(total("crossings").await, 0);
    assert_eq!(total("bridges").await, 1);
    let resp = app
        .as_token(&token, Method::DELETE, &format!("/api/v1/submissions/{id}"))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    assert_eq!(total("bridges").await, 0);
}
