//! Streamed exports of a process's submissions (admin): CSV (one row per submission, or per
//! sentence), JSON and GeoJSON. Rows are read in keyset pages of short read transactions, so a
//! 100k-submission export runs in constant memory and never holds up writers. Hidden
//! submissions only on request; never a token or token id.

use std::collections::BTreeMap;

use actix_web::web::Bytes;
use actix_web::{get, http::header, web, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::{stream, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use super::{processes::find, utc};
use crate::{
    analysis::summary::summarise,
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{
        self,
        analysis::SentenceRow,
        processes::ProcessRow,
        submissions::{SubmissionFilter, SubmissionRow},
        Db,
    },
    domain::{Location, SubmissionStatus},
    error::{ApiError, Problem},
};

/// Rows read per page.
const PAGE: i64 = 500;

#[derive(Deserialize, IntoParams, Clone)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    pub status: Option<SubmissionStatus>,
    pub contributor_type: Option<String>,
    /// Case-insensitive substring of the text.
    pub q: Option<String>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    pub has_location: Option<bool>,
    /// Primary category key.
    pub category: Option<String>,
    /// Include hidden submissions (default false).
    #[serde(default)]
    pub include_hidden: bool,
    /// CSV only: start with a UTF-8 byte-order mark, which older Excel versions need to read
    /// accents correctly (default false).
    #[serde(default)]
    pub bom: bool,
}

impl ExportQuery {
    fn filter(&self, process_id: i64) -> SubmissionFilter {
        SubmissionFilter {
            process_id,
            status: self.status.map(|s| s.as_str().to_owned()),
            contributor_type: self.contributor_type.clone(),
            text_query: self
                .q
                .as_ref()
                .map(|q| q.trim().to_owned())
                .filter(|q| !q.is_empty()),
            created_from: self.created_from.map(|t| t.naive_utc()),
            created_to: self.created_to.map(|t| t.naive_utc()),
            has_location: self.has_location,
            primary_category: self.category.clone(),
            exclude_hidden: !self.include_hidden,
            ..Default::default()
        }
    }
}

/// A sentence in the JSON export.
#[derive(Serialize, ToSchema)]
pub struct ExportedSentence {
    pub position: i32,
    pub text: String,
    pub category: String,
    pub confidence: f64,
    /// `model` or `admin`.
    pub source: String,
}

/// A submission in the JSON export (stable schema).
#[derive(Serialize, ToSchema)]
pub struct ExportedSubmission {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub contributor_type: String,
    pub status: SubmissionStatus,
    pub moderation_reason: Option<String>,
    pub text: String,
    pub location: Option<Location>,
    pub primary_category: Option<String>,
    pub category_distribution: BTreeMap<String, f64>,
    pub entered_by_admin: bool,
    /// Id of the submission this one repeats.
    pub duplicate_of: Option<i64>,
    pub sentences: Vec<ExportedSentence>,
}

/// A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading
/// apostrophe, so it is shown as text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn distribution_cell(d: &BTreeMap<String, f64>) -> String {
    d.iter()
        .map(|(k, v)| format!("{k}={v:.2}"))
        .collect::<Vec<_>>()
        .join("; ")
}

struct Loaded {
    row: SubmissionRow,
    sentences: Vec<SentenceRow>,
}

fn exported(l: Loaded, order: &[String]) -> ExportedSubmission {
    let labelled: Vec<(String, f64)> = l
        .sentences
        .iter()
        .map(|s| (s.category.clone(), s.confidence))
        .collect();
    let (primary, distribution) = summarise(&labelled, order);
    ExportedSubmission {
        id: l.row.id,
        created_at: utc(l.row.created_at),
        updated_at: utc(l.row.updated_at),
        contributor_type: l.row.contributor_type,
        status: SubmissionStatus::parse(&l.row.status).unwrap_or(SubmissionStatus::Hidden),
        moderation_reason: l.row.moderation_reason,
        text: l.row.text,
        location: l
            .row
            .lat
            .zip(l.row.lng)
            .map(|(lat, lng)| Location { lat, lng }),
        primary_category: primary,
        category_distribution: distribution,
        entered_by_admin: l.row.entered_by_admin,
        duplicate_of: l.row.duplicate_of,
        sentences: l
            .sentences
            .into_iter()
            .map(|s| ExportedSentence {
                position: s.position,
                text: s.text,
                category: s.category,
                confidence: s.confidence,
                source: s.source,
            })
            .collect(),
    }
}

