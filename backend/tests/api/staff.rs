//! Staff tokens and the things the access matrix calls operations on.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// Issues a staff token as the owner with `body` (role, processes, api, …); the plaintext.
pub async fn staff_token(app: &TestApp, body: Value) -> String {
    issue_staff(app, body).await.0
}

/// Issues a staff token as the owner; (plaintext, row id).
pub async fn issue_staff(app: &TestApp, body: Value) -> (String, i64) {
    let created = owner_post(app, "/api/v1/admin/tokens", body).await;
    (
        created["token"].as_str().unwrap().to_owned(),
        created["id"].as_i64().unwrap(),
    )
}

async fn owner_post(app: &TestApp, path: &str, body: Value) -> Value {
    let resp = app
        .admin(Method::POST, path)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
    resp.json().await.unwrap()
}

/// Things in process `p1` that operations name by id: made once, or afresh for each call
/// where the call may use them up.
pub struct Fixtures<'a> {
    app: &'a TestApp,
    participant: &'a str,
    submission: i64,
    job: i64,
}

impl<'a> Fixtures<'a> {
    pub async fn new(app: &'a TestApp, participant: &'a str) -> Fixtures<'a> {
        let mut fixtures = Fixtures {
            app,
            participant,
            submission: 0,
            job: 0,
        };
        fixtures.submission = fixtures.submission().await;
        fixtures.job = owner_post(app, "/api/v1/processes/p1/analysis", json!({})).await["id"]
            .as_i64()
            .unwrap();
        fixtures
    }

    async fn submission(&self) -> i64 {
        let resp = self
            .app
            .submit(self.participant, "p1", "Plant trees along the river path.")
            .await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
    }

    /// `path` with `{slug}` as `p1` and `{id}` naming a thing of `p1` that `operation` acts on.
    pub async fn path(&self, operation: &str, path: &str) -> String {
        let app = self.app;
        let id = match operation {
            "deleteSubmission" => self.submission().await.to_string(),
            // Someone else's, so that the participant may report it; fresh, so that reports
            // never reach the threshold that flags it.
            "reportSubmission" => {
                let other = app.participant("p1").await;
                let resp = app.submit(&other, "p1", "Benches in the shade.").await;
                assert_eq!(resp.status(), StatusCode::CREATED);
                resp.json::<Value>().await.unwrap()["id"].to_string()
            }
            "revokeToken" => {
                let body = json!({ "count": 1, "contributor_type": "community" });
                owner_post(app, "/api/v1/processes/p1/tokens", body).await["tokens"][0]["id"]
                    .to_string()
            }
            "revokeAdminToken" | "rotateAdminToken" | "changeAdminToken" | "resetTotp" => {
                let body = json!({ "role": "moderator", "processes": ["p1"] });
                issue_staff(app, body).await.1.to_string()
            }
            "revokeShareLink" => owner_post(app, "/api/v1/processes/p1/share-links", json!({}))
                .await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
            "deleteTrainingExample" => {
                let body =
                    json!({ "text": "A green riverfront for everyone.", "category": "vision" });
                owner_post(app, "/api/v1/processes/p1/training-examples", body).await["id"]
                    .to_string()
            }
            "getJob" => self.job.to_string(),
            _ if path.contains("/submissions/{id}") => self.submission.to_string(),
            _ => "999999".into(),
        };
        path.replace("{slug}", "p1").replace("{id}", &id)
    }
}
