//! First-start admin access: the operator's `ADMIN_TOKEN`, or a generated token printed once.

use crate::{
    audit::{AuditAction, AuditEvent},
    auth::tokens::create_token,
    config::Settings,
    db::{
        self,
        tokens::{source, NewToken},
        Db,
    },
    error::ApiError,
    security::tokens::{self, TokenKind},
};

/// Registers `ADMIN_TOKEN` (hashed) if set, and revokes any earlier `ADMIN_TOKEN` still active
/// (rotating by editing the variable must end the old token's sessions too); otherwise, when
/// no admin token is active, generates one. Returns a generated token so the caller can print
/// it once.
pub fn ensure_admin_token(db: &Db, settings: &Settings) -> Result<Option<String>, ApiError> {
    if let Some(env_token) = &settings.admin_token {
        let hash = tokens::hash(env_token.expose());
        // The operator chose this secret, perhaps with less entropy than ours: show none of it.
        let hint = "env".to_string();
        db.write_blocking(|conn| {
            db::locks::bootstrap(conn)?;
            match db::tokens::by_hash(conn, &hash)? {
                Some(row) if row.revoked_at.is_some() => log::error!(
                    "ADMIN_TOKEN (token {}) was revoked and is not accepted; set a new one or use another admin token",
                    row.id
                ),
                Some(_) => {}
                None => {
                    let row = db::tokens::insert(
                        conn,
                        &NewToken {
                            kind: TokenKind::Admin.as_str().into(),
                            token_hash: hash.clone(),
                            hint,
                            label: Some("ADMIN_TOKEN from the environment".into()),
                            source: source::ENVIRONMENT.into(),
                            process_id: None,
                            contributor_type: None,
                            created_at: db::now(),
                            created_by: None,
                            expires_at: None,
                            role: Some(crate::domain::StaffRole::Owner),
                            api: true,
                            read_only: false,
                        },
                    )?;
                    AuditEvent::new(AuditAction::AdminTokenRegisterEnvironment).target("token", row.id).record(conn, None, None)?;
                }
            }
            let now = db::now();
            for old in db::tokens::list_admin(conn)? {
                let replaced = old.source == source::ENVIRONMENT
                    && old.token_hash != hash
                    && old.state(now) == db::tokens::TokenState::Active;
                if replaced {
                    db::tokens::revoke(conn, old.id, now)?;
                    db::sessions::delete_for_token(conn, old.id)?;
                    AuditEvent::new(AuditAction::AdminTokenRevoke)
                        .target("token", old.id)
                        .details(serde_json::json!({ "reason": "ADMIN_TOKEN replaced in the environment" }))
                        .record(conn, None, None)?;
                    log::warn!("ADMIN_TOKEN changed: the previous one (token {}) is revoked and its sessions ended", old.id);
                }
            }
            Ok(())
        })?;
        return Ok(None);
    }
    db.write_blocking(|conn| {
        db::locks::bootstrap(conn)?;
        let now = db::now();
        let env_tokens = db::tokens::list_admin(conn)?
            .into_iter()
            .filter(|t| t.source == source::ENVIRONMENT && t.state(now) == db::tokens::TokenState::Active)
            .count();
        if env_tokens > 0 {
            log::warn!(
                "ADMIN_TOKEN is unset but {env_tokens} token(s) registered from it are still active; revoke them (planner admin-token revoke) if it was removed on purpose"
            );
        }
        if db::tokens::count_active_owners(conn, db::now())? > 0 {
            return Ok(None);
        }
        let (row, plaintext) = create_token(
            conn,
            TokenKind::Admin,
            source::BOOTSTRAP,
            Some("Generated at first start".into()),
            None,
            None,
            None,
        )?;
        AuditEvent::new(AuditAction::AdminTokenBootstrap)
            .target("token", row.id)
            .record(conn, None, None)?;
        Ok(Some(plaintext))
    })
}

/// Prints a token to the terminal, once, outside the log.
pub fn print_once(heading: &str, token: &str) {
    eprintln!(
        "\n==================================================================\n\
         {heading}\n\n    {token}\n\n\
         It is shown only this once and stored only as a hash. Keep it safe.\n\
         ==================================================================\n"
    );
}
