//! "You said, we did" in figures: submissions per response status, overall, per category and
//! per theme.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::themes::ThemeRow;
use crate::domain::{vocab::ResponseStatus, ThemeId};

/// One theme's submissions per response status.
#[derive(Serialize, ToSchema, Debug, PartialEq)]
pub struct ThemeOutcomes {
    pub id: ThemeId,
    /// The admin's name for it, else the generated one.
    pub label: String,
    /// Response status -> its submissions (not hidden, not duplicates), every status included.
    pub by_response: BTreeMap<String, i64>,
}

/// Every status at zero.
fn zeros() -> BTreeMap<ResponseStatus, i64> {
    ResponseStatus::ALL.iter().map(|&s| (s, 0)).collect()
}

/// Submissions per response status (every status) and per category and status.
pub(super) type Tally = (
    BTreeMap<ResponseStatus, i64>,
    BTreeMap<String, BTreeMap<String, i64>>,
);

/// Counts per response status (all statuses, in order) and per category and status.
pub(super) fn tally(outcomes: Vec<(Option<String>, Option<ResponseStatus>)>) -> Tally {
    let mut totals = zeros();
    let mut by_category: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (category, status) in outcomes {
        let status = status.unwrap_or(ResponseStatus::Received);
        *totals.entry(status).or_default() += 1;
        *by_category
            .entry(category.unwrap_or_else(|| "unanalysed".into()))
            .or_default()
            .entry(status.to_string())
            .or_default() += 1;
    }
    (totals, by_category)
}

/// Counts per theme (in the themes' order, each under its current name) and status, from
/// (theme, answer) pairs; a theme nobody's submissions count for has zeros.
pub(super) fn by_theme(
    themes: &[ThemeRow],
    outcomes: Vec<(ThemeId, Option<ResponseStatus>)>,
) -> Vec<ThemeOutcomes> {
    let mut counts: BTreeMap<ThemeId, BTreeMap<ResponseStatus, i64>> = BTreeMap::new();
    for (theme, status) in outcomes {
        *counts
            .entry(theme)
            .or_insert_with(zeros)
            .entry(status.unwrap_or(ResponseStatus::Received))
            .or_default() += 1;
    }
    themes
        .iter()
        .map(|t| ThemeOutcomes {
            id: t.id,
            label: t.custom_label.clone().unwrap_or_else(|| t.label.clone()),
            by_response: counts
                .remove(&t.id)
                .unwrap_or_else(zeros)
                .into_iter()
                .map(|(s, n)| (s.to_string(), n))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(id: i64, label: &str, custom: Option<&str>) -> ThemeRow {
        ThemeRow {
            id: ThemeId(id),
            process_id: crate::domain::ProcessId(1),
            position: id as i32,
            label: label.into(),
            custom_label: custom.map(str::to_owned),
            terms: "[]".into(),
            size: 1,
            category_mix: "{}".into(),
            representatives: "[]".into(),
            seed: 1,
            created_at: chrono::NaiveDateTime::default(),
            members_known: true,
        }
    }

    #[test]
    fn each_theme_counts_its_submissions_under_its_current_name() {
        use ResponseStatus::*;
        let themes = [
            theme(1, "trees · park", Some("Green space")),
            theme(2, "buses · night", None),
            theme(3, "bins", None),
        ];
        let counted = by_theme(
            &themes,
            vec![
                (ThemeId(2), Some(Accepted)),
                (ThemeId(1), None),
                (ThemeId(1), Some(Accepted)),
                (ThemeId(1), None),
            ],
        );
        let row = |i: usize| -> (String, Vec<i64>) {
            (
                counted[i].label.clone(),
                ResponseStatus::ALL
                    .iter()
                    .map(|s| counted[i].by_response[s.as_str()])
                    .collect(),
            )
        };
        assert_eq!(counted.len(), 3);
        assert_eq!(row(0), ("Green space".into(), vec![2, 0, 1, 0, 0]));
        assert_eq!(row(1), ("buses · night".into(), vec![0, 0, 1, 0, 0]));
        assert_eq!(row(2), ("bins".into(), vec![0, 0, 0, 0, 0]));
    }
}
