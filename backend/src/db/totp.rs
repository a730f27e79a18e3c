//! Staff second factors (TOTP) and their recovery codes, and the owner's security settings.
//! Every "use once" is one conditional UPDATE, so two requests cannot both spend a code.

use crate::domain::TokenId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    schema::{security_settings, totp_factors, totp_recovery_codes},
    with_conn, DbConn,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = totp_factors,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg)
)]
pub struct TotpRow {
    pub token_id: TokenId,
    /// The shared secret, hex (never returned once enrolment is confirmed).
    pub secret: String,
    pub created_at: NaiveDateTime,
    /// Null while the enrolment waits for its first valid code.
    pub confirmed_at: Option<NaiveDateTime>,
    /// The last time step a code was accepted for.
    pub last_used_step: Option<i64>,
}

/// One recovery code, as stored (a digest; copied as is by `migrate-data`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = totp_recovery_codes,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg)
)]
pub struct RecoveryCodeRow {
    pub id: i64,
    pub token_id: TokenId,
    pub code_hash: String,
    pub used_at: Option<NaiveDateTime>,
}

pub fn get(conn: &mut DbConn, token_id: TokenId) -> QueryResult<Option<TotpRow>> {
    with_conn!(conn, {
        totp_factors::table
            .find(token_id)
            .select(TotpRow::as_select())
            .first(conn)
            .optional()
    })
}

/// Whether `token_id` has a confirmed second factor.
pub fn is_enrolled(conn: &mut DbConn, token_id: TokenId) -> QueryResult<bool> {
    Ok(get(conn, token_id)?.is_some_and(|row| row.confirmed_at.is_some()))
}

/// The staff tokens with a confirmed second factor.
pub fn enrolled_tokens(conn: &mut DbConn) -> QueryResult<Vec<TokenId>> {
    with_conn!(conn, {
        totp_factors::table
            .filter(totp_factors::confirmed_at.is_not_null())
            .select(totp_factors::token_id)
            .load(conn)
    })
}

/// Starts (or restarts) an enrolment with a new secret; any earlier pending one is replaced.
pub fn start(
    conn: &mut DbConn,
    token_id: TokenId,
    secret_hex: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    reset(conn, token_id)?;
    with_conn!(conn, {
        diesel::insert_into(totp_factors::table)
            .values((
                totp_factors::token_id.eq(token_id),
                totp_factors::secret.eq(secret_hex),
                totp_factors::created_at.eq(now),
            ))
            .execute(conn)
    })?;
    Ok(())
}

/// Confirms a pending enrolment whose first code was for `step`, with fresh recovery codes.
pub fn confirm(
    conn: &mut DbConn,
    token_id: TokenId,
    step: i64,
    now: NaiveDateTime,
    recovery_hashes: &[String],
) -> QueryResult<usize> {
    let confirmed = with_conn!(conn, {
        diesel::update(
            totp_factors::table
                .find(token_id)
                .filter(totp_factors::confirmed_at.is_null()),
        )
        .set((
            totp_factors::confirmed_at.eq(now),
            totp_factors::last_used_step.eq(step),
        ))
        .execute(conn)
    })?;
    if confirmed == 1 {
        let rows: Vec<_> = recovery_hashes
            .iter()
            .map(|h| {
                (
                    totp_recovery_codes::token_id.eq(token_id),
                    totp_recovery_codes::code_hash.eq(h.as_str()),
                )
            })
            .collect();
        with_conn!(conn, {
            diesel::insert_into(totp_recovery_codes::table)
                .values(&rows)
                .execute(conn)
        })?;
    }
    Ok(confirmed)
}

/// Spends time step `step` for a confirmed factor: 1 if it lies after the last one used, 0 if
/// that code (or a later one) was already used.
pub fn use_step(conn: &mut DbConn, token_id: TokenId, step: i64) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(
            totp_factors::table
                .find(token_id)
                .filter(totp_factors::confirmed_at.is_not_null())
                .filter(
                    totp_factors::last_used_step
                        .is_null()
                        .or(totp_factors::last_used_step.lt(step)),
                ),
        )
        .set(totp_factors::last_used_step.eq(step))
        .execute(conn)
    })
}

/// Spends the unused recovery code with digest `hash`: 1 if there was one.
pub fn use_recovery_code(
    conn: &mut DbConn,
    token_id: TokenId,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(
            totp_recovery_codes::table
                .filter(totp_recovery_codes::token_id.eq(token_id))
                .filter(totp_recovery_codes::code_hash.eq(hash))
                .filter(totp_recovery_codes::used_at.is_null()),
        )
        .set(totp_recovery_codes::used_at.eq(now))
        .execute(conn)
    })
}

/// Unused recovery codes of `token_id`.
pub fn recovery_codes_left(conn: &mut DbConn, token_id: TokenId) -> QueryResult<i64> {
    with_conn!(conn, {
        totp_recovery_codes::table
            .filter(totp_recovery_codes::token_id.eq(token_id))
            .filter(totp_recovery_codes::used_at.is_null())
            .count()
            .get_result(conn)
    })
}

/// Removes the factor (pending or confirmed) and its recovery codes; the number of factors
/// removed.
pub fn reset(conn: &mut DbConn, token_id: TokenId) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(
            totp_recovery_codes::table.filter(totp_recovery_codes::token_id.eq(token_id)),
        )
        .execute(conn)
    })?;
    with_conn!(conn, {
        diesel::delete(totp_factors::table.find(token_id)).execute(conn)
    })
}

/// Whether every staff member must sign in in the browser with a second factor.
pub fn require_totp(conn: &mut DbConn) -> QueryResult<bool> {
    with_conn!(conn, {
        security_settings::table
            .find(1_i64)
            .select(security_settings::require_totp)
            .first(conn)
            .optional()
    })
    .map(|v| v.unwrap_or(false))
}

pub fn set_require_totp(conn: &mut DbConn, required: bool) -> QueryResult<()> {
    with_conn!(conn, {
        diesel::update(security_settings::table.find(1_i64))
            .set(security_settings::require_totp.eq(required))
            .execute(conn)
    })?;
    Ok(())
}
