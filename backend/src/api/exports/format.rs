//! The four export formats: CSV rows per submission or per sentence, the JSON array and the
//! GeoJSON feature collection, rendered page by page.

use std::collections::BTreeMap;

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::api::{responses::ResponseView, utc};
use crate::domain::vocab::SentenceSource;
use crate::{
    analysis::summary::summarise,
    db::{analysis::SentenceRow, responses::ResponseRow, submissions::SubmissionRow},
    domain::SubmissionId,
    domain::{Location, SubmissionStatus},
};

/// A sentence in the JSON export.
#[derive(Serialize, ToSchema)]
pub struct ExportedSentence {
    pub position: i32,
    pub text: String,
    pub category: String,
    pub confidence: f64,
    pub source: SentenceSource,
}

/// A submission in the JSON export (stable schema).
#[derive(Serialize, ToSchema)]
pub struct ExportedSubmission {
    pub id: SubmissionId,
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
    pub duplicate_of: Option<SubmissionId>,
    /// The facilitators' answer ("you said, we did").
    pub response: ResponseView,
    /// Participants who support it (its duplicates' supporters included, its author never
    /// counted; a duplicate counts its own only).
    pub supports: i64,
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

pub(super) struct Loaded {
    pub(super) row: SubmissionRow,
    pub(super) sentences: Vec<SentenceRow>,
    pub(super) response: Option<ResponseRow>,
    pub(super) supports: i64,
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
        status: l.row.status,
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
        response: ResponseView::from(l.response),
        supports: l.supports,
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

#[derive(Clone, Copy)]
pub(super) enum Format {
    SubmissionsCsv,
    SentencesCsv,
    Json,
    GeoJson,
}

impl Format {
    pub(super) fn name(self) -> &'static str {
        match self {
            Format::SubmissionsCsv => "submissions.csv",
            Format::SentencesCsv => "sentences.csv",
            Format::Json => "submissions.json",
            Format::GeoJson => "submissions.geojson",
        }
    }
    pub(super) fn content_type(self) -> &'static str {
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

pub(super) fn header(format: Format, bom: bool) -> Bytes {
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
            "supports",
            "response_status",
            "response_reply",
            "responded_at",
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

pub(super) fn footer(format: Format) -> Bytes {
    match format {
        Format::Json => Bytes::from_static(b"]\n"),
        Format::GeoJson => Bytes::from_static(b"]}\n"),
        _ => Bytes::new(),
    }
}

/// Renders one page; `first` says whether a JSON separator is needed before the first item.
pub(super) fn render(
    format: Format,
    items: Vec<Loaded>,
    order: &[String],
    first: &mut bool,
) -> Bytes {
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
                e.supports.to_string(),
                e.response.status.as_str().into(),
                neutralise(e.response.reply.as_deref().unwrap_or("")),
                e.response
                    .responded_at
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default(),
                neutralise(&e.text),
            ])),
            Format::SentencesCsv => {
                for s in &e.sentences {
                    out.extend_from_slice(&csv_line(&[
                        e.id.to_string(),
                        s.position.to_string(),
                        neutralise(&s.category),
                        format!("{:.4}", s.confidence),
                        s.source.to_string(),
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
                        "supports": e.supports,
                        "response_status": e.response.status,
                        "response_reply": e.response.reply,
                    }
                });
                out.extend_from_slice(&serde_json::to_vec(&feature).expect("serialisable"));
            }
        }
    }
    Bytes::from(out)
}

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
