//! Assembling and running the HTTP server (zero2prod's `startup.rs`): the shared state is
//! built once (`build_state`), then each worker gets the same stack of layers around the
//! routes. The layers themselves live in `http`, the shared state in `state`.

use std::{net::TcpListener, sync::Arc, time::Duration};

use actix_web::{
    cookie::Key,
    dev::Server,
    http::header,
    middleware::{from_fn, DefaultHeaders},
    web, App, HttpServer,
};
use utoipa_actix_web::AppExt;

use crate::{
    analysis::{slots::ModelSlots, Analyzer},
    api::health,
    auth::session_store::{redis_store, AnyStore, DbSessionStore},
    bootstrap,
    config::Settings,
    db::{self, Db},
    http::{
        self,
        allow::AllowTable,
        body,
        compress::compress_api,
        csrf::csrf_gate,
        fallback::fallback,
        gate::api_gate,
        headers::{partition_session_cookie, security_headers},
        methods::refuse_unknown_methods,
        precompressed::serve_precompressed,
    },
    jobs,
    metrics::Metrics,
    routes,
    security::{
        headers::{tile_origin, SecurityHeaders},
        ratelimit::Limiters,
        redis_limiter::RedisLimiter,
        share_links::ShareKeys,
        tokens,
    },
    state::AppState,
};

pub struct Application {
    server: Server,
    port: u16,
    pub state: web::Data<AppState>,
    /// A token generated at first start, to print once.
    pub bootstrap_token: Option<String>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&settings.bind_addr)?;
        Self::with_listener(settings, listener).await
    }

    pub async fn with_listener(settings: Settings, listener: TcpListener) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let Built {
            state,
            store,
            bootstrap_token,
        } = build_state(settings, port).await?;
        let key = Key::derive_from(state.settings.secret_key.expose().as_bytes());
        let server_state = state.clone();
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .min(8);
        let server = HttpServer::new(move || {
            let state = server_state.clone();
            let settings = state.settings.clone();
            let static_dir = settings.static_dir.clone();
            let (app, _) = App::new()
                .app_data(state.clone())
                .app_data(body::json_config(settings.max_body_bytes))
                .app_data(web::PayloadConfig::new(settings.max_body_bytes))
                .app_data(body::query_config())
                .app_data(body::path_config())
                .into_utoipa_app()
                .service(
                    utoipa_actix_web::scope("/api/v1")
                        .wrap(from_fn(api_gate))
                        .wrap(from_fn(compress_api))
                        .configure(routes::api_v1),
                )
                .service(health::healthz::healthz)
                .service(health::readyz::readyz)
                .service(health::metrics::metrics)
                .split_for_parts();
            let app =
                if static_dir.join("index.html").is_file() {
                    // Vite puts content-hashed files under /assets: cache them for a year. Everything
                    // else (index.html above all) is revalidated so a deploy shows up at once.
                    // The build's brotli and gzip copies are sent to browsers that take them.
                    app.service(
                        web::scope("/assets")
                            .wrap(from_fn(serve_precompressed))
                            .wrap(DefaultHeaders::new().add((
                                header::CACHE_CONTROL,
                                "public, max-age=31536000, immutable",
                            )))
                            .service(
                                actix_files::Files::new("", static_dir.join("assets"))
                                    .default_handler(web::to(fallback)),
                            ),
                    )
                    .service(
                        web::scope("")
                            .wrap(DefaultHeaders::new().add((header::CACHE_CONTROL, "no-cache")))
                            .service(
                                actix_files::Files::new("/", static_dir)
                                    .index_file("index.html")
                                    .default_handler(web::to(fallback)),
                            ),
                    )
                } else {
                    app
                };
            // Listed inside out: the last `wrap` sees the request first.
            app.default_service(web::to(fallback))
                .wrap(http::session::middleware(
                    store.clone(),
                    key.clone(),
                    &settings,
                ))
                .wrap(from_fn(csrf_gate))
                .wrap(from_fn(partition_session_cookie))
                .wrap(from_fn(refuse_unknown_methods))
                .wrap(from_fn(security_headers))
                .wrap(from_fn(http::metrics::record))
                .wrap(tracing_actix_web::TracingLogger::<
                    http::access_log::AccessLog,
                >::new())
                .wrap(http::cors::cors(state.allowed_origins.clone()))
                .wrap(from_fn(http::request_id::request_id))
        })
        .workers(workers)
        .disable_signals()
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
        Ok(Self {
            server,
            port,
            state,
            bootstrap_token,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs the server and the janitor that prunes limiter keys and expired sessions.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let state = self.state.clone();
        actix_web::rt::spawn(async move {
            let mut tick = actix_web::rt::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.limiters.prune();
                let purged = state
                    .db
                    .write(|conn| Ok(db::sessions::purge_expired(conn, db::now())?))
                    .await;
                if let Err(err) = purged {
                    log::warn!("session purge failed: {err}");
                }
            }
        });
        let handle = self.server.handle();
        actix_web::rt::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                log::info!("shutting down");
                handle.stop(true).await;
            }
        });
        self.server.await
    }

    /// For tests: run in the background of the current runtime.
    pub fn spawn(self) -> u16 {
        let port = self.port;
        actix_web::rt::spawn(self.server);
        port
    }
}

