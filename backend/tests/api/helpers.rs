//! `spawn_app()` and the small vocabulary the tests speak.

use std::net::TcpListener;

use planner::{
    config::{RawSettings, Secret, Settings},
    startup::Application,
};
use reqwest::{header::HeaderMap, Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{json, Value};

pub struct TestApp {
    pub base: String,
    pub admin_token: String,
    /// A client without cookies; requests authenticate with bearer tokens.
    pub http: Client,
    pub dir: tempfile::TempDir,
    /// The app's database: a file in `dir`, or a fresh PostgreSQL database (see
    /// [`TestDatabase`]) that a second replica can share.
    pub database_url: String,
    pub database: std::sync::Arc<TestDatabase>,
}

/// Test settings: a temp database, a known ADMIN_TOKEN, generous limits unless a test lowers them.
pub fn settings(dir: &tempfile::TempDir, database: &TestDatabase) -> Settings {
    let mut raw = RawSettings::defaults();
    raw.database_url = database.url.clone();
    raw.bind_addr = "127.0.0.1:0".into();
    raw.secret_key = Secret::new("k".repeat(64));
    raw.admin_token = Secret::new(format!(
        "test-admin-token-{}",
        planner::security::tokens::random_hex(12)
    ));
    raw.static_dir = dir.path().join("no-frontend").to_string_lossy().into();
    // The lexical engine keeps most servers fast to start; analysis tests opt into the model.
    raw.model_dir = dir.path().join("no-model").to_string_lossy().into();
    // One test process runs hundreds of servers and their requests at full priority: a lowered
    // analysis thread (and the model's workers, lowered once per process) could starve there
    // on a busy machine. The priority's effect is measured by `make bench-drain`.
    raw.analysis_nice = 0;
    raw.rate_limit_ip_per_hour = 10_000;
    raw.rate_limit_ip_per_day = 10_000;
    raw.validate().expect("test settings are valid")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = std::sync::Arc::new(TestDatabase::fresh(&dir));
    spawn_app_on(dir, database, tweak).await
}

/// Starts a server on an existing database (a second replica sharing the first one's).
pub async fn spawn_app_on(
    dir: tempfile::TempDir,
    database: std::sync::Arc<TestDatabase>,
    tweak: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = settings(&dir, &database);
    tweak(&mut settings);
    let database_url = settings.database_url.clone();
    let admin_token = settings
        .admin_token
        .as_ref()
        .map(|t| t.expose().to_owned())
        .unwrap_or_default();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let app = Application::with_listener(settings, listener)
        .await
        .expect("app builds");
    let admin_token = app.bootstrap_token.clone().unwrap_or(admin_token);
    let port = app.spawn();
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        admin_token,
        http: Client::new(),
        dir,
        database_url,
        database,
    }
}

