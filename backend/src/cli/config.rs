//! `planner config check|env-example|readme-table`.

use anyhow::bail;

use super::ConfigCommand;
use crate::config::{docs, RawSettings};

pub(super) fn run(cmd: ConfigCommand) -> anyhow::Result<()> {
    match cmd {
        ConfigCommand::Check => check(),
        ConfigCommand::EnvExample => {
            print!("{}", docs::env_example());
            Ok(())
        }
        ConfigCommand::ReadmeTable => {
            print!("{}", docs::readme_table());
            Ok(())
        }
    }
}

/// Loads and validates exactly as `serve` does, without opening the database or a port.
fn check() -> anyhow::Result<()> {
    let file = std::env::var("PLANNER_CONFIG").unwrap_or_else(|_| "planner.toml".into());
    let raw = match RawSettings::load() {
        Ok(raw) => raw,
        Err(err) => bail!("configuration invalid: {err}"),
    };
    println!(
        "configuration file: {file} ({})",
        if std::path::Path::new(&file).is_file() {
            "read"
        } else {
            "not present"
        }
    );
    println!("effective values (secrets redacted):");
    let values = docs::effective(&raw);
    let width = values.iter().map(|(var, ..)| var.len()).max().unwrap_or(0);
    for (var, value, origin) in values {
        let value = if value.is_empty() {
            "(empty)".to_owned()
        } else {
            value
        };
        println!("  {var:<width$}  {value}  [{origin}]");
    }
    match raw.validate() {
        Ok(settings) => {
            if settings.secret_key_ephemeral {
                println!("note: SECRET_KEY is not set: a random key would be used for one run (development only)");
            }
            for warning in settings.warnings() {
                println!("warning: {warning}");
            }
            println!("configuration valid");
            Ok(())
        }
        Err(err) => bail!("configuration invalid: {err}"),
    }
}