/// One page after `after`, with sentences (only for analysed submissions).
async fn page(db: &Db, filter: SubmissionFilter, after: i64) -> Result<Vec<Loaded>, ApiError> {
    db.read(move |conn| {
        let rows = db::submissions::page_after(conn, &filter, after, PAGE)?;
        let ids: Vec<i64> = rows
            .iter()
            .filter(|r| r.analysed_at.is_some())
            .map(|r| r.id)
            .collect();
        let mut sentences: BTreeMap<i64, Vec<SentenceRow>> = BTreeMap::new();
        for s in db::analysis::for_submissions(conn, &ids)? {
            sentences.entry(s.submission_id).or_default().push(s);
        }
        Ok(rows
            .into_iter()
            .map(|row| Loaded {
                sentences: sentences.remove(&row.id).unwrap_or_default(),
                row,
            })
            .collect())
    })
    .await
}

#[derive(Clone, Copy)]
enum Format {
    SubmissionsCsv,
    SentencesCsv,
    Json,
    GeoJson,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::SubmissionsCsv => "submissions.csv",
            Format::SentencesCsv => "sentences.csv",
            Format::Json => "submissions.json",
            Format::GeoJson => "submissions.geojson",
        }
    }
    fn content_type(self) -> &'static str {
        match self {
            Format::SubmissionsCsv | Format::SentencesCsv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
            Format::GeoJson => "application/geo+json",
        }
    }
}

fn csv_line(cells: &[String]) -> Bytes {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(cells).expect("writing to memory");
    Bytes::from(w.into_inner().expect("flush to memory"))
}

fn header(format: Format, bom: bool) -> Bytes {
    let bom = if bom { "\u{feff}" } else { "" };
    let names: &[&str] = match format {
        Format::SubmissionsCsv => &[
            "id",
            "created_at",
            "updated_at",
            "contributor_type",
            "status",
            "moderation_reason",
            "primary_category",
            "category_distribution",
            "lat",
            "lng",
            "entered_by_admin",
            "duplicate_of",
            "text",
        ],
        Format::SentencesCsv => &[
            "submission_id",
            "position",
            "category",
            "confidence",
            "source",
            "contributor_type",
            "text",
        ],
        Format::Json => return Bytes::from_static(b"["),
        Format::GeoJson => {
            return Bytes::from_static(b"{\"type\":\"FeatureCollection\",\"features\":[")
        }
    };
    let mut out = bom.as_bytes().to_vec();
    out.extend_from_slice(&csv_line(
        &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    ));
    Bytes::from(out)
}

fn footer(format: Format) -> Bytes {
    match format {
        Format::Json => Bytes::from_static(b"]\n"),
        Format::GeoJson => Bytes::from_static(b"]}\n"),
        _ => Bytes::new(),
    }
}

/// Renders one page; `first` says whether a JSON separator is needed before the first item.
fn render(format: Format, items: Vec<Loaded>, order: &[String], first: &mut bool) -> Bytes {
    let mut out = Vec::new();
    let mut sep = |out: &mut Vec<u8>| {
        if !*first {
            out.push(b',');
        }
        *first = false;
    };
    for l in items {
        let e = exported(l, order);
        match format {
            Format::SubmissionsCsv => out.extend_from_slice(&csv_line(&[
                e.id.to_string(),
                e.created_at.to_rfc3339(),
                e.updated_at.to_rfc3339(),
                neutralise(&e.contributor_type),
                e.status.as_str().into(),
                neutralise(e.moderation_reason.as_deref().unwrap_or("")),
                neutralise(e.primary_category.as_deref().unwrap_or("")),
                neutralise(&distribution_cell(&e.category_distribution)),
                e.location.map(|l| l.lat.to_string()).unwrap_or_default(),
                e.location.map(|l| l.lng.to_string()).unwrap_or_default(),
                e.entered_by_admin.to_string(),
                e.duplicate_of.map(|d| d.to_string()).unwrap_or_default(),
                neutralise(&e.text),
            ])),
            Format::SentencesCsv => {
                for s in &e.sentences {
                    out.extend_from_slice(&csv_line(&[
                        e.id.to_string(),
                        s.position.to_string(),
                        neutralise(&s.category),
                        format!("{:.4}", s.confidence),
                        s.source.clone(),
                        neutralise(&e.contributor_type),
                        neutralise(&s.text),
                    ]));
                }
            }
            Format::Json => {
                sep(&mut out);
                out.extend_from_slice(&serde_json::to_vec(&e).expect("serialisable"));
            }
            Format::GeoJson => {
                let Some(location) = e.location else { continue };
                sep(&mut out);
                let feature = json!({
                    "type": "Feature",
                    "id": e.id,
                    // RFC 7946: longitude first.
                    "geometry": { "type": "Point", "coordinates": [location.lng, location.lat] },
                    "properties": {
                        "id": e.id,
                        "text": e.text,
                        "primary_category": e.primary_category,
                        "category_distribution": e.category_distribution,
                        "contributor_type": e.contributor_type,
                        "status": e.status,
                        "created_at": e.created_at,
                        "duplicate_of": e.duplicate_of,
                    }
                });
                out.extend_from_slice(&serde_json::to_vec(&feature).expect("serialisable"));
            }
        }
    }
    Bytes::from(out)
}

