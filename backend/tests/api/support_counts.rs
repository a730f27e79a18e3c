//! The stored support count (`submissions.support_count`, which `sort=supports` walks by
//! index): after every change that can move a count — a support added or withdrawn, a
//! duplicate marked, unmarked or moved onto another original, a submission deleted — the sort
//! and the counts shown follow, and every row's stored count equals its definition
//! (`db::supports::COUNT_SQL`), also when supports of one group arrive at once. Runs on
//! PostgreSQL too in `make integration-postgres`.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};

use crate::helpers::*;
use crate::supports::{
    duplicate_group, mark, public_process, support, supports_of, withdraw, written,
};

/// (id, supports) of the whole admin list, most supported first.
async fn by_supports(app: &TestApp) -> Vec<(i64, i64)> {
    let page = admin_json(
        app,
        "/api/v1/processes/p1/submissions?sort=supports&limit=200",
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_i64().unwrap(), s["supports"].as_i64().unwrap()))
        .collect()
}

/// Asserts that no submission's stored count differs from what `COUNT_SQL` works out.
fn assert_exact(app: &TestApp, after: &str) {
    let drifted = app.query(planner::db::supports::drifted);
    assert!(
        drifted.is_empty(),
        "after {after}: (id, stored, counted) {drifted:?}"
    );
}

async fn ok(resp: reqwest::Response) {
    let status = resp.status();
    assert_eq!(status, StatusCode::OK, "{}", resp.text().await.unwrap());
}

async fn delete_as(app: &TestApp, token: &str, id: i64) {
    let resp = app
        .as_token(token, Method::DELETE, &format!("/api/v1/submissions/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
}

#[actix_web::test]
async fn the_supports_sort_follows_every_change_to_a_count() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let a = written(&app, &t[0], "Wider pavements on the high street").await;
    let b = written(&app, &t[1], "A crossing by the primary school").await;
    let c = written(&app, &t[2], "Please, a crossing near the school").await;
    assert_eq!(by_supports(&app).await, [(c, 0), (b, 0), (a, 0)]);

    ok(support(&app, &t[1], a).await).await;
    ok(support(&app, &t[2], a).await).await;
    ok(support(&app, &t[0], b).await).await;
    assert_eq!(
        by_supports(&app).await,
        [(a, 2), (b, 1), (c, 0)],
        "supported"
    );

    ok(withdraw(&app, &t[2], a).await).await;
    assert_eq!(
        by_supports(&app).await,
        [(b, 1), (a, 1), (c, 0)],
        "withdrawn: a tie, newest first"
    );

    ok(support(&app, &t[3], c).await).await;
    ok(support(&app, &t[4], c).await).await;
    assert_eq!(by_supports(&app).await, [(c, 2), (b, 1), (a, 1)]);
    // b takes in c's supporters: {t0} + {t3, t4}; c keeps its own.
    mark(&app, c, Some(b)).await;
    assert_eq!(
        by_supports(&app).await,
        [(b, 3), (c, 2), (a, 1)],
        "marked duplicate"
    );
    mark(&app, c, None).await;
    assert_eq!(
        by_supports(&app).await,
        [(c, 2), (b, 1), (a, 1)],
        "unmarked"
    );

    mark(&app, c, Some(b)).await;
    delete_as(&app, &t[2], c).await;
    assert_eq!(
        by_supports(&app).await,
        [(b, 1), (a, 1)],
        "the duplicate deleted, its supporters leave the original"
    );
    delete_as(&app, &t[1], b).await;
    assert_eq!(by_supports(&app).await, [(a, 1)], "the original deleted");
    assert_exact(&app, "the sequence");
}

#[actix_web::test]
async fn stored_counts_match_their_definition_after_every_kind_of_change() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let (o, d1, d2, other) = duplicate_group(&app, &t).await;
    assert_exact(&app, "supports");
    mark(&app, d1, Some(o)).await;
    mark(&app, d2, Some(o)).await;
    assert_exact(&app, "two duplicates marked");
    assert_eq!(supports_of(&app, o).await, 4);

    // t1 supports o and its duplicate d1 (written by t1 itself, so that one is refused);
    // t4 backs d2 already and now o: counted once under o.
    ok(support(&app, &t[4], o).await).await;
    ok(support(&app, &t[0], d2).await).await;
    assert_exact(&app, "supports within the group");
    ok(withdraw(&app, &t[2], d1).await).await;
    ok(withdraw(&app, &t[1], o).await).await;
    assert_exact(&app, "withdrawals within the group");

    // `other` becomes an original with a duplicate of its own, then is marked a duplicate of
    // o: its duplicate moves onto o.
    let d3 = written(&app, &t[4], "Fix the streetlights on Elm Street").await;
    ok(support(&app, &t[1], d3).await).await;
    ok(support(&app, &t[2], other).await).await;
    mark(&app, d3, Some(other)).await;
    assert_exact(&app, "a second group");
    mark(&app, other, Some(o)).await;
    assert_exact(
        &app,
        "an original marked as a duplicate (its duplicate re-pointed)",
    );
    let moved = admin_json(&app, &format!("/api/v1/submissions/{d3}")).await;
    assert_eq!(moved["duplicate_of"], o, "{moved}");
    mark(&app, d2, Some(other)).await;
    assert_exact(
        &app,
        "a duplicate marked onto a duplicate (so onto its original)",
    );
    mark(&app, d1, None).await;
    assert_exact(&app, "unmarked");

    delete_as(&app, &t[2], d2).await;
    assert_exact(&app, "a duplicate deleted");
    delete_as(&app, &t[0], o).await;
    assert_exact(&app, "an original with duplicates deleted");
    assert!(
        supports_of(&app, d3).await > 0,
        "the freed duplicates keep their own"
    );

    // The check itself sees a count that is off.
    app.sql(&format!(
        "UPDATE submissions SET support_count = 99 WHERE id = {d3}"
    ));
    let drifted = app.query(planner::db::supports::drifted);
    assert_eq!(drifted.len(), 1, "{drifted:?}");
    assert_eq!((i64::from(drifted[0].0), drifted[0].1), (d3, 99));
}

#[actix_web::test]
async fn supports_of_one_group_arriving_at_once_all_count() {
    let app = spawn_app().await;
    let t = public_process(&app).await;
    let o = written(&app, &t[0], "Shade trees along the canal path").await;
    let d = written(&app, &t[1], "Trees for shade by the canal").await;
    mark(&app, d, Some(o)).await;
    let others = app.issue_tokens("p1", 12, "community").await;
    // Each newcomer backs the original or its duplicate (a third both), all at once: each
    // recount must see the others' supports, whichever commits first.
    let app = &app;
    let requests = others.iter().enumerate().flat_map(|(i, token)| {
        let targets = match i % 3 {
            0 => vec![o],
            1 => vec![d],
            _ => vec![o, d],
        };
        targets.into_iter().map(move |id| support(app, token, id))
    });
    for resp in join_all(requests).await {
        ok(resp).await;
    }
    assert_eq!(supports_of(app, o).await, 12);
    assert_eq!(supports_of(app, d).await, 8);
    assert_exact(app, "supports at once");
    let withdrawals = others.iter().map(|token| withdraw(app, token, o));
    for resp in join_all(withdrawals).await {
        ok(resp).await;
    }
    // Those who backed the duplicate still count under the original.
    assert_eq!(supports_of(app, o).await, 8);
    assert_exact(app, "withdrawals at once");
    assert_eq!(
        by_supports(app).await,
        [(d, 8), (o, 8)],
        "a tie, newest first"
    );
}
