use reqwest::{Method, StatusCode};

use crate::helpers::*;

#[actix_web::test]
async fn spa_is_served_same_origin_with_fallback_and_cache_rules() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::create_dir(dist.path().join("assets")).unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Planner</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("assets/app-3f9a1c.js"), "console.log(1)").unwrap();
    let dir = dist.path().to_owned();
    let app = spawn_app_with(move |s| s.static_dir = dir).await;

    let index = app.anon(Method::GET, "/").send().await.unwrap();
    assert_eq!(index.status(), StatusCode::OK);
    assert_eq!(index.headers().get("cache-control").unwrap(), "no-cache");
    assert!(index.headers().get("content-security-policy").is_some());

    let asset = app
        .anon(Method::GET, "/assets/app-3f9a1c.js")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(asset
        .headers()
        .get("cache-control")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("immutable"));

    // A client-side route gets the app...
    let route = app.anon(Method::GET, "/p/riverfront").send().await.unwrap();
    assert_eq!(route.status(), StatusCode::OK);
    assert!(route
        .text()
        .await
        .unwrap()
        .contains("<title>Planner</title>"));
    // ...but an unknown API path never does.
    let api = app
        .anon(Method::GET, "/api/v1/nothing-here")
        .send()
        .await
        .unwrap();
    assert_problem(api, StatusCode::NOT_FOUND, "not_found").await;
    let api = app
        .anon(Method::GET, "/api/v2/processes")
        .send()
        .await
        .unwrap();
    assert_problem(api, StatusCode::NOT_FOUND, "not_found").await;
}
