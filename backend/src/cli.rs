//! The `planner` command line: serve, migrate, admin tokens, backup and restore, copying an
//! installation to another database.

use std::{
    fs::File,
    path::{Path, PathBuf},
};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use crate::{
    audit::AuditEvent,
    auth::tokens::{create_token, revoke_token, validate_label},
    bootstrap,
    config::{RawSettings, Settings},
    db::{self, tokens::source, Db},
    security::tokens::TokenKind,
    startup::Application,
};

#[derive(Parser)]
#[command(name = "planner", version, about = "Participatory Planner server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage admin tokens.
    #[command(subcommand)]
    AdminToken(AdminTokenCommand),
    /// Write a consistent copy of the live database to PATH (refuses to overwrite).
    Backup { path: PathBuf },
    /// Replace the database with the backup at PATH (server must be stopped).
    Restore { path: PathBuf },
    /// Copy a whole installation into another database, e.g. from SQLite to PostgreSQL, and
    /// verify the copy.
    ///
    /// Copies processes, tokens, submissions, sentences, training data, model runs, jobs,
    /// themes, results links, the audit log and the embedding cache in one transaction, and
    /// commits only when every table's row count and SHA-256 checksum read back from the target
    /// match the source. The source is only read; stop its server first if it is a SQLite file.
    /// The target must be empty (run it against a new database) unless --force. Works in either
    /// direction. Give a PostgreSQL password in PGPASSWORD rather than in the URL.
    ///
    /// Example: planner migrate-data --from data/planner.db --to postgres://planner@db/planner
    MigrateData {
        /// The installation to copy: a SQLite file or a postgres:// URL.
        #[arg(long, value_name = "URL")]
        from: String,
        /// Where to copy it: a postgres:// URL of an empty database, or a new SQLite file.
        #[arg(long, value_name = "URL")]
        to: String,
        /// Replace the data of a non-empty PostgreSQL target (its tables are emptied in the same
        /// transaction, so a failed copy still leaves them as they were).
        #[arg(long)]
        force: bool,
        /// Copy browser sessions too, so people stay signed in (the server must keep its
        /// SECRET_KEY). By default they are left out and people sign in again.
        #[arg(long)]
        with_sessions: bool,
    },
    /// Print the OpenAPI document (YAML).
    Openapi,
    /// Exit 0 when the local server's /healthz answers 200 (for container health checks).
    Healthcheck,
    /// Evaluate the categoriser for the default six categories on a labelled file
    /// (`category<TAB>sentence` per line) and print one JSON object; without --data, on every
    /// shipped held-out set (one per language) plus the segmenter on its sets.
    Eval {
        /// Labelled sentences to evaluate on.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Labelled sentences to train on first, as admin corrections in a training run.
        #[arg(long, requires = "data")]
        train: Option<PathBuf>,
        /// The language of --data (picks the seed corpus and default model): en or es.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Read text on stdin and print one sentence per line.
    Segment,
    /// Create a demo process with about a hundred analysed submissions.
    Demo,
}

#[derive(Subcommand)]
pub enum AdminTokenCommand {
    /// Create an admin token and print it once.
    Create {
        #[arg(long)]
        label: Option<String>,
    },
    /// List admin tokens (metadata only).
    List,
    /// Revoke an admin token by id (not the last active one).
    Revoke { id: i64 },
}

fn settings() -> anyhow::Result<Settings> {
    Ok(RawSettings::load()?.validate()?)
}

fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    Ok(Db::open(
        &settings.database_url,
        settings.db_pool_size,
        settings.db_busy_timeout_ms,
    )?)
}

