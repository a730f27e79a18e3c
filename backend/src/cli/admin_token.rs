//! `planner admin-token create|list|rotate|revoke|change|reset-totp`: staff tokens from the
//! command line.

use anyhow::{anyhow, bail};

use super::{open_db, settings, AdminTokenCommand};
use crate::{
    api::admin_tokens::{
        change::change_staff_token,
        grant::{GrantRequest, StaffTokenInfo},
    },
    audit::{AuditAction, AuditEvent},
    auth::tokens::{
        create_staff_token, revoke_token, rotate_staff_token, validate_label, StaffGrant,
    },
    bootstrap,
    db::{self, tokens::source},
    domain::{StaffRole, TokenId},
    security::tokens::TokenKind,
};

pub(super) fn admin_token(cmd: AdminTokenCommand) -> anyhow::Result<()> {
    let db = open_db(&settings()?)?;
    match cmd {
        AdminTokenCommand::Create {
            label,
            role,
            processes,
            api,
            read_only,
        } => {
            let label = validate_label(label).map_err(|e| anyhow!("--label {}", e.message))?;
            let role = role.map(|r| parse_role(&r)).transpose()?;
            let (row, plaintext) = db.write_blocking(|conn| {
                // The operator's own owner tokens work from scripts, as they always have.
                let grant = match role {
                    None | Some(StaffRole::Owner) if processes.is_empty() && !read_only => {
                        StaffGrant::owner()
                    }
                    _ => GrantRequest {
                        role,
                        processes,
                        api,
                        read_only,
                    }
                    .resolve(conn)?,
                };
                let created = create_staff_token(conn, &grant, source::CLI, label, None, None)?;
                AuditEvent::new(AuditAction::AdminTokenCreate)
                    .target("token", created.0.id)
                    .details(serde_json::json!({
                        "role": grant.role, "processes": grant.processes,
                        "api": grant.api, "read_only": grant.read_only,
                    }))
                    .record(conn, None, None)?;
                Ok(created)
            })?;
            let role = row.role.map_or("owner", StaffRole::as_str);
            bootstrap::print_once(
                &format!("Staff token {} ({role}) created.", row.id),
                &plaintext,
            );
        }
        AdminTokenCommand::List => {
            let listed = db.read_blocking(|conn| {
                db::tokens::list_admin(conn)?
                    .into_iter()
                    .map(|row| Ok((StaffTokenInfo::load(conn, &row)?, row)))
                    .collect::<Result<Vec<_>, crate::error::ApiError>>()
            })?;
            let now = db::now();
            println!(
                "{:>5}  {:<8}  {:<11}  {:<6}  {:<11}  {:<20}  {:<20}  {:<20}  label",
                "id", "status", "role", "hint", "source", "created", "last used", "processes"
            );
            for (info, r) in listed {
                let mut processes = info.processes.join(",");
                if info.api {
                    processes.push_str(" [api]");
                }
                if info.read_only {
                    processes.push_str(" [read-only]");
                }
                println!(
                    "{:>5}  {:<8}  {:<11}  {:<6}  {:<11}  {:<20}  {:<20}  {:<20}  {}",
                    r.id,
                    r.state(now).as_str(),
                    info.role.as_str(),
                    r.hint,
                    r.source,
                    r.created_at.format("%Y-%m-%d %H:%M:%S"),
                    r.last_used_at
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_else(|| "never".into()),
                    processes,
                    r.label.unwrap_or_default()
                );
            }
        }
        AdminTokenCommand::Rotate { id } => {
            let (row, plaintext) =
                db.write_blocking(|conn| rotate_staff_token(conn, TokenId(id), None, None))?;
            bootstrap::print_once(
                &format!(
                    "Staff token {id} replaced by token {}; its sessions have ended.",
                    row.id
                ),
                &plaintext,
            );
        }
        AdminTokenCommand::Revoke { id } => {
            let row = db.write_blocking(|conn| revoke_token(conn, TokenId(id), None, None))?;
            if row.kind() != TokenKind::Admin {
                bail!("token {id} is not a staff token");
            }
            println!("staff token {id} revoked; its sessions have ended");
        }
        AdminTokenCommand::Change {
            id,
            role,
            processes,
            api,
            read_only,
        } => {
            let role = parse_role(&role)?;
            let request = GrantRequest {
                role: Some(role),
                processes,
                api,
                read_only,
            };
            let info = db.write_blocking(|conn| {
                change_staff_token(conn, TokenId(id), request, None, None)
            })?;
            println!(
                "staff token {id} is now {} {}; from its next request",
                info.role.as_str(),
                info.processes.join(",")
            );
        }
        AdminTokenCommand::ResetTotp { id } => {
            let id = TokenId(id);
            db.write_blocking(|conn| {
                db::tokens::by_id(conn, id)?
                    .filter(|row| row.kind() == TokenKind::Admin)
                    .ok_or(crate::error::ApiError::NotFound)?;
                let was_enrolled = db::totp::is_enrolled(conn, id)?;
                db::totp::reset(conn, id)?;
                AuditEvent::new(AuditAction::TotpReset)
                    .target("token", id)
                    .details(serde_json::json!({ "was_enrolled": was_enrolled }))
                    .record(conn, None, None)?;
                Ok::<_, crate::error::ApiError>(())
            })?;
            println!("staff token {id}: second factor reset");
        }
    }
    Ok(())
}

fn parse_role(role: &str) -> anyhow::Result<StaffRole> {
    StaffRole::parse(role)
        .ok_or_else(|| anyhow!("--role {role:?} is not owner, facilitator, moderator or analyst"))
}