pub fn cookie_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn origin(&self) -> String {
        self.base.clone()
    }

    /// A request with an admin bearer token.
    pub fn admin(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.admin_token)
    }

    pub fn as_token(&self, token: &str, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(token)
    }

    pub fn anon(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    pub async fn create_process(&self, slug: &str, extra: Value) -> Value {
        let mut body = json!({ "slug": slug, "title": format!("Process {slug}"), "prompt": "What should change?" });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().cloned().unwrap_or_default());
        let resp = self
            .admin(Method::POST, "/api/v1/processes")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.status(),
            StatusCode::CREATED,
            "{}",
            resp.text().await.unwrap()
        );
        resp.json().await.unwrap()
    }

    pub async fn issue_tokens(
        &self,
        slug: &str,
        count: u32,
        contributor_type: &str,
    ) -> Vec<String> {
        let resp = self
            .admin(Method::POST, &format!("/api/v1/processes/{slug}/tokens"))
            .json(&json!({ "count": count, "contributor_type": contributor_type, "label": "test batch" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
        let body: Value = resp.json().await.unwrap();
        body["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["token"].as_str().unwrap().to_owned())
            .collect()
    }

    pub async fn participant(&self, slug: &str) -> String {
        self.issue_tokens(slug, 1, "community").await.remove(0)
    }

    /// Signs a cookie client in, as a browser on our origin would.
    pub async fn login(&self, client: &Client, token: &str) -> Response {
        client
            .post(self.url("/api/v1/auth/login"))
            .header("Origin", self.origin())
            .header("Sec-Fetch-Site", "same-origin")
            .json(&json!({ "token": token }))
            .send()
            .await
            .unwrap()
    }

    pub async fn submit(&self, token: &str, slug: &str, text: &str) -> Response {
        self.as_token(
            token,
            Method::POST,
            &format!("/api/v1/processes/{slug}/submissions"),
        )
        .json(&json!({ "text": text }))
        .send()
        .await
        .unwrap()
    }

    pub async fn audit(&self, action: &str) -> Vec<Value> {
        let resp = self
            .admin(Method::GET, &format!("/api/v1/admin/audit?action={action}"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let body: Value = resp.json().await.unwrap();
        body["items"].as_array().unwrap().clone()
    }

    /// A second server on this one's database (and admin token): a replica, or the same
    /// installation after a restart.
    pub async fn replica(&self, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let admin = self.admin_token.clone();
        spawn_app_on(
            tempfile::tempdir().expect("temp dir"),
            self.database.clone(),
            move |s| {
                s.admin_token = Some(planner::config::Secret::new(admin));
                tweak(s);
            },
        )
        .await
    }

    /// Direct access to the app's database, as an operator with a SQL shell would have it.
    pub fn db(&self) -> planner::db::Db {
        planner::db::Db::open(&self.database_url, 2, 5_000).expect("test database opens")
    }

    /// Runs raw SQL against the app's database (written to work on both backends).
    pub fn sql(&self, statements: &str) {
        self.db()
            .batch_execute(statements)
            .unwrap_or_else(|e| panic!("{statements}: {e:?}"));
    }

    /// Runs a typed diesel query on the app's database, once per backend via `with_conn!`.
    pub fn query<T>(
        &self,
        work: impl FnOnce(&mut planner::db::DbConn) -> diesel::QueryResult<T>,
    ) -> T {
        let mut pooled = self.db().conn().expect("connection");
        work(&mut pooled.as_db()).expect("query")
    }

    pub fn on_postgres(&self) -> bool {
        self.database.postgres.is_some()
    }
}

/// Asserts an RFC 7807 problem with the given status and code; returns the body.
pub async fn assert_problem(resp: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(resp.status(), status);
    let ct = resp
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(ct, "application/problem+json");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16());
    body
}

pub fn set_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned())
}

/// The `name=value` part of a Set-Cookie header, to replay by hand.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// GET as admin, expecting 200, returning the JSON body.
/// The status of `GET /auth/session` with only this cookie.
pub async fn cookie_session(app: &TestApp, cookie: &str) -> StatusCode {
    app.anon(Method::GET, "/api/v1/auth/session")
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

pub async fn admin_json(app: &TestApp, path: &str) -> Value {
    let resp = app.admin(Method::GET, path).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    resp.json().await.unwrap()
}

/// Polls an admin GET until `done` holds, failing after 60 s (background work: analysis, jobs).
pub async fn eventually(app: &TestApp, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let start = std::time::Instant::now();
    loop {
        let v = admin_json(app, path).await;
        if done(&v) {
            return v;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "timed out waiting on {path}: {v}"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The submission once the analyser has categorised it.
pub async fn analysed(app: &TestApp, id: &Value) -> Value {
    eventually(app, &format!("/api/v1/submissions/{id}"), |v| {
        v["analysis"] == "done"
    })
    .await
}

/// A timestamp literal both SQLite and PostgreSQL read, `offset` from now.
pub fn sql_time(offset: chrono::Duration) -> String {
    (chrono::Utc::now().naive_utc() + offset)
        .format("'%Y-%m-%d %H:%M:%S'")
        .to_string()
}

/// Which backend the suite runs on: SQLite files by default; a fresh PostgreSQL database per
/// test when `PLANNER_TEST_POSTGRES` names a server (a maintenance URL such as
/// `postgres://postgres@127.0.0.1:5432/test`), which `make test` does on a second pass.
pub fn test_postgres() -> Option<String> {
    std::env::var("PLANNER_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
}

pub struct TestDatabase {
    pub url: String,
    /// (maintenance URL, database name) when this is a PostgreSQL database to drop at the end.
    pub postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// A database on the suite's backend.
    pub fn fresh(dir: &tempfile::TempDir) -> Self {
        match test_postgres() {
            Some(admin_url) => Self::postgres(admin_url),
            None => Self {
                url: dir.path().join("planner.db").to_string_lossy().into(),
                postgres: None,
            },
        }
    }

    /// A PostgreSQL database whichever backend the suite runs on, for the tests that are
    /// about PostgreSQL (several server processes, moving data over): `PLANNER_TEST_POSTGRES`
    /// or the local server.
    pub fn fresh_postgres(_dir: &tempfile::TempDir) -> Self {
        Self::postgres(
            test_postgres().unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into()),
        )
    }

    fn postgres(admin_url: String) -> Self {
        use diesel::{Connection, RunQueryDsl};
        let admin_url = without_tls(&admin_url);
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        static SWEEP: std::sync::Once = std::sync::Once::new();
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("PostgreSQL reachable");
        SWEEP.call_once(|| drop_abandoned_databases(&mut admin));
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("pp_test_{}_{n}", std::process::id());
        // One statement each: CREATE DATABASE refuses to run inside a transaction block,
        // which a multi-statement string is.
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .and_then(|_| diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin))
            .expect("create test database");
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        Self {
            url: without_tls(&format!("{base}/{name}")),
            postgres: Some((admin_url.clone(), name)),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        use diesel::{Connection, RunQueryDsl};
        if let Some((admin_url, name)) = &self.postgres {
            if let Ok(mut admin) = diesel::PgConnection::establish(admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin);
            }
        }
    }
}

/// In-process connections to the local server go without TLS: this test binary cannot leave
/// without C `atexit` handlers the way `planner` does, and libpq's OpenSSL clean-up crashes at
/// exit while a pool thread still holds a TLS connection (see backend/src/main.rs). The
/// `planner` processes the tests start use whatever the URL says.
fn without_tls(url: &str) -> String {
    let url = url.split('?').next().unwrap_or(url);
    format!("{url}?sslmode=disable")
}

/// Test databases left by a run that was killed (its process is gone) are dropped once.
fn drop_abandoned_databases(admin: &mut diesel::PgConnection) {
    use diesel::{prelude::*, sql_types::Text};
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        datname: String,
    }
    let names: Vec<Name> =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'pp_test_%'")
            .load(admin)
            .unwrap_or_default();
    for Name { datname } in names {
        let pid = datname
            .split('_')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"))
                .execute(admin);
        }
    }
}

/// Runs the `planner` binary from `dir` as an operator would: nothing from the environment but
/// PATH and `env`, no config file.
pub fn run_planner(
    dir: &std::path::Path,
    env: &[(&str, &str)],
    args: &[&str],
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PLANNER_CONFIG", dir.join("no-config"))
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("planner runs")
}

/// What a command printed, stdout then stderr.
pub fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
