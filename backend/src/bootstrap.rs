//! First-start admin access: the operator's `ADMIN_TOKEN`, or a generated token printed once.

use crate::{
    api::tokens::create_token,
    audit::AuditEvent,
    config::Settings,
    db::{
        self,
        tokens::{source, NewToken},
        Db,
    },
    error::ApiError,
    security::tokens::{self, TokenKind},
};

/// Registers `ADMIN_TOKEN` (hashed) if set; otherwise, when no admin token is active,
/// generates one. Returns a generated token so the caller can print it once.
pub fn ensure_admin_token(db: &Db, settings: &Settings) -> Result<Option<String>, ApiError> {
    if let Some(env_token) = &settings.admin_token {
        let hash = tokens::hash(env_token.expose());
        let hint = tokens::hint(env_token.expose());
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
                        },
                    )?;
                    AuditEvent::new("admin_token.register_environment").target("token", row.id).record(conn, None, None)?;
                }
            }
            Ok(())
        })?;
        return Ok(None);
    }
    db.write_blocking(|conn| {
        db::locks::bootstrap(conn)?;
        if db::tokens::count_active_admins(conn, db::now())? > 0 {
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
        AuditEvent::new("admin_token.bootstrap")
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
