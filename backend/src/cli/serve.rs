//! `planner serve`: the web server, with the lock that tells `restore` a server is running.

use std::fs::File;

use super::{lock_path, settings};
use crate::{bootstrap, db, startup::Application};

pub(super) async fn serve() -> anyhow::Result<()> {
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
