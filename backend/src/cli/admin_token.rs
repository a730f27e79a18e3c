//! `planner admin-token create|list|revoke`.

use anyhow::bail;

use super::{open_db, settings, AdminTokenCommand};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::tokens::{create_token, revoke_token, validate_label},
    bootstrap,
    db::{self, tokens::source},
    security::tokens::TokenKind,
};

pub(super) fn admin_token(cmd: AdminTokenCommand) -> anyhow::Result<()> {
    let db = open_db(&settings()?)?;
    match cmd {
        AdminTokenCommand::Create { label } => {
            let label =
                validate_label(label).map_err(|e| anyhow::anyhow!("--label {}", e.message))?;
            let (row, plaintext) = db.write_blocking(|conn| {
                let created =
                    create_token(conn, TokenKind::Admin, source::CLI, label, None, None, None)?;
                AuditEvent::new(AuditAction::AdminTokenCreate)
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