async fn export(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    slug: String,
    query: ExportQuery,
    format: Format,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let process: ProcessRow = find(&state, &slug).await?;
    let filter = query.filter(process.id);
    let details = json!({
        "format": format.name(),
        "include_hidden": query.include_hidden,
        "filters": { "status": query.status, "contributor_type": query.contributor_type, "q": query.q,
                     "created_from": query.created_from, "created_to": query.created_to,
                     "has_location": query.has_location, "category": query.category },
    });
    let audit_slug = process.slug.clone();
    state
        .db
        .write(move |conn| {
            Ok(AuditEvent::new("export")
                .target("process", audit_slug)
                .details(details)
                .record(conn, Some(admin), Some(ip))?)
        })
        .await?;
    let order: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
    let db = state.db.clone();
    let head = stream::once(async move { Ok::<Bytes, ApiError>(header(format, query.bom)) });
    let body = stream::unfold(Some((0i64, true)), move |cursor| {
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

macro_rules! export_endpoint {
    ($name:ident, $op:literal, $path:literal, $format:expr, $ct:literal, $body:ty, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
                    operation_id = $op,
                    tag = "exports",
                    params(("slug" = String, Path), ExportQuery),
                    responses(
                        (status = 200, description = $doc, content_type = $ct, body = $body),
                        (status = 403, description = "Not an admin, or a cross-site navigation", body = Problem, content_type = "application/problem+json"),
                        (status = 404, body = Problem, content_type = "application/problem+json"),
                    ),
                    security(("session_cookie" = []), ("bearer" = []))
                )]
        #[get($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            caller: Caller,
            ip: ClientIp,
            req: actix_web::HttpRequest,
            slug: web::Path<String>,
            query: web::Query<ExportQuery>,
        ) -> Result<HttpResponse, ApiError> {
            refuse_cross_site(&req)?;
            export(
                state,
                caller,
                ip,
                slug.into_inner(),
                query.into_inner(),
                $format,
            )
            .await
        }
    };
}

export_endpoint!(
    submissions_csv,
    "exportSubmissionsCsv",
    "/processes/{slug}/exports/submissions.csv",
    Format::SubmissionsCsv,
    "text/csv",
    String,
    "One CSV row per submission (admin): primary category, distribution, status, location, contributor type, timestamps. Cells that would run as formulas are neutralised."
);
export_endpoint!(
    sentences_csv,
    "exportSentencesCsv",
    "/processes/{slug}/exports/sentences.csv",
    Format::SentencesCsv,
    "text/csv",
    String,
    "One CSV row per categorised sentence (admin)."
);
export_endpoint!(
    submissions_json,
    "exportSubmissionsJson",
    "/processes/{slug}/exports/submissions.json",
    Format::Json,
    "application/json",
    Vec<ExportedSubmission>,
    "Every matching submission with its sentences, as a JSON array (admin)."
);
export_endpoint!(
    submissions_geojson,
    "exportSubmissionsGeoJson",
    "/processes/{slug}/exports/submissions.geojson",
    Format::GeoJson,
    "application/geo+json",
    Object,
    "Located submissions as an RFC 7946 FeatureCollection of Points in longitude, latitude order (admin)."
);

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        for bad in ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralise("Plant trees = good"), "Plant trees = good");
    }
}
