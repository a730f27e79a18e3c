//! What answers when no route matched: 405 with `Allow` for a known path, a problem document
//! for unknown API paths, and otherwise the SPA's `index.html` (client-side routes).

use actix_web::{http::header, web, HttpRequest, HttpResponse, Responder};

use crate::{error::ApiError, state::AppState};

/// A known path asked with a method it does not take gets 405 with `Allow`. Unknown API paths
/// get a problem document; other paths get the SPA (client-side routes) if it is built, else 404.
pub async fn fallback(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if let Some(res) = state.allow.method_not_allowed(req.method(), req.path()) {
        return Ok(res);
    }
    if req.path().starts_with("/api") {
        return Err(ApiError::NotFound);
    }
    let index = state.settings.static_dir.join("index.html");
    match actix_files::NamedFile::open_async(&index).await {
        Ok(file) => Ok(file
            .use_last_modified(true)
            .customize()
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .respond_to(&req)
            .map_into_boxed_body()),
        Err(_) => Err(ApiError::NotFound),
    }
}
