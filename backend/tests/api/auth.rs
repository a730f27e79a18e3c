use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn admin_login_returns_role_and_sets_session_cookie() {
    let app = spawn_app().await;
    let client = cookie_client();
    let resp = app.login(&client, &app.admin_token).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(set_cookie(resp.headers())
        .unwrap()
        .starts_with("planner_session="));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["role"], "admin");
    assert!(body["token_id"].as_i64().unwrap() > 0);
    assert_eq!(body["process"], Value::Null);
    // The cookie alone now authenticates.
    let who: Value = client
        .get(app.url("/api/v1/auth/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(who["role"], "admin");
}

#[actix_web::test]
async fn participant_login_names_process_and_contributor_type() {
    let app = spawn_app().await;
    app.create_process("riverfront", json!({})).await;
    let token = app
        .issue_tokens("riverfront", 1, "business")
        .await
        .remove(0);
    let resp = app.login(&cookie_client(), &token).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["role"], "participant");
    assert_eq!(body["process"], "riverfront");
    assert_eq!(body["contributor_type"], "business");
}

#[actix_web::test]
async fn unknown_revoked_expired_and_malformed_tokens_get_the_same_401() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let revoked = app.issue_tokens("p1", 2, "community").await;
    let list: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first_id = list["items"][0]["id"].as_i64().unwrap();
    app.admin(Method::DELETE, &format!("/api/v1/tokens/{first_id}"))
        .send()
        .await
        .unwrap();
    // Expire the second token in place.
    app.sql(&format!(
        "UPDATE tokens SET expires_at = '2000-01-01 00:00:00' WHERE id = {}",
        first_id + 1
    ));
    let unknown =
        planner::security::tokens::generate(planner::security::tokens::TokenKind::Participant)
            .plaintext;
    let mut bodies = Vec::new();
    for token in [
        unknown.as_str(),
        revoked[0].as_str(),
        revoked[1].as_str(),
        "not-a-token",
        "ppp_short_x",
    ] {
        let resp = app.login(&cookie_client(), token).await;
        assert!(
            set_cookie(resp.headers()).is_none(),
            "no session for {token}"
        );
        let mut body = assert_problem(resp, StatusCode::UNAUTHORIZED, "invalid_token").await;
        // Each answer names its own request; everything else must be the same.
        assert!(body.as_object_mut().unwrap().remove("request_id").is_some());
        bodies.push(body);
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "bodies differ: {bodies:?}"
    );
}

#[actix_web::test]
async fn session_without_credentials_is_401() {
    let app = spawn_app().await;
    let resp = app
        .anon(Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[actix_web::test]
async fn logout_then_replayed_cookie_is_refused() {
    let app = spawn_app().await;
    let client = cookie_client();
    let resp = app.login(&client, &app.admin_token).await;
    let cookie = cookie_pair(&set_cookie(resp.headers()).unwrap());
    let resp = client
        .post(app.url("/api/v1/auth/logout"))
        .header("Origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    // A copy of the old cookie, replayed by someone who saved it, is dead server-side.
    let replay = app
        .anon(Method::GET, "/api/v1/auth/session")
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn session_id_is_renewed_at_login() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let client = cookie_client();
    let first = cookie_pair(&set_cookie(app.login(&client, &token).await.headers()).unwrap());
    let second = cookie_pair(&set_cookie(app.login(&client, &token).await.headers()).unwrap());
    assert_ne!(first, second);
    let old = app
        .anon(Method::GET, "/api/v1/auth/session")
        .header("Cookie", first)
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.status(),
        StatusCode::UNAUTHORIZED,
        "the pre-login session id must not stay valid"
    );
    let new = app
        .anon(Method::GET, "/api/v1/auth/session")
        .header("Cookie", second)
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), StatusCode::OK);
}

#[actix_web::test]
async fn revoking_a_token_ends_its_session_on_the_next_request() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let client = cookie_client();
    let body: Value = app.login(&client, &token).await.json().await.unwrap();
    let id = body["token_id"].as_i64().unwrap();
    assert_eq!(
        client
            .get(app.url("/api/v1/auth/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let resp = app
        .admin(Method::DELETE, &format!("/api/v1/tokens/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        client
            .get(app.url("/api/v1/auth/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let sessions: i64 = app.query(|conn| {
        use diesel::prelude::*;
        planner::with_conn!(
            conn,
            planner::db::schema::sessions::table
                .count()
                .get_result(conn)
        )
    });
    assert_eq!(sessions, 0, "the revoked token's session rows are deleted");
    assert_eq!(app.audit("token.revoke").await.len(), 1);
}

#[actix_web::test]
async fn expired_session_is_refused() {
    let app = spawn_app().await;
    let client = cookie_client();
    app.login(&client, &app.admin_token).await;
    app.sql("UPDATE sessions SET expires_at = '2000-01-01 00:00:00'");
    assert_eq!(
        client
            .get(app.url("/api/v1/auth/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn session_older_than_absolute_lifetime_is_refused() {
    let app = spawn_app().await;
    let client = cookie_client();
    app.login(&client, &app.admin_token).await;
    // Created 25 hours ago, still within the idle window: the 24 h cap ends it.
    app.sql(&format!(
        "UPDATE sessions SET created_at = {}",
        sql_time(chrono::Duration::hours(-25))
    ));
    assert_eq!(
        client
            .get(app.url("/api/v1/auth/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn bearer_token_authenticates_without_a_cookie() {
    let app = spawn_app().await;
    let resp = app
        .admin(Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(set_cookie(resp.headers()).is_none());
    let bad = app
        .as_token("ppa_nope", Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(bad, StatusCode::UNAUTHORIZED, "invalid_token").await;
}

#[actix_web::test]
async fn first_start_without_admin_token_generates_one_that_works() {
    let app = spawn_app_with(|s| s.admin_token = None).await;
    assert!(
        app.admin_token.starts_with("ppa_"),
        "bootstrap token in our format"
    );
    let resp = app
        .admin(Method::GET, "/api/v1/admin/tokens")
        .send()
        .await
        .unwrap();
    let list: Value = resp.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["source"], "bootstrap");
    assert_eq!(app.audit("admin_token.bootstrap").await.len(), 1);
}

#[actix_web::test]
async fn environment_admin_token_is_stored_only_as_a_hash() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let rows: Vec<(String, String)> = app.query(|conn| {
        planner::with_conn!(
            conn,
            planner::db::schema::tokens::table
                .select((
                    planner::db::schema::tokens::token_hash,
                    planner::db::schema::tokens::source,
                ))
                .load(conn)
        )
    });
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, "environment");
    assert_eq!(rows[0].0, planner::security::tokens::hash(&app.admin_token));
    assert!(!rows[0].0.contains(&app.admin_token));
}
