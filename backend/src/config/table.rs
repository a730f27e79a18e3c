//! Every setting, once: its variable, default and meaning. The configuration loader takes its
//! defaults from here, `planner serve --help` prints it, and `.env.example` and the README's
//! settings table are generated from it (`planner config env-example`, `planner config
//! readme-table`; a test fails when either file disagrees).

/// Who reads a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Read by the server through the configuration loader (file or environment).
    App,
    /// Read from the environment only, by the loader itself (the configuration file's name).
    Env,
    /// Not read by the server: used by `docker-compose.yml`.
    Compose,
}

pub struct Setting {
    /// The environment variable; its lower-case form is the key in `planner.toml`.
    pub var: &'static str,
    /// The built-in default fed to the loader (`None`: unset, the field says what that means).
    pub default: Option<&'static str>,
    /// The default as people read it, when it is not simply `default`.
    pub default_text: Option<&'static str>,
    /// One line for `--help` and the README table.
    pub meaning: &'static str,
    /// Longer explanation for `.env.example` (lines joined with spaces, wrapped there).
    pub comment: &'static str,
    /// The line `.env.example` gives it (`None`: `default`, or empty).
    pub example: Option<&'static str>,
    /// `.env.example` shows the line commented out.
    pub commented: bool,
    /// Never printed (`config check` redacts it).
    pub secret: bool,
    pub scope: Scope,
    /// A heading in `.env.example` before this setting.
    pub section: Option<&'static str>,
}

impl Setting {
    const fn app(var: &'static str, default: Option<&'static str>, meaning: &'static str) -> Self {
        Self {
            var,
            default,
            default_text: None,
            meaning,
            comment: "",
            example: None,
            commented: false,
            secret: false,
            scope: Scope::App,
            section: None,
        }
    }
    const fn shown(mut self, text: &'static str) -> Self {
        self.default_text = Some(text);
        self
    }
    const fn comment(mut self, text: &'static str) -> Self {
        self.comment = text;
        self
    }
    const fn example(mut self, value: &'static str) -> Self {
        self.example = Some(value);
        self
    }
    const fn commented(mut self) -> Self {
        self.commented = true;
        self
    }
    const fn secret(mut self) -> Self {
        self.secret = true;
        self
    }
    const fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }
    const fn section(mut self, title: &'static str) -> Self {
        self.section = Some(title);
        self
    }

    /// The loader's key (`planner.toml` and the deserialised field).
    pub fn key(&self) -> String {
        self.var.to_ascii_lowercase()
    }

    /// The default for people: `—` when there is none.
    pub fn default_for_people(&self) -> String {
        match (self.default_text, self.default) {
            (Some(text), _) => text.to_owned(),
            (None, Some("")) | (None, None) => "—".to_owned(),
            (None, Some(value)) => format!("`{value}`"),
        }
    }
}

use Scope::{Compose, Env};

