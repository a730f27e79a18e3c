//! Both migration sets, as embedded in the binary: every migration applies, reverts (newest
//! first) to an empty schema, and applies again.

use diesel::{prelude::*, sql_types::Text};
use diesel_migrations::MigrationHarness;
use planner::db::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};

use crate::helpers::*;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn round_trip<C>(
    conn: &mut C,
    migrations: impl Fn() -> diesel_migrations::EmbeddedMigrations,
    tables_sql: &str,
) where
    C: MigrationHarness<C::Backend> + Connection,
    diesel_migrations::EmbeddedMigrations: diesel::migration::MigrationSource<C::Backend>,
    Name: QueryableByName<C::Backend>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Name>,
{
    let tables = |conn: &mut C| -> Vec<String> {
        diesel::sql_query(tables_sql)
            .load::<Name>(conn)
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .filter(|n| n != "__diesel_schema_migrations")
            .collect()
    };
    let applied = conn.run_pending_migrations(migrations()).unwrap().len();
    assert!(applied >= 5, "{applied} migrations");
    let full = tables(conn);
    assert!(full.contains(&"submissions".to_owned()), "{full:?}");
    for _ in 0..applied {
        conn.revert_last_migration(migrations()).unwrap();
    }
    assert!(conn.applied_migrations().unwrap().is_empty());
    assert_eq!(
        tables(conn),
        Vec::<String>::new(),
        "down migrations leave nothing"
    );
    assert_eq!(
        conn.run_pending_migrations(migrations()).unwrap().len(),
        applied
    );
    assert_eq!(tables(conn), full);
}

#[test]
fn sqlite_migrations_apply_revert_and_reapply() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = SqliteConnection::establish(&dir.path().join("m.db").to_string_lossy()).unwrap();
    round_trip(
        &mut conn,
        || SQLITE_MIGRATIONS,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
}

#[test]
fn postgres_migrations_apply_revert_and_reapply() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::fresh_postgres(&dir);
    let mut conn = PgConnection::establish(&database.url).unwrap();
    round_trip(
        &mut conn,
        || POSTGRES_MIGRATIONS,
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' ORDER BY table_name",
    );
}

#[derive(QueryableByName)]
struct RoleRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    role: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    api: bool,
}

/// An installation from before staff roles: its admin tokens become owner tokens that still
/// work from scripts.
#[test]
fn admin_tokens_from_before_roles_become_owner_api_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = SqliteConnection::establish(&dir.path().join("m.db").to_string_lossy()).unwrap();
    conn.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
    let has_roles = |conn: &mut SqliteConnection| {
        diesel::sql_query("SELECT name FROM sqlite_master WHERE name = 'token_processes'")
            .load::<Name>(conn)
            .unwrap()
            .len()
            == 1
    };
    while has_roles(&mut conn) {
        conn.revert_last_migration(SQLITE_MIGRATIONS).unwrap();
    }
    diesel::sql_query(
        "INSERT INTO tokens (kind, token_hash, hint, source, created_at) \
         VALUES ('admin', 'h1', 'abcd', 'cli', '2026-01-01 00:00:00')",
    )
    .execute(&mut conn)
    .unwrap();
    conn.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
    let rows = diesel::sql_query("SELECT role, api FROM tokens")
        .load::<RoleRow>(&mut conn)
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].role.as_deref(), Some("owner"));
    assert!(rows[0].api);
}

#[derive(QueryableByName)]
struct KnownRow {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    members_known: bool,
}

/// Themes computed before themes recorded their submissions say so (the API then asks for them
/// to be computed again); new ones are written as known.
#[test]
fn themes_from_before_memberships_are_marked_unknown() {
    use diesel::connection::SimpleConnection;
    let dir = tempfile::tempdir().unwrap();
    let mut conn = SqliteConnection::establish(&dir.path().join("m.db").to_string_lossy()).unwrap();
    conn.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
    let has_members = |conn: &mut SqliteConnection| {
        diesel::sql_query("SELECT name FROM sqlite_master WHERE name = 'theme_members'")
            .load::<Name>(conn)
            .unwrap()
            .len()
            == 1
    };
    while has_members(&mut conn) {
        conn.revert_last_migration(SQLITE_MIGRATIONS).unwrap();
    }
    conn.batch_execute(
        "INSERT INTO processes (id, slug, title, prompt, categories, contributor_types, \
             created_at, updated_at) \
         VALUES (1, 'p1', 'P', 'What?', '[]', '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00'); \
         INSERT INTO themes (process_id, position, label, terms, size, category_mix, \
             representatives, seed, created_at) \
         VALUES (1, 0, 'trees', '[]', 3, '{}', '[]', 1, '2026-01-01 00:00:00')",
    )
    .unwrap();
    conn.run_pending_migrations(SQLITE_MIGRATIONS).unwrap();
    let rows = diesel::sql_query("SELECT members_known FROM themes")
        .load::<KnownRow>(&mut conn)
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].members_known);
}