/// Without ALLOWED_ORIGINS (development), the origins a browser uses to reach this server.
fn local_origins(bind_addr: &str, port: u16) -> Vec<String> {
    let host = bind_addr
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or("127.0.0.1");
    let mut origins = vec![
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    if !matches!(host, "127.0.0.1" | "localhost" | "0.0.0.0" | "[::]" | "::") {
        origins.push(format!("http://{host}:{port}"));
    }
    origins
}

/// What start-up makes once for all workers.
struct Built {
    state: web::Data<AppState>,
    store: AnyStore,
    bootstrap_token: Option<String>,
}

/// Opens the database, connects Redis when configured, starts the analysis thread and builds
/// the shared state.
async fn build_state(settings: Settings, port: u16) -> anyhow::Result<Built> {
    let db = Db::open_with(
        &settings.database_url,
        settings.db_pool_size,
        settings.db_busy_timeout_ms,
        settings.sqlite_writes,
    )?;
    let bootstrap_token = bootstrap::ensure_admin_token(&db, &settings)?;
    let allowed_origins = if settings.allowed_origins.is_empty() {
        local_origins(&settings.bind_addr, port)
    } else {
        settings.allowed_origins.clone()
    };
    // With REDIS_URL, sessions and rate limits live in Redis so replicas share them; an
    // unreachable Redis at start is a configuration error.
    let (redis_limiter, redis_sessions) = match &settings.redis_url {
        Some(url) => (
            Some(
                RedisLimiter::connect(url, &settings.redis_key_prefix)
                    .await
                    .map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?,
            ),
            Some(
                redis_store(url, &settings.redis_key_prefix, settings.session_ttl_hours)
                    .await
                    .map_err(|e| anyhow::anyhow!("REDIS_URL: {e}"))?,
            ),
        ),
        None => (None, None),
    };
    log::info!(
        "database: {} ({}); sessions and rate limits: {}",
        db.backend().name(),
        db.backend().describe(),
        if settings.redis_url.is_some() {
            "Redis"
        } else {
            "this server"
        }
    );
    if matches!(db.backend(), db::Backend::Postgres(_)) && settings.redis_url.is_none() {
        // Sessions are shared through the database, but each replica would count rate
        // limits on its own, multiplying every limit by the number of replicas.
        log::warn!(
                "PostgreSQL without REDIS_URL: rate limits are counted per server; set REDIS_URL when running several replicas"
            );
    }
    for warning in settings.warnings() {
        log::warn!("{warning}");
    }
    let openapi = routes::openapi();
    jobs::priority::lower_model_threads(settings.analysis_nice);
    let analyzer = Analyzer::new(db.clone(), &settings.model_dir);
    jobs::spawn(&analyzer, db.clone(), settings.analysis_nice);
    let state = web::Data::new(AppState {
        analyzer,
        db: db.clone(),
        limiters: Limiters::with_redis(&settings.limits, redis_limiter),
        env_admin_digest: settings
            .admin_token
            .as_ref()
            .map(|t| tokens::digest(t.expose())),
        allowed_origins,
        openapi_json: openapi.to_json()?,
        allow: AllowTable::from_openapi(&openapi),
        share_keys: ShareKeys::from_secret(settings.secret_key.expose()),
        metrics: Metrics::default(),
        model_slots: ModelSlots::for_this_machine(),
        security_headers: SecurityHeaders::new(
            settings.is_production(),
            &settings.embed_origins,
            tile_origin(&settings.static_dir).as_deref(),
        ),
        backups: crate::backup::BackupStatus::for_settings(&settings),
        settings: Arc::new(settings),
    });
    crate::backup::schedule(&state.settings, &state.db, &state.backups);
    let store = match redis_sessions {
        Some(redis) => AnyStore::Redis(redis),
        None => AnyStore::Db(DbSessionStore::new(db, state.settings.session_ttl_hours)),
    };
    Ok(Built {
        state,
        store,
        bootstrap_token,
    })
}