/// A lock file next to the database, held while the server runs, so `restore` can tell.
fn lock_path(database: &Path) -> PathBuf {
    let mut p = database.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Migrate => {
            let settings = settings()?;
            open_db(&settings)?;
            println!(
                "migrations applied to {}",
                db::Backend::from_url(&settings.database_url).describe()
            );
            Ok(())
        }
        Command::AdminToken(cmd) => admin_token(cmd),
        Command::Backup { path } => backup(&path),
        Command::Restore { path } => restore(&path),
        Command::MigrateData {
            from,
            to,
            force,
            with_sessions,
        } => migrate_data(&from, &to, force, with_sessions),
        Command::Healthcheck => healthcheck(),
        Command::Eval {
            data,
            train,
            language,
        } => {
            let model_dir = settings()?.model_dir;
            match data {
                Some(data) => {
                    crate::analysis::eval::run(&model_dir, &data, train.as_deref(), &language)
                }
                None => crate::analysis::eval::report(&model_dir),
            }
        }
        Command::Demo => {
            let settings = settings()?;
            let db = open_db(&settings)?;
            let s = crate::demo::create(&db, &settings.model_dir)?;
            println!(
                "demo process {:?}: {} submissions ({} located, {} near-duplicates), analysed.\n\
                 Open /p/{} to take part (e.g. with {}) or sign in as admin to see the dashboard, map and exports.",
                crate::demo::DEMO_SLUG, s.submissions, s.located, s.duplicates, crate::demo::DEMO_SLUG, s.participant_token
            );
            Ok(())
        }
        Command::Segment => {
            use std::io::Read;
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            for sentence in planner_analysis::segment::segment(&text) {
                // One sentence per line: line breaks inside a sentence become spaces.
                println!(
                    "{}",
                    sentence
                        .text
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                );
            }
            Ok(())
        }
        Command::Openapi => {
            print!("{}", crate::routes::openapi_yaml());
            Ok(())
        }
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = settings()?;
    if settings.secret_key_ephemeral {
        log::warn!(
            "!!! SECRET_KEY is not set: using a random key for this run only. Sessions end at restart. \
             Set SECRET_KEY (openssl rand -hex 32) before real use; production refuses to start without it. !!!"
        );
    }
    // One server per SQLite file (restore checks this lock); PostgreSQL takes any number.
    let lock = match db::Backend::from_url(&settings.database_url) {
        db::Backend::Sqlite(db_path) => {
            if let Some(dir) = db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let lock = File::create(lock_path(&db_path))?;
            lock.try_lock().map_err(|_| {
                anyhow::anyhow!("another planner server is using {}", db_path.display())
            })?;
            Some(lock)
        }
        db::Backend::Postgres(_) => None,
    };
    let bind = settings.bind_addr.clone();
    let app = Application::build(settings).await?;
    if let Some(token) = &app.bootstrap_token {
        bootstrap::print_once(
            "No admin token existed, so one was generated. Sign in with:",
            token,
        );
    }
    log::info!("listening on http://{bind} (port {})", app.port());
    app.run_until_stopped().await?;
    drop(lock);
    Ok(())
}

fn admin_token(cmd: AdminTokenCommand) -> anyhow::Result<()> {
    let db = open_db(&settings()?)?;
    match cmd {
        AdminTokenCommand::Create { label } => {
            let label =
                validate_label(label).map_err(|e| anyhow::anyhow!("--label {}", e.message))?;
            let (row, plaintext) = db.write_blocking(|conn| {
                let created =
                    create_token(conn, TokenKind::Admin, source::CLI, label, None, None, None)?;
                AuditEvent::new("admin_token.create")
                    .target("token", created.0.id)
                    .record(conn, None, None)?;
                Ok(created)
            })?;
            bootstrap::print_once(&format!("Admin token {} created.", row.id), &plaintext);
        }
        AdminTokenCommand::List => {
            let rows = db.read_blocking(|conn| Ok(db::tokens::list_admin(conn)?))?;
            let now = db::now();
            println!(
                "{:>5}  {:<8}  {:<6}  {:<11}  {:<20}  {:<20}  label",
                "id", "status", "hint", "source", "created", "last used"
            );
            for r in rows {
                println!(
                    "{:>5}  {:<8}  {:<6}  {:<11}  {:<20}  {:<20}  {}",
                    r.id,
                    r.state(now).as_str(),
                    r.hint,
                    r.source,
                    r.created_at.format("%Y-%m-%d %H:%M:%S"),
                    r.last_used_at
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_else(|| "never".into()),
                    r.label.unwrap_or_default()
                );
            }
        }
        AdminTokenCommand::Revoke { id } => {
            let row = db.write_blocking(|conn| revoke_token(conn, id, None, None))?;
            if row.kind() != TokenKind::Admin {
                bail!("token {id} is not an admin token");
            }
            println!("admin token {id} revoked; its sessions have ended");
        }
    }
    Ok(())
}

const PG_BACKUP_HINT: &str = "this installation runs on PostgreSQL: back it up with pg_dump \
(pg_dump -Fc \"$DATABASE_URL\" > planner.dump) and restore with pg_restore; see the README";

