//! Dashboard figures for one process: how many, from whom, when, and where.

mod outcomes;

use crate::db::processes::ProcessRow;
use crate::{api::extract::InProcess, auth::op};
use std::collections::BTreeMap;

use actix_web::{get, web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub use outcomes::ThemeOutcomes;

use crate::domain::vocab::SubmissionStatus;
use crate::{
    db,
    error::{ApiError, Problem},
    state::AppState,
};

#[derive(Deserialize, Serialize, ToSchema, Clone, Copy, Default, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    #[default]
    Day,
    /// ISO weeks, starting on Monday.
    Week,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsQuery {
    /// Bucket size of `over_time` (default day).
    pub interval: Option<Interval>,
}

#[derive(Serialize, ToSchema)]
pub struct KeyCount {
    pub key: String,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeSummary {
    pub id: crate::domain::ThemeId,
    pub label: String,
    /// Sentences in the theme.
    pub size: i32,
}

#[derive(Serialize, ToSchema)]
pub struct TimeBucket {
    /// First day of the bucket (UTC).
    pub start: NaiveDate,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverTime {
    pub interval: Interval,
    /// Consecutive buckets from the first to the last submission, empty ones included.
    pub buckets: Vec<TimeBucket>,
}

/// Counts exclude hidden submissions and duplicates, except in `by_status`.
#[derive(Serialize, ToSchema)]
pub struct Analytics {
    /// Submissions that are not hidden.
    pub total: i64,
    /// Every moderation status with its count (hidden included).
    pub by_status: BTreeMap<String, i64>,
    /// Every contributor type of the process, in the process's order, zeros included; keys
    /// no longer in the process's list come last.
    pub by_contributor_type: Vec<KeyCount>,
    /// Submissions per primary category, in the process's order (zeros included); submissions
    /// not analysed yet count under `unanalysed`.
    pub by_category: Vec<KeyCount>,
    /// category -> contributor type -> submissions.
    pub category_by_contributor_type: BTreeMap<String, BTreeMap<String, i64>>,
    /// Submissions per response status ("you said, we did"), every status in order, zeros
    /// included.
    pub by_response: Vec<KeyCount>,
    /// category (or `unanalysed`) -> response status -> submissions.
    pub response_by_category: BTreeMap<String, BTreeMap<String, i64>>,
    /// Per theme, in the order of `themes`: its submissions per response status. A submission
    /// with sentences in two themes counts under both. Empty until themes are computed, and
    /// while `theme_members_known` is false.
    pub response_by_theme: Vec<ThemeOutcomes>,
    /// False while the latest themes were computed before themes recorded their submissions
    /// (compute them again to count outcomes per theme); true otherwise, also without themes.
    pub theme_members_known: bool,
    /// Submissions marked as duplicates of another (counted once, under the original).
    pub duplicates: i64,
    /// Supports of the counted submissions: participants who backed a submission instead of
    /// repeating it, each once per submission, a duplicate's supporters under its original.
    pub supports: i64,
    /// Supports per primary category of the supported submission, like `by_category`.
    pub supports_by_category: Vec<KeyCount>,
    /// Supports per contributor type of the supported submission's author, like
    /// `by_contributor_type`.
    pub supports_by_contributor_type: Vec<KeyCount>,
    /// The latest computed themes, largest first (empty until themes are computed).
    pub themes: Vec<ThemeSummary>,
    pub over_time: OverTime,
    pub located: i64,
    pub unlocated: i64,
}

fn bucket_start(day: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Day => day,
        Interval::Week => {
            day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
        }
    }
}

fn over_time(created: &[chrono::NaiveDateTime], interval: Interval) -> OverTime {
    let mut counts: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for at in created {
        *counts.entry(bucket_start(at.date(), interval)).or_default() += 1;
    }
    let step = match interval {
        Interval::Day => 1,
        Interval::Week => 7,
    };
    let mut buckets = Vec::new();
    if let (Some(first), Some(last)) =
        (counts.keys().next().copied(), counts.keys().last().copied())
    {
        let mut day = first;
        while day <= last {
            buckets.push(TimeBucket {
                start: day,
                count: counts.get(&day).copied().unwrap_or(0),
            });
            day += chrono::Duration::days(step);
        }
    }
    OverTime { interval, buckets }
}

/// Dashboard figures for a process (admin).
#[utoipa::path(
    operation_id = "getAnalytics",
    tag = "processes",
    params(("slug" = String, Path), AnalyticsQuery),
    responses((status = 200, body = Analytics), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/analytics")]
pub async fn analytics(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::GetAnalytics>,
    query: web::Query<AnalyticsQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(compute(&state, &process, query.interval.unwrap_or_default()).await?))
}

/// The figures for one process (also behind signed results links).
pub async fn compute(
    state: &AppState,
    process: &ProcessRow,
    interval: Interval,
) -> Result<Analytics, ApiError> {
    let process_id = process.id;
    let (agg, themes, answers, theme_answers, supported) = state
        .db
        .read(move |conn| {
            let themes = db::themes::for_process(conn, process_id)?;
            let ids: Vec<_> = themes.iter().map(|t| t.id).collect();
            Ok((
                db::submissions::aggregates(conn, process_id)?,
                themes,
                db::responses::outcomes(conn, process_id)?,
                db::theme_members::outcomes(conn, &ids)?,
                db::supports::totals(conn, process_id)?,
            ))
        })
        .await?;
    let (totals, response_by_category) = outcomes::tally(answers);
    let by_response = totals
        .into_iter()
        .map(|(s, count)| KeyCount {
            key: s.to_string(),
            count,
        })
        .collect();
    let theme_members_known = themes.iter().all(|t| t.members_known);
    let response_by_theme = if theme_members_known {
        outcomes::by_theme(&themes, theme_answers)
    } else {
        Vec::new()
    };
    let mut by_status: BTreeMap<String, i64> = SubmissionStatus::ALL
        .iter()
        .map(|s| (s.to_string(), 0))
        .collect();
    by_status.extend(agg.by_status);
    let ordered = |keys: Vec<String>, counts: BTreeMap<String, i64>| -> Vec<KeyCount> {
        let mut counts = counts;
        let mut out: Vec<KeyCount> = keys
            .into_iter()
            .map(|key| KeyCount {
                count: counts.remove(&key).unwrap_or(0),
                key,
            })
            .collect();
        out.extend(
            counts
                .into_iter()
                .map(|(key, count)| KeyCount { key, count }),
        );
        out
    };
    let type_keys: Vec<String> = process
        .contributor_types()
        .into_iter()
        .map(|t| t.key)
        .collect();
    let category_keys: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
    let by_contributor_type = ordered(
        type_keys.clone(),
        agg.by_contributor_type.into_iter().collect(),
    );
    let supports = tally_supports(supported);
    let mut per_category: BTreeMap<String, i64> = BTreeMap::new();
    let mut category_by_contributor_type: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (category, kind, count) in agg.by_category_and_type {
        let category = category.unwrap_or_else(|| "unanalysed".into());
        *per_category.entry(category.clone()).or_default() += count;
        *category_by_contributor_type
            .entry(category)
            .or_default()
            .entry(kind)
            .or_default() += count;
    }
    let total = agg.created.len() as i64;
    Ok(Analytics {
        total,
        by_status,
        by_contributor_type,
        by_category: ordered(category_keys.clone(), per_category),
        category_by_contributor_type,
        by_response,
        response_by_category,
        response_by_theme,
        theme_members_known,
        duplicates: agg.duplicates,
        supports: supports.total,
        supports_by_category: ordered(category_keys, supports.by_category),
        supports_by_contributor_type: ordered(type_keys, supports.by_contributor_type),
        themes: themes
            .into_iter()
            .map(|t| ThemeSummary {
                id: t.id,
                label: t.custom_label.unwrap_or(t.label),
                size: t.size,
            })
            .collect(),
        over_time: over_time(&agg.created, interval),
        located: agg.located,
        unlocated: total - agg.located,
    })
}

/// Support totals, overall, per category (or `unanalysed`) and per contributor type.
struct SupportTally {
    total: i64,
    by_category: BTreeMap<String, i64>,
    by_contributor_type: BTreeMap<String, i64>,
}

fn tally_supports(supported: Vec<(Option<String>, String, i64)>) -> SupportTally {
    let mut tally = SupportTally {
        total: 0,
        by_category: BTreeMap::new(),
        by_contributor_type: BTreeMap::new(),
    };
    for (category, kind, count) in supported {
        tally.total += count;
        *tally
            .by_category
            .entry(category.unwrap_or_else(|| "unanalysed".into()))
            .or_default() += count;
        *tally.by_contributor_type.entry(kind).or_default() += count;
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn days_without_submissions_are_zero_buckets() {
        let t = over_time(
            &[
                at("2026-11-02 10:00"),
                at("2026-11-04 09:00"),
                at("2026-11-04 23:59"),
            ],
            Interval::Day,
        );
        let counts: Vec<i64> = t.buckets.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 0, 2]);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-29 is a Sunday, 2026-11-30 a Monday.
        let t = over_time(
            &[at("2026-11-29 12:00"), at("2026-11-30 12:00")],
            Interval::Week,
        );
        assert_eq!(
            t.buckets[0].start,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(
            t.buckets[1].start,
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }
}
