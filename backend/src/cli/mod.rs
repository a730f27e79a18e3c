//! The `planner` command line: serve, migrate, admin tokens, backup and restore, copying an
//! installation to another database.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::{
    config::{RawSettings, Settings},
    db::{self, Db},
};

mod admin_token;
mod backup;
mod config;
mod healthcheck;
mod migrate_data;
mod serve;

#[derive(Parser)]
#[command(name = "planner", version, about = "Participatory Planner server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    #[command(after_long_help = crate::config::docs::help())]
    Serve,
    /// Check a configuration, or print the documentation generated from the settings table.
    #[command(subcommand)]
    Config(ConfigCommand),
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
    /// Copies processes, tokens (with their second factors), submissions, sentences, training
    /// data, model runs, jobs, themes (with their submissions), results links, the audit log and
    /// the embedding cache in one transaction, and commits only when every table's row count and
    /// SHA-256 checksum read back from the target match the source. The source is only read;
    /// stop its server first if it is a SQLite file.
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
    /// Create a staff token and print it once: an owner (the default; also usable as a bearer
    /// token), or a facilitator, moderator or analyst of the processes given with --process.
    Create {
        #[arg(long)]
        label: Option<String>,
        /// owner, facilitator, moderator or analyst.
        #[arg(long)]
        role: Option<String>,
        /// A process slug the role may act in (repeat for several).
        #[arg(long = "process", value_name = "SLUG")]
        processes: Vec<String>,
        /// Allow bearer use (scripts); owner tokens made here always allow it.
        #[arg(long)]
        api: bool,
        /// Allow reading only.
        #[arg(long)]
        read_only: bool,
    },
    /// List staff tokens (metadata, role and processes).
    List,
    /// Replace a staff token by a new one with the same role and processes; print it once.
    Rotate { id: i64 },
    /// Revoke a staff token by id (not the last active owner token).
    Revoke { id: i64 },
    /// Change a staff token's role and scope, stated in full as for create (not the last
    /// active owner token's role); applies from its next request.
    Change {
        id: i64,
        /// owner, facilitator, moderator or analyst.
        #[arg(long)]
        role: String,
        /// A process slug the role may act in (repeat for several).
        #[arg(long = "process", value_name = "SLUG")]
        processes: Vec<String>,
        /// Allow bearer use (scripts).
        #[arg(long)]
        api: bool,
        /// Allow reading only.
        #[arg(long)]
        read_only: bool,
    },
    /// Remove a staff token's second factor (TOTP) and recovery codes, e.g. after a lost
    /// phone; it signs in with the token alone until it enrols again.
    ResetTotp { id: i64 },
}

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration (defaults, planner.toml, environment) as `serve` would, without
    /// starting; print the effective values with secrets redacted. Exits 1 when it is invalid.
    Check,
    /// Print `.env.example` as generated from the settings table.
    EnvExample,
    /// Print the README's settings table (Markdown) as generated from the settings table.
    ReadmeTable,
}

fn settings() -> anyhow::Result<Settings> {
    Ok(RawSettings::load()?.validate()?)
}

fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    Ok(Db::open_with(
        &settings.database_url,
        settings.db_pool_size,
        settings.db_busy_timeout_ms,
        // One-shot commands write from one thread: no writer thread to share commits with.
        one_shot_writes(settings),
    )?)
}

fn one_shot_writes(settings: &Settings) -> crate::db::SqliteWrites {
    crate::db::SqliteWrites {
        group_commit: false,
        ..settings.sqlite_writes
    }
}

/// A lock file next to the database, held while the server runs, so `restore` can tell.
fn lock_path(database: &Path) -> PathBuf {
    let mut p = database.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::serve().await,
        Command::Config(cmd) => config::run(cmd),
        Command::Migrate => {
            let settings = settings()?;
            open_db(&settings)?;
            println!(
                "migrations applied to {}",
                db::Backend::from_url(&settings.database_url).describe()
            );
            Ok(())
        }
        Command::AdminToken(cmd) => admin_token::admin_token(cmd),
        Command::Backup { path } => backup::backup(&path),
        Command::Restore { path } => backup::restore(&path),
        Command::MigrateData {
            from,
            to,
            force,
            with_sessions,
        } => migrate_data::migrate_data(&from, &to, force, with_sessions),
        Command::Healthcheck => healthcheck::healthcheck(),
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