fn backup(target: &Path) -> anyhow::Result<()> {
    let settings = settings()?;
    if let db::Backend::Postgres(_) = db::Backend::from_url(&settings.database_url) {
        bail!("{PG_BACKUP_HINT}");
    }
    if target.exists() {
        bail!(
            "{} exists; choose a new file name (backups never overwrite)",
            target.display()
        );
    }
    let db = open_db(&settings)?;
    db.backup_to(target)
        .with_context(|| format!("backup to {}", target.display()))?;
    db.write_blocking(|conn| {
        Ok(AuditEvent::new("backup.create")
            .target("file", target.display())
            .record(conn, None, None)?)
    })?;
    let size = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    println!("backup written to {} ({size} bytes)", target.display());
    Ok(())
}

fn restore(source_file: &Path) -> anyhow::Result<()> {
    let settings = settings()?;
    let db_path = match db::Backend::from_url(&settings.database_url) {
        db::Backend::Sqlite(path) => path,
        db::Backend::Postgres(_) => bail!("{PG_BACKUP_HINT}"),
    };
    if !source_file.is_file() {
        bail!("{} is not a file", source_file.display());
    }
    if let Ok(lock) = File::open(lock_path(&db_path)) {
        if lock.try_lock().is_err() {
            bail!(
                "the server is running on {}; stop it before restoring",
                db_path.display()
            );
        }
    }
    db::integrity_check(source_file).map_err(|e| {
        anyhow::anyhow!("{} failed the integrity check: {e}", source_file.display())
    })?;
    // Keep what is there now: a restore must never lose data by itself.
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut kept = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut from = db_path.as_os_str().to_owned();
        from.push(suffix);
        let from = PathBuf::from(from);
        if from.exists() {
            let mut to = db_path.as_os_str().to_owned();
            to.push(format!(".before-restore-{stamp}{suffix}"));
            std::fs::rename(&from, &to)?;
            kept.push(PathBuf::from(to));
        }
    }
    let mut staging = db_path.as_os_str().to_owned();
    staging.push(".restoring");
    let staging = PathBuf::from(staging);
    std::fs::copy(source_file, &staging)?;
    std::fs::rename(&staging, &db_path)?;
    // Bring the restored copy up to this version's schema and record the restore.
    let db = open_db(&settings)?;
    db.write_blocking(|conn| {
        Ok(AuditEvent::new("backup.restore")
            .target("file", source_file.display())
            .record(conn, None, None)?)
    })?;
    println!(
        "restored {} from {}",
        db_path.display(),
        source_file.display()
    );
    for k in kept {
        println!("previous database kept as {}", k.display());
    }
    Ok(())
}

