//! Streamed exports of a process's submissions (admin): CSV (one row per submission, or per
//! sentence), JSON and GeoJSON; and the process itself with every language version of its texts. Rows are read in keyset pages of short read transactions, so a
//! 100k-submission export runs in constant memory and never holds up writers. Hidden
//! submissions only on request; never a token or token id.

mod format;
pub mod process_json;
pub mod sentences_csv;
pub mod submissions_csv;
pub mod submissions_geojson;
pub mod submissions_json;

use std::collections::BTreeMap;

use actix_web::web::Bytes;
use actix_web::{http::header, web, HttpResponse};
use chrono::Utc;
use futures_util::{stream, StreamExt};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use crate::{
    api::submission_filters::{FilteredQuery, OwnParams},
    audit::{AuditAction, AuditEvent},
    auth::{ClientIp, Identity},
    db::{
        self, analysis::SentenceRow, processes::ProcessRow, responses::ResponseRow,
        submission_list::SubmissionFilter, Db,
    },
    domain::SubmissionId,
    error::ApiError,
    state::AppState,
};

use actix_web::HttpRequest;

use format::{footer, header, render, Format, Loaded};
pub use format::{neutralise, ExportedSentence, ExportedSubmission};

/// Rows read per page.
const PAGE: i64 = 500;

/// The exports' own query parameters, besides the admin list's filters.
#[derive(Deserialize, IntoParams, Clone)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportOptions {
    /// Include hidden submissions (default false).
    #[serde(default)]
    pub include_hidden: bool,
    /// CSV only: start with a UTF-8 byte-order mark, which older Excel versions need to read
    /// accents correctly (default false).
    #[serde(default)]
    pub bom: bool,
}

impl OwnParams for ExportOptions {
    const NAMES: &'static [&'static str] = &["include_hidden", "bom"];
}

/// An export's query: the admin list's filters and the export's options.
pub type ExportQuery = FilteredQuery<ExportOptions>;

/// One page after `after`, with sentences (only for analysed submissions).
async fn page(
    db: &Db,
    filter: SubmissionFilter,
    after: SubmissionId,
) -> Result<Vec<Loaded>, ApiError> {
    db.read(move |conn| {
        let rows = db::submission_list::page_after(conn, &filter, after, PAGE)?;
        let ids: Vec<SubmissionId> = rows
            .iter()
            .filter(|r| r.analysed_at.is_some())
            .map(|r| r.id)
            .collect();
        let mut sentences: BTreeMap<SubmissionId, Vec<SentenceRow>> = BTreeMap::new();
        for s in db::analysis::for_submissions(conn, &ids)? {
            sentences.entry(s.submission_id).or_default().push(s);
        }
        let all: Vec<SubmissionId> = rows.iter().map(|r| r.id).collect();
        let mut responses: BTreeMap<SubmissionId, ResponseRow> =
            db::responses::for_submissions(conn, &all)?
                .into_iter()
                .map(|r| (r.id, r))
                .collect();
        let supports = db::supports::counts(conn, &all)?;
        Ok(rows
            .into_iter()
            .map(|row| Loaded {
                sentences: sentences.remove(&row.id).unwrap_or_default(),
                response: responses.remove(&row.id),
                supports: supports.get(&row.id).copied().unwrap_or(0),
                row,
            })
            .collect())
    })
    .await
}

/// Streams one export of `process`: the audit entry first, then the header, the pages, the
/// footer. The four endpoints differ only in `format`.
async fn export(
    state: web::Data<AppState>,
    admin: Identity,
    ip: ClientIp,
    req: HttpRequest,
    process: ProcessRow,
    query: ExportQuery,
    format: Format,
) -> Result<HttpResponse, ApiError> {
    refuse_cross_site(&req)?;
    let FilteredQuery {
        filters,
        own: options,
    } = query;
    // The admin list's filters, as the list applies them; hidden ones only when asked for.
    let filter = SubmissionFilter {
        exclude_hidden: !options.include_hidden,
        ..filters
            .to_filter(process.id, &admin, "")
            .map_err(ApiError::field)?
    };
    let admin = admin.token_id;
    let details = json!({
        "format": format.name(),
        "include_hidden": options.include_hidden,
        "filters": filters,
    });
    let audit_slug = process.slug.clone();
    state
        .db
        .write(move |conn| {
            Ok(AuditEvent::new(AuditAction::Export)
                .target("process", audit_slug)
                .details(details)
                .record(conn, Some(admin), Some(ip))?)
        })
        .await?;
    let order: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
    let db = state.db.clone();
    let head = stream::once(async move { Ok::<Bytes, ApiError>(header(format, options.bom)) });
    let body = stream::unfold(Some((SubmissionId(0), true)), move |cursor| {
        let (db, filter, order) = (db.clone(), filter.clone(), order.clone());
        async move {
            let (after, mut first) = cursor?;
            match page(&db, filter, after).await {
                Ok(items) if items.is_empty() => None,
                Ok(items) => {
                    let last = items.last().map(|l| l.row.id).unwrap_or(after);
                    let bytes = render(format, items, &order, &mut first);
                    Some((Ok(bytes), Some((last, first))))
                }
                Err(err) => {
                    // Headers are gone already: end the body so the client sees a truncated file.
                    log::error!("export of {} failed mid-stream: {err}", format.name());
                    Some((Err(err), None))
                }
            }
        }
    });
    let tail = stream::once(async move { Ok::<Bytes, ApiError>(footer(format)) });
    let filename = format!(
        "{}-{}-{}",
        process.slug,
        Utc::now().format("%Y%m%d"),
        format.name()
    );
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(head.chain(body).chain(tail)))
}

/// An export writes an audit entry, so it is a state change a GET must not make for another
/// site: a cross-site navigation (SameSite=Lax sends the cookie on those) is refused. Our own
/// pages (`same-origin`), a typed address or bookmark (`none`) and non-browser clients (no
/// header) go ahead.
fn refuse_cross_site(req: &actix_web::HttpRequest) -> Result<(), ApiError> {
    match req
        .headers()
        .get("sec-fetch-site")
        .map(|v| v.to_str().unwrap_or(""))
    {
        None | Some("same-origin") | Some("none") => Ok(()),
        Some(_) => Err(ApiError::CsrfRejected),
    }
}
