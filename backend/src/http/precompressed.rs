//! The SPA's assets in the coding the browser prefers. `npm run build` writes a brotli (`.br`)
//! and a gzip (`.gz`) copy next to each text asset (frontend/scripts/precompress.mjs); this layer
//! in front of `actix_files` sends such a copy as it is, with the original's Content-Type, its own
//! Content-Length and its own ETag (each copy is a file of its own), so nothing is compressed
//! per request. Without a usable copy the request goes on to `actix_files` unchanged.

use std::path::Path;

use actix_files::NamedFile;
use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::{
        header::{self, ContentDisposition, DispositionParam, DispositionType, HeaderValue},
        Method,
    },
    middleware::Next,
    web, Error,
};

use super::negotiate::{file_suffix, preferred_encoding};
use crate::state::AppState;

/// The URL prefix the assets are served under (Vite's `assetsDir`).
pub const PREFIX: &str = "/assets/";

/// Formats the build compresses; for these the answer depends on Accept-Encoding.
const TEXT_EXTENSIONS: [&str; 7] = ["js", "mjs", "css", "svg", "json", "html", "map"];

pub async fn serve_precompressed(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let name = asset_name(req.path()).map(str::to_owned);
    let varies = name.as_deref().is_some_and(is_text);
    // A byte range is of the file as it is: actix_files would label a range of a copy as
    // `identity`, so ranges never get one.
    let whole = matches!(*req.method(), Method::GET | Method::HEAD)
        && !req.headers().contains_key(header::RANGE);
    if let (Some(name), true) = (&name, whole) {
        let dir = req
            .app_data::<web::Data<AppState>>()
            .expect("state")
            .settings
            .static_dir
            .join("assets");
        if let Some(file) = open_copy(&dir, name, &req).await {
            let (http_req, _) = req.into_parts();
            let mut res = file.into_response(&http_req);
            add_vary(res.headers_mut());
            return Ok(ServiceResponse::new(http_req, res).map_into_left_body());
        }
    }
    let mut res = next.call(req).await?;
    if varies {
        add_vary(res.headers_mut());
    }
    Ok(res.map_into_right_body())
}

/// The file name of a request for one asset. Vite's names are flat and plain (`index-Ab3_x.js`),
/// so anything else (sub-paths, dot files, escapes) is left to `actix_files` and its checks.
fn asset_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix(PREFIX)?;
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    plain.then_some(name)
}

fn extension(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(_, ext)| ext)
}

fn is_text(name: &str) -> bool {
    extension(name).is_some_and(|ext| TEXT_EXTENSIONS.contains(&ext))
}

/// The copy of `name` in the preferred coding, dressed as the original: its type and name.
async fn open_copy(dir: &Path, name: &str, req: &ServiceRequest) -> Option<NamedFile> {
    if !is_text(name) {
        return None;
    }
    let encoding = preferred_encoding(req);
    let suffix = file_suffix(encoding)?;
    let file = NamedFile::open_async(dir.join(format!("{name}.{suffix}")))
        .await
        .ok()?;
    let mime = actix_files::file_extension_to_mime(extension(name)?);
    Some(
        file.set_content_type(mime)
            .set_content_encoding(encoding)
            .set_content_disposition(ContentDisposition {
                disposition: DispositionType::Inline,
                parameters: vec![DispositionParam::Filename(name.to_owned())],
            }),
    )
}

fn add_vary(headers: &mut header::HeaderMap) {
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_flat_names_are_looked_up() {
        assert_eq!(asset_name("/assets/index-Ab3_x.js"), Some("index-Ab3_x.js"));
        assert_eq!(asset_name("/assets/"), None);
        assert_eq!(asset_name("/assets/.env"), None);
        assert_eq!(asset_name("/assets/a/../b.js"), None);
        assert_eq!(asset_name("/assets/a%2Fb.js"), None);
        assert_eq!(asset_name("/index.html"), None);
    }

    #[test]
    fn images_are_not_text() {
        assert!(is_text("index-1.js"));
        assert!(is_text("index-1.css"));
        assert!(!is_text("marker-icon.png"));
        assert!(!is_text("LICENSE"));
    }
}