/// `planner migrate-data`: see [`db::copy`].
fn migrate_data(from: &str, to: &str, force: bool, with_sessions: bool) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let source = db::Backend::from_url(from);
    let target = db::Backend::from_url(to);
    if same_database(&source, &target) {
        bail!("--from and --to name the same database");
    }
    if let db::Backend::Sqlite(path) = &source {
        if !path.is_file() {
            bail!("there is no database at {} (--from)", path.display());
        }
    }
    if force && matches!(target, db::Backend::Sqlite(_)) {
        bail!("{}", db::copy::CopyError::ForceOnSqlite);
    }
    // Held until the copy is over: no server may start on a SQLite file meanwhile.
    let _source_lock = hold_server_lock(&source, "--from")?;
    let _target_lock = hold_server_lock(&target, "--to")?;
    let new_target = match &target {
        db::Backend::Sqlite(path) => (!path.exists()).then(|| path.clone()),
        db::Backend::Postgres(_) => None,
    };
    println!(
        "copying {} ({}) into {} ({})",
        source.describe(),
        source.name(),
        target.describe(),
        target.name()
    );
    let result = copy_installation(from, to, &source, &target, force, with_sessions);
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(err) => {
            if let Some(path) = new_target {
                // The file did not exist before this run: do not leave an empty one behind.
                for suffix in ["", "-wal", "-shm", ".lock"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
            }
            return Err(err);
        }
    };
    if !outcome.replaced.is_empty() {
        println!(
            "--force: replaced the target's previous data ({})",
            outcome
                .replaced
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for t in &outcome.tables {
        println!(
            "  {:<18} {:>9} rows  sha256 {}",
            t.table,
            t.rows,
            &t.sha256[..16]
        );
    }
    if !outcome.sessions_copied {
        println!(
            "  {:<18} not copied: people sign in again (--with-sessions keeps them)",
            "sessions"
        );
    }
    for (table, n) in &outcome.normalised {
        println!("note: {n} rows of {table} had timestamps finer than a microsecond; stored to the microsecond");
    }
    println!(
        "total: {} rows in {} tables, verified (row counts and SHA-256 read back from the target) in {:.1} s",
        outcome.total_rows(),
        outcome.tables.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "next: point DATABASE_URL at {} and start the server with the same SECRET_KEY and ADMIN_TOKEN",
        target.describe()
    );
    Ok(())
}

fn copy_installation(
    from: &str,
    to: &str,
    source: &db::Backend,
    target: &db::Backend,
    force: bool,
    with_sessions: bool,
) -> anyhow::Result<db::copy::Outcome> {
    let source_db =
        Db::open(from, 2, 5_000).with_context(|| format!("source {}", source.describe()))?;
    let target_db =
        Db::open(to, 2, 5_000).with_context(|| format!("target {}", target.describe()))?;
    let options = db::copy::Options {
        with_sessions,
        force,
    };
    let mut progress = |p: db::copy::Progress| {
        let verb = match p.stage {
            db::copy::Stage::Copy => "copied",
            db::copy::Stage::Verify => "verified",
        };
        eprintln!("  {}: {verb} {} of {} rows", p.table, p.done, p.total);
    };
    let record = |conn: &mut db::DbConn, outcome: &db::copy::Outcome| {
        let tables: serde_json::Map<String, serde_json::Value> = outcome
            .tables
            .iter()
            .map(|t| {
                (
                    t.table.to_owned(),
                    serde_json::json!({ "rows": t.rows, "sha256": t.sha256 }),
                )
            })
            .collect();
        let replaced: serde_json::Map<String, serde_json::Value> = outcome
            .replaced
            .iter()
            .map(|(t, n)| ((*t).to_owned(), serde_json::json!(n)))
            .collect();
        AuditEvent::new("data.migrate")
            .target("database", source.describe())
            .details(serde_json::json!({
                "from": source.describe(),
                "from_backend": source.name(),
                "to_backend": target.name(),
                "rows": outcome.total_rows(),
                "tables": tables,
                "sessions_copied": outcome.sessions_copied,
                "replaced": replaced,
            }))
            .record(conn, None, None)
    };
    Ok(db::copy::migrate(
        &source_db,
        &target_db,
        &options,
        &mut progress,
        record,
    )?)
}

/// The same SQLite file (however it is spelled) or the same PostgreSQL URL. Different URLs of
/// one PostgreSQL database are caught by [`db::copy::migrate`] itself.
fn same_database(a: &db::Backend, b: &db::Backend) -> bool {
    match (a, b) {
        (db::Backend::Sqlite(a), db::Backend::Sqlite(b)) => {
            a == b
                || matches!(
                    (a.canonicalize(), b.canonicalize()),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        (db::Backend::Postgres(a), db::Backend::Postgres(b)) => a == b,
        _ => false,
    }
}

/// Takes a SQLite database's server lock (see `serve`) for as long as the returned file
/// lives; refuses when a server holds it. Nothing to take on PostgreSQL.
fn hold_server_lock(backend: &db::Backend, flag: &str) -> anyhow::Result<Option<File>> {
    let db::Backend::Sqlite(path) = backend else {
        return Ok(None);
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let lock_file = lock_path(path);
    let file = match File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_file)
    {
        Ok(file) => file,
        // A read-only directory: without a lock file no server holds the lock.
        Err(_) if !lock_file.exists() => return Ok(None),
        Err(_) => File::open(&lock_file)?,
    };
    if file.try_lock().is_err() {
        bail!(
            "a planner server is running on {} ({flag}); stop the server first",
            path.display()
        );
    }
    Ok(Some(file))
}

/// A minimal HTTP/1.0 GET of /healthz on the configured port, so the container image needs no
/// curl.
fn healthcheck() -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let settings = settings()?;
    let port = settings
        .bind_addr
        .rsplit_once(':')
        .map(|(_, p)| p)
        .unwrap_or("8080");
    let mut stream = std::net::TcpStream::connect(format!("127.0.0.1:{port}"))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head)?;
    if head.ends_with(b" 200") {
        Ok(())
    } else {
        bail!("health check answered {}", String::from_utf8_lossy(&head))
    }
}
