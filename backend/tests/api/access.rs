//! The spec's security and the handlers' extractors agree, operation by operation: an
//! operation that declares security answers an anonymous call `unauthenticated` (its `Admin` or
//! `SignedIn` extractor refused), one that declares none never does, and one that declares the
//! `admin` scope answers a participant `forbidden`. So the spec cannot drift from the code.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::spawn_app_with;

#[actix_web::test]
async fn declared_security_matches_what_each_operation_enforces() {
    let app = spawn_app_with(|s| {
        // One anonymous call per operation, from one address: lift the traffic budgets.
        s.limits.ip_per_hour = 100_000;
        s.limits.ip_per_day = 100_000;
        s.limits.token_per_hour = 100_000;
    })
    .await;
    app.create_process("p1", serde_json::json!({ "registration_open": true }))
        .await;
    let participant = app.participant("p1").await;
    let spec: Value = serde_json::to_value(planner::routes::openapi()).unwrap();
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        let concrete = path.replace("{slug}", "p1").replace("{id}", "1");
        for (method, op) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let security = op["security"].as_array().cloned().unwrap_or_default();
            let secured = !security.is_empty();
            let admin_only = security
                .iter()
                .flat_map(|req| req.as_object().unwrap().values())
                .any(|scopes| scopes.as_array().unwrap().iter().any(|s| s == "admin"));
            let send = |req: reqwest::RequestBuilder| {
                let req = if method == Method::GET {
                    req
                } else {
                    req.header("content-type", "application/json").body("{}")
                };
                async move {
                    let resp = req.send().await.unwrap();
                    let status = resp.status();
                    let body: Value = resp.json().await.unwrap_or(Value::Null);
                    (status, body["code"].as_str().unwrap_or("").to_owned())
                }
            };
            let what = format!("{method} {path}");
            let (status, code) = send(app.anon(method.clone(), &concrete)).await;
            assert_eq!(
                code == "unauthenticated",
                secured,
                "{what}: anonymous call answered {status} {code:?}, spec security {security:?}"
            );
            if admin_only {
                let (status, code) =
                    send(app.as_token(&participant, method.clone(), &concrete)).await;
                assert_eq!(code, "forbidden", "{what}: a participant got {status}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} operations checked");
}
