//! Compressed answers: the SPA's precompressed assets chosen by Accept-Encoding, and API JSON
//! and CSV compressed on the way out (exports too, while they stream).

use std::io::Read;

use reqwest::{header::HeaderMap, Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

const ASSET: &str = "/assets/index-Ab3_x.js";

/// A built SPA with one script and stand-ins for its brotli and gzip copies (the server sends
/// the copies as they are, so their bytes only need to be told apart), a script without copies
/// and an image.
async fn spa() -> (TestApp, tempfile::TempDir, Vec<u8>) {
    let dist = tempfile::tempdir().unwrap();
    let assets = dist.path().join("assets");
    std::fs::create_dir(&assets).unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Planner</title>",
    )
    .unwrap();
    let original = "export const greeting = 'hello';\n".repeat(64).into_bytes();
    std::fs::write(assets.join("index-Ab3_x.js"), &original).unwrap();
    std::fs::write(assets.join("index-Ab3_x.js.br"), b"brotli copy").unwrap();
    std::fs::write(assets.join("index-Ab3_x.js.gz"), b"the gzip copy").unwrap();
    std::fs::write(assets.join("lonely-1.js"), "console.log(1)").unwrap();
    std::fs::write(assets.join("pin-1.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::write(assets.join("pin-1.png.br"), b"never sent").unwrap();
    let dir = dist.path().to_owned();
    let app = spawn_app_with(move |s| s.static_dir = dir).await;
    (app, dist, original)
}

async fn fetch(app: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = app.anon(method, path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.unwrap()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// `Vary` names Accept-Encoding, once.
fn varies_by_encoding(headers: &HeaderMap) -> bool {
    let named = headers
        .get_all("vary")
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(','))
        .filter(|v| v.trim().eq_ignore_ascii_case("accept-encoding"))
        .count();
    named == 1
}

#[actix_web::test]
async fn assets_go_out_as_brotli_then_gzip_then_as_they_are() {
    let (app, _dist, original) = spa().await;
    let plain = fetch(&app, Method::GET, ASSET, &[]).await;
    assert_eq!(plain.status(), StatusCode::OK);
    let plain_headers = plain.headers().clone();
    assert_eq!(header(&plain_headers, "content-encoding"), None);
    assert!(varies_by_encoding(&plain_headers));
    assert_eq!(plain.bytes().await.unwrap(), original);
    let content_type = header(&plain_headers, "content-type").unwrap().to_owned();
    assert!(content_type.contains("javascript"), "{content_type}");

    let cases: [(&str, Option<&str>, &[u8]); 7] = [
        ("gzip, deflate, br, zstd", Some("br"), b"brotli copy"),
        ("br", Some("br"), b"brotli copy"),
        ("gzip, deflate", Some("gzip"), b"the gzip copy"),
        ("br;q=0, gzip", Some("gzip"), b"the gzip copy"),
        ("br;q=0.5, gzip;q=0.9", Some("gzip"), b"the gzip copy"),
        ("br;q=0, gzip;q=0", None, &original),
        ("identity", None, &original),
    ];
    let mut etags = vec![header(&plain_headers, "etag").unwrap().to_owned()];
    for (accept, encoding, body) in cases {
        let resp = fetch(&app, Method::GET, ASSET, &[("accept-encoding", accept)]).await;
        assert_eq!(resp.status(), StatusCode::OK, "{accept}");
        let h = resp.headers().clone();
        assert_eq!(header(&h, "content-encoding"), encoding, "{accept}");
        assert_eq!(
            header(&h, "content-type"),
            Some(content_type.as_str()),
            "{accept}"
        );
        assert_eq!(
            header(&h, "content-length"),
            Some(body.len().to_string().as_str()),
            "{accept}"
        );
        assert!(varies_by_encoding(&h), "{accept}");
        assert!(
            header(&h, "cache-control").unwrap().contains("immutable"),
            "{accept}"
        );
        assert!(h.get("content-security-policy").is_some());
        assert_eq!(resp.bytes().await.unwrap(), body, "{accept}");
        let etag = header(&h, "etag").unwrap().to_owned();
        if encoding.is_some() && !etags.contains(&etag) {
            etags.push(etag);
        }
    }
    // One validator per representation: identity, brotli, gzip.
    assert_eq!(etags.len(), 3, "{etags:?}");
}

#[actix_web::test]
async fn head_and_revalidation_are_per_encoding() {
    let (app, _dist, _) = spa().await;
    let head = fetch(&app, Method::HEAD, ASSET, &[("accept-encoding", "br")]).await;
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(head.headers(), "content-encoding"), Some("br"));
    assert_eq!(header(head.headers(), "content-length"), Some("11"));
    assert!(varies_by_encoding(head.headers()));
    let br_etag = header(head.headers(), "etag").unwrap().to_owned();
    assert!(head.bytes().await.unwrap().is_empty());

    let again = fetch(
        &app,
        Method::GET,
        ASSET,
        &[("accept-encoding", "br"), ("if-none-match", &br_etag)],
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(again.headers(), "etag"), Some(br_etag.as_str()));
    // The brotli validator does not match the gzip copy: that one is sent in full.
    let other = fetch(
        &app,
        Method::GET,
        ASSET,
        &[("accept-encoding", "gzip"), ("if-none-match", &br_etag)],
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_eq!(header(other.headers(), "content-encoding"), Some("gzip"));
    let gz_etag = header(other.headers(), "etag").unwrap().to_owned();
    assert_ne!(gz_etag, br_etag);
    let gz_again = fetch(
        &app,
        Method::GET,
        ASSET,
        &[("accept-encoding", "gzip"), ("if-none-match", &gz_etag)],
    )
    .await;
    assert_eq!(gz_again.status(), StatusCode::NOT_MODIFIED);
    let plain = fetch(&app, Method::GET, ASSET, &[("if-none-match", &br_etag)]).await;
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(header(plain.headers(), "content-encoding"), None);
}

#[actix_web::test]
async fn files_without_copies_images_ranges_and_odd_paths_are_sent_as_they_are() {
    let (app, _dist, original) = spa().await;
    let lonely = fetch(
        &app,
        Method::GET,
        "/assets/lonely-1.js",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(lonely.status(), StatusCode::OK);
    assert_eq!(header(lonely.headers(), "content-encoding"), None);
    assert_eq!(lonely.text().await.unwrap(), "console.log(1)");
    let image = fetch(
        &app,
        Method::GET,
        "/assets/pin-1.png",
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(header(image.headers(), "content-encoding"), None);
    assert_eq!(
        image.bytes().await.unwrap().as_ref(),
        [0x89, b'P', b'N', b'G']
    );
    // A copy is only ever found next to the file asked for.
    let sneaky = fetch(
        &app,
        Method::GET,
        "/assets/%2e%2e/index.html",
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(header(sneaky.headers(), "content-encoding"), None);
    // No file, no copy: whatever the fallback answers, it is not a compressed stand-in.
    let missing = fetch(
        &app,
        Method::GET,
        "/assets/gone-1.js",
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(header(missing.headers(), "content-encoding"), None);
    // A byte range is always of the file as it is, never of a compressed copy.
    let range = fetch(
        &app,
        Method::GET,
        ASSET,
        &[("accept-encoding", "br"), ("range", "bytes=0-9")],
    )
    .await;
    assert_eq!(range.status(), StatusCode::PARTIAL_CONTENT);
    assert_ne!(header(range.headers(), "content-encoding"), Some("br"));
    assert_eq!(range.bytes().await.unwrap().as_ref(), &original[..10]);
    // Writing is not serving.
    let post = fetch(&app, Method::POST, ASSET, &[("accept-encoding", "br")]).await;
    assert_ne!(post.status(), StatusCode::OK);
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[actix_web::test]
async fn large_json_is_compressed_small_json_is_not() {
    let app = spawn_app().await;
    let plain = fetch(&app, Method::GET, "/api/v1/openapi.json", &[]).await;
    assert_eq!(header(plain.headers(), "content-encoding"), None);
    assert!(varies_by_encoding(plain.headers()));
    let spec: Value = plain.json().await.unwrap();

    let br = fetch(
        &app,
        Method::GET,
        "/api/v1/openapi.json",
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(header(br.headers(), "content-encoding"), Some("br"));
    assert!(header(br.headers(), "content-type")
        .unwrap()
        .starts_with("application/json"));
    assert!(varies_by_encoding(br.headers()));
    let wire = br.bytes().await.unwrap();
    let json = unbrotli(&wire);
    assert!(
        wire.len() * 3 < json.len(),
        "{} → {}",
        json.len(),
        wire.len()
    );
    assert_eq!(serde_json::from_slice::<Value>(&json).unwrap(), spec);

    let gz = fetch(
        &app,
        Method::GET,
        "/api/v1/openapi.json",
        &[("accept-encoding", "br;q=0, gzip")],
    )
    .await;
    assert_eq!(header(gz.headers(), "content-encoding"), Some("gzip"));
    let json = ungzip(&gz.bytes().await.unwrap());
    assert_eq!(serde_json::from_slice::<Value>(&json).unwrap(), spec);

    let none = fetch(
        &app,
        Method::GET,
        "/api/v1/openapi.json",
        &[("accept-encoding", "br;q=0, gzip;q=0")],
    )
    .await;
    assert_eq!(header(none.headers(), "content-encoding"), None);
    assert_eq!(none.json::<Value>().await.unwrap(), spec);

    // A problem document of a few hundred bytes goes as it is.
    let small = fetch(
        &app,
        Method::GET,
        "/api/v1/auth/session",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(small.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(small.headers(), "content-encoding"), None);
    assert!(varies_by_encoding(small.headers()));
    let body: Value = small.json().await.unwrap();
    assert_eq!(body["status"], 401);

    // HEAD: headers only, never a compressed empty body.
    let head = fetch(&app, Method::HEAD, "/healthz", &[("accept-encoding", "br")]).await;
    assert_eq!(header(head.headers(), "content-encoding"), None);
}

#[actix_web::test]
async fn streamed_exports_are_compressed_as_they_stream() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let mut ids = Vec::new();
    for i in 0..20 {
        let text = format!(
            "Submission number {i}: more shade along the river walk, more benches facing the water, fewer cars on the embankment road."
        );
        let resp = app.submit(&token, "p1", &text).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        ids.push(resp.json::<Value>().await.unwrap()["id"].clone());
    }
    // Analysed first, so the three downloads below carry the same rows.
    for id in &ids {
        analysed(&app, id).await;
    }
    for path in [
        "/api/v1/processes/p1/exports/submissions.csv",
        "/api/v1/processes/p1/exports/submissions.json",
    ] {
        let plain = app.admin(Method::GET, path).send().await.unwrap();
        assert_eq!(plain.status(), StatusCode::OK);
        assert_eq!(header(plain.headers(), "content-encoding"), None);
        let expected = plain.bytes().await.unwrap();
        assert!(expected.len() > 2048, "{path}: {} bytes", expected.len());

        let br = app
            .admin(Method::GET, path)
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(br.status(), StatusCode::OK);
        assert_eq!(
            header(br.headers(), "content-encoding"),
            Some("br"),
            "{path}"
        );
        assert!(varies_by_encoding(br.headers()), "{path}");
        assert!(header(br.headers(), "content-disposition")
            .unwrap()
            .starts_with("attachment"));
        assert_eq!(unbrotli(&br.bytes().await.unwrap()), expected, "{path}");

        let gz = app
            .admin(Method::GET, path)
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(
            header(gz.headers(), "content-encoding"),
            Some("gzip"),
            "{path}"
        );
        assert_eq!(ungzip(&gz.bytes().await.unwrap()), expected, "{path}");
    }
}