pub static SETTINGS: &[Setting] = &[
    Setting::app("APP_ENV", Some("development"), "`production` refuses to start without a real `SECRET_KEY`, with a weak `ADMIN_TOKEN` or without `ALLOWED_ORIGINS`; enables Secure `__Host-` cookies and HSTS")
        .comment("development | production. Production refuses to start with a missing or placeholder SECRET_KEY, a weak ADMIN_TOKEN or no ALLOWED_ORIGINS, and turns on Secure cookies and HSTS.")
        .section("The server"),
    Setting::app("SECRET_KEY", None, "≥ 32 bytes; encrypts session cookies (`openssl rand -hex 32`)")
        .shown("random per run (development only)")
        .comment("At least 32 bytes; signs and encrypts session cookies. Generate: openssl rand -hex 32")
        .example("replace-with-64-hex-characters-from-openssl-rand-hex-32")
        .secret(),
    Setting::app("ADMIN_TOKEN", None, "optional bootstrap admin token (≥ 22 characters), stored hashed")
        .comment("Optional bootstrap admin token (at least 22 characters), stored only as a hash. Leave empty to have one generated and printed once at first start. Generate: openssl rand -base64 24 (or python -c \"import secrets; print(secrets.token_urlsafe(24))\")")
        .example("replace-with-a-long-random-admin-token")
        .secret(),
    Setting::app("DATABASE_URL", Some("data/planner.db"), "SQLite file (WAL mode), or `postgres://user:pass@host/db` for PostgreSQL (several replicas; see Scale-out)")
        .comment("SQLite file (created with its directory), the default. For several replicas use PostgreSQL: postgres://user:password@host:5432/dbname (add ?sslmode=verify-full for a remote server). A password in it is never printed.")
        .secret(),
    Setting::app("BIND_ADDR", Some("127.0.0.1:8080"), "listen address"),
    Setting::app("ALLOWED_ORIGINS", Some(""), "comma-separated origins allowed for state-changing and CORS requests")
        .shown("local origins of `BIND_ADDR`")
        .comment("Comma-separated origins browsers use to reach the app, e.g. https://plan.example.org. Empty in development means http://127.0.0.1:<port> and http://localhost:<port>.")
        .section("Origins and proxies"),
    Setting::app("EMBED_ORIGINS", Some(""), "sites allowed to show the app in an iframe (cookies become `SameSite=None; Secure; Partitioned`)")
        .comment("Sites allowed to show the app in an iframe, e.g. https://huggingface.co for a Space page. Empty (the default): never framed. Set: frame-ancestors names them and the session cookie becomes SameSite=None; Secure; Partitioned (so HTTPS is required)."),
    Setting::app("TRUSTED_PROXIES", Some(""), "comma-separated IPs/CIDRs whose `X-Forwarded-For` is believed (rightmost untrusted entry wins; every header line counts), or `none`; production warns at start while it is unset (see \"Behind a proxy\")")
        .comment("Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For we believe, e.g. 10.0.0.0/8, or `none` when clients connect directly. Unset in production: a warning at start, because behind an unlisted proxy every client shares one rate-limit key (README: \"Behind a proxy\")."),
    Setting::app("SESSION_TTL_HOURS", Some("24"), "absolute session lifetime")
        .comment("Session: absolute lifetime (hours) and idle timeout (minutes).")
        .section("Sessions and requests"),
    Setting::app("SESSION_IDLE_MINUTES", Some("120"), "idle timeout"),
    Setting::app("COOKIE_SECURE", None, "Secure flag on the session cookie")
        .shown("`true` in production")
        .comment("Secure cookie flag; defaults to true in production, false in development (plain http).")
        .example("true")
        .commented(),
    Setting::app("MAX_BODY_BYTES", Some("65536"), "request body limit")
        .comment("Largest accepted request body, in bytes."),
    Setting::app("DB_POOL_SIZE", Some("8"), "database connections per replica (at least 2)"),
    Setting::app("DB_BUSY_TIMEOUT_MS", Some("5000"), "how long a write waits for SQLite's lock or a PostgreSQL row lock before answering 503"),
    Setting::app("SQLITE_DURABLE", Some("true"), "SQLite: fsync the write-ahead log before acknowledging a write (`synchronous=FULL`), so a power cut loses no acknowledged submission; `false` (`NORMAL`) is safe against a crash of the server, but may lose the last commits to a power cut")
        .comment("SQLite only (PostgreSQL fsyncs every commit). true (the default): synchronous=FULL, the write-ahead log reaches the disk before a write is acknowledged, so a power cut or kernel crash loses nothing acknowledged; with group commit one fsync covers every write of a batch, so it costs little (make bench-write measures both). false: synchronous=NORMAL, safe against a crash of the server, but the last commits may be lost to a power cut."),
    Setting::app("SQLITE_GROUP_COMMIT", Some("true"), "SQLite: requests' writes that arrive together share one transaction (one commit, one fsync when durable), each acknowledged after that commit")
        .comment("SQLite only. true (the default): one writer thread commits the writes that arrive together in one transaction, each request answered only after that commit. false: each request commits on its own."),
    Setting::app("ANALYSIS_NICE", Some("10"), "scheduling niceness of the analysis thread and the model's worker threads, 0 (same as requests) to 19 (lowest): while a backlog is analysed, requests get the CPU first")
        .comment("Niceness of the analysis thread and the model's worker threads (Linux), 0 to 19. 10 (the default): while a backlog of new submissions is analysed, requests get the CPU first and the backlog drains in the time left over (make bench-drain measures both). 0: same priority as requests."),
    Setting::app("STATIC_DIR", Some("frontend/dist"), "built SPA served at `/`")
        .comment("Built single-page app served at / (npm run build in frontend/)."),
    Setting::app("MODEL_DIR", Some("data/models/all-MiniLM-L6-v2"), "embedding model files (`scripts/fetch-model.sh`); absent = lexical fallback")
        .comment("all-MiniLM-L6-v2 model files (scripts/fetch-model.sh puts them here). Without them analysis uses the weaker lexical fallback; GET /api/v1/analysis/status says which engine is active."),
    Setting::app("REDIS_URL", Some(""), "share sessions and rate limits between replicas through Redis; if it stops answering, sign-in and registration fail closed (503), other limits fail open (logged, counted in `/metrics`)")
        .comment("Several replicas: share sessions and rate limits through Redis (e.g. redis://127.0.0.1:6379). Empty: both live in this process (sessions in the database). If Redis stops answering, sign-in and self-registration refuse with 503 (fail closed); other limits let requests through with a log line and a metric (fail open). A password in it is never printed.")
        .secret()
        .section("Several replicas"),
    Setting::app("REDIS_KEY_PREFIX", Some("planner"), "namespace of this installation's Redis keys")
        .comment("Namespace of the installation's Redis keys; replicas of one installation share it."),
    Setting::app("METRICS_ALLOWED_IPS", Some("127.0.0.1/32,::1/128"), "peers allowed to scrape `GET /metrics` (Prometheus); others get 404")
        .comment("Comma-separated IPs/CIDRs allowed to scrape /metrics (Prometheus); others get 404.")
        .section("Monitoring and logs"),
    Setting::app("LOG_FORMAT", Some("text"), "`text` (one readable line per event) or `json` (one JSON object per line, for log collectors)")
        .comment("text: one readable line per event; json: one JSON object per line (request id, route pattern, status, latency, client address), for log collectors."),
    Setting::app("RUST_LOG", Some("info"), "log level (`error`, `warn`, `info`, `debug`), or per module (`info,planner=debug`)")
        .comment("Log level: error, warn, info, debug; or per module, e.g. info,planner=debug."),
    Setting::app("BACKUP_INTERVAL", Some(""), "scheduled online backups every interval (`90m`, `6h`, `1d`, or minutes as a number); empty or `off`: none")
        .comment("Scheduled online backups: every interval (90m, 6h, 1d; a bare number is minutes). Empty or off (the default): none. SQLite: VACUUM INTO, like planner backup. PostgreSQL: a verified SQLite copy of one snapshot, as planner migrate-data writes (restore with migrate-data --force). The last success and the failures are in /metrics and /api/v1/admin/stats.")
        .section("Scheduled backups"),
    Setting::app("BACKUP_DIR", Some(""), "where scheduled backups go (`planner-<UTC time>.db`, readable by the owner only)")
        .shown("`backups` beside the SQLite database; `data/backups` on PostgreSQL")
        .comment("Where scheduled backups go, as planner-<UTC time>.db (mode 0600); created if missing. Empty: a backups directory beside the SQLite database (data/backups by default; /data/backups in the container), or data/backups on PostgreSQL. Keep copies off this machine too."),
    Setting::app("BACKUP_KEEP", Some("7"), "how many scheduled backups to keep (older ones are deleted after a successful backup)")
        .comment("How many scheduled backups to keep; the oldest are deleted after each successful one."),
    Setting::app("RATE_LIMIT_LOGIN_FAILURES_PER_MINUTE", Some("10"), "failed sign-ins per client address")
        .comment("Rate limits (all per client address unless noted).")
        .section("Rate limits"),
    Setting::app("RATE_LIMIT_REGISTER_PER_HOUR", Some("5"), "self-registrations per client address"),
    Setting::app("RATE_LIMIT_IP_PER_HOUR", Some("50"), "unauthenticated API requests per client address, per hour")
        .comment("Unauthenticated API traffic."),
    Setting::app("RATE_LIMIT_IP_PER_DAY", Some("200"), "unauthenticated API requests per client address, per day"),
    Setting::app("RATE_LIMIT_TOKEN_PER_HOUR", Some("1200"), "authenticated requests per token")
        .comment("Authenticated traffic, per token."),
    Setting::app("RATE_LIMIT_SUBMISSIONS_PER_HOUR", Some("30"), "new submissions per participant")
        .comment("New submissions, per participant token."),
    Setting::app("RATE_LIMIT_SIMILAR_PER_MINUTE", Some("30"), "\"similar submissions\" look-ups while typing, per token"),
    Setting::app("RATE_LIMIT_REPORTS_PER_HOUR", Some("20"), "reports of others' submissions, per participant token"),
    Setting::app("RATE_LIMIT_SUPPORTS_PER_HOUR", Some("120"), "supports given or withdrawn, per participant token"),
    Setting::app("RATE_LIMIT_SIGN_INS_PER_MINUTE", Some("10"), "successful sign-ins per token (each makes a session; a token keeps at most 20 live sessions, the oldest ends first)"),
    Setting::app("RATE_LIMIT_ANALYSIS_SENTENCES_PER_HOUR", Some("2000"), "sentences `/classify` and `/similar` may give the model, per token")
        .comment("Sentences /classify and /similar may give the model, per token and per client address."),
    Setting::app("RATE_LIMIT_ANALYSIS_SENTENCES_PER_HOUR_PER_IP", Some("4000"), "the same budget per client address"),
    Setting::app("PLANNER_CONFIG", Some("planner.toml"), "optional TOML file of settings (lower-case keys), read before the environment")
        .comment("Optional TOML file with the same settings as lower-case keys (database_url = \"...\"); the environment wins over it.")
        .commented()
        .scope(Env)
        .section("Configuration file"),
    Setting::app("POSTGRES_PASSWORD", Some(""), "password of the bundled PostgreSQL in `docker-compose.yml`'s `scale` profile (not read by the server)")
        .comment("Used only by docker-compose.yml's \"scale\" profile, not read by the app: password of the bundled PostgreSQL, also written into the replicas' DATABASE_URL. Hex needs no URL escaping: openssl rand -hex 24. Left empty, the postgres container refuses to initialise.")
        .secret()
        .scope(Compose)
        .section("docker-compose.yml only"),
    Setting::app("PUBLIC_HOST", Some("localhost"), "host name Caddy serves in the `scale` profile (not read by the server)")
        .comment("Host name the Caddy proxy serves and gets a certificate for (localhost: Caddy's internal CA). Set ALLOWED_ORIGINS to https://<PUBLIC_HOST> to match.")
        .scope(Compose),
];

/// The built-in defaults the loader starts from.
pub fn defaults() -> impl Iterator<Item = (String, &'static str)> {
    SETTINGS
        .iter()
        .filter(|s| s.scope == Scope::App)
        .filter_map(|s| s.default.map(|d| (s.key(), d)))
}

pub fn find(var: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.var.eq_ignore_ascii_case(var))
}
