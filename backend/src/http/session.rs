//! The session cookie layer: server-side sessions in the database or Redis, a private
//! (encrypted) cookie, host-only, HttpOnly, and an idle lifetime that slides.

use actix_session::{
    config::{BrowserSession, CookieContentSecurity},
    SessionMiddleware,
};
use actix_web::cookie::{time::Duration, Key, SameSite};

use crate::{auth::session_store::AnyStore, config::Settings};

pub fn middleware(store: AnyStore, key: Key, settings: &Settings) -> SessionMiddleware<AnyStore> {
    SessionMiddleware::builder(store, key)
        .cookie_name(settings.cookie_name().into())
        .cookie_secure(settings.cookie_secure)
        .cookie_http_only(true)
        .cookie_same_site(if settings.embed_origins.is_empty() {
            SameSite::Lax
        } else {
            SameSite::None
        })
        .cookie_path("/".into())
        .cookie_domain(None)
        .cookie_content_security(CookieContentSecurity::Private)
        .session_lifecycle(
            BrowserSession::default()
                .state_ttl(Duration::minutes(i64::from(settings.session_idle_minutes))),
        )
        .build()
}
