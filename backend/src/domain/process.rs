//! Planning-process values: slug, categories, contributor types and map view, with the
//! default taxonomy from docs/planning-categories.md.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use planner_analysis::language::Language;

use super::text;
use crate::error::{FieldCode, FieldError};

const MAX_LIST: usize = 30;

/// URL-safe process identifier: 2-64 of a-z, 0-9 and inner hyphens.
#[derive(Debug, Clone)]
pub struct Slug(String);

impl Slug {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let ok = (2..=64).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(FieldError::new(
                "slug", FieldCode::InvalidFormat,
                "must be 2-64 characters of a-z, 0-9 and single hyphens, not starting or ending with one",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A category sentences are sorted into.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    #[schema(example = "vision", pattern = "^[a-z][a-z0-9_]{0,31}$")]
    pub key: String,
    #[schema(
        example = "Vision",
        min_length = 1,
        max_length = 60,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
    /// Line breaks and tabs are kept; other control characters are refused.
    #[serde(default)]
    #[schema(
        max_length = 500,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub description: String,
}

/// A kind of stakeholder a token belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContributorType {
    #[schema(example = "community", pattern = "^[a-z][a-z0-9_]{0,31}$")]
    pub key: String,
    #[schema(
        example = "Community member",
        min_length = 1,
        max_length = 60,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub name: String,
}

/// Where the map starts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MapView {
    #[schema(example = 32.7767, minimum = -90, maximum = 90)]
    pub lat: f64,
    #[schema(example = -96.797, minimum = -180, maximum = 180)]
    pub lng: f64,
    #[schema(minimum = 0, maximum = 20, example = 12)]
    #[serde(deserialize_with = "crate::domain::whole::number")]
    pub zoom: i32,
}

pub fn default_categories() -> Vec<Category> {
    [
        ("vision", "Vision", "Describes a desired long-term future state of the place or community."),
        ("problem", "Problem", "States a present difficulty, deficit, harm or barrier."),
        ("objective", "Objective", "Names a specific goal to reach, often measurable or time-bound."),
        ("directive", "Directive", "Sets a rule, policy, standard, requirement or constraint that must (not) be followed."),
        ("value", "Value", "Expresses a principle or quality the community cares about and wants decisions to respect."),
        ("action", "Action", "Proposes a concrete step, project or programme that someone can carry out."),
    ]
    .into_iter()
    .map(|(key, name, description)| Category { key: key.into(), name: name.into(), description: description.into() })
    .collect()
}

pub fn default_contributor_types() -> Vec<ContributorType> {
    [
        ("community", "Community member"),
        ("business", "Business"),
        ("government", "Government"),
        ("nonprofit", "Nonprofit"),
        ("academic", "Academic"),
        ("other", "Other"),
    ]
    .into_iter()
    .map(|(key, name)| ContributorType {
        key: key.into(),
        name: name.into(),
    })
    .collect()
}

/// The editable settings of a process, each already validated.
pub struct ProcessSettings;

impl ProcessSettings {
    pub fn title(value: &str) -> Result<String, FieldError> {
        text::single_line("title", value, 200)
    }

    pub fn prompt(value: &str) -> Result<String, FieldError> {
        text::multi_line("prompt", value, 1, 2000)
    }

    pub fn categories(list: Vec<Category>) -> Result<Vec<Category>, FieldError> {
        check_list("categories", list.len())?;
        let mut seen = HashSet::new();
        list.into_iter()
            .enumerate()
            .map(|(i, c)| {
                let field = |f: &str| format!("categories[{i}].{f}");
                let key = text::key(&field("key"), &c.key)?;
                if !seen.insert(key.clone()) {
                    return Err(FieldError::new(
                        field("key"),
                        FieldCode::Duplicate,
                        "is used twice",
                    ));
                }
                Ok(Category {
                    key,
                    name: text::single_line(&field("name"), &c.name, 60)?,
                    description: if c.description.trim().is_empty() {
                        String::new()
                    } else {
                        text::multi_line(&field("description"), &c.description, 1, 500)?
                    },
                })
            })
            .collect()
    }

    pub fn contributor_types(
        list: Vec<ContributorType>,
    ) -> Result<Vec<ContributorType>, FieldError> {
        check_list("contributor_types", list.len())?;
        let mut seen = HashSet::new();
        list.into_iter()
            .enumerate()
            .map(|(i, t)| {
                let field = |f: &str| format!("contributor_types[{i}].{f}");
                let key = text::key(&field("key"), &t.key)?;
                if !seen.insert(key.clone()) {
                    return Err(FieldError::new(
                        field("key"),
                        FieldCode::Duplicate,
                        "is used twice",
                    ));
                }
                Ok(ContributorType {
                    key,
                    name: text::single_line(&field("name"), &t.name, 60)?,
                })
            })
            .collect()
    }

    /// One to all of the languages the analysis supports (`en`, `es`), each once.
    pub fn languages(list: Vec<String>) -> Result<Vec<String>, FieldError> {
        let supported: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        if list.is_empty() {
            return Err(FieldError::new(
                "languages",
                FieldCode::Required,
                "must hold at least one language",
            ));
        }
        let mut seen = HashSet::new();
        for (i, code) in list.iter().enumerate() {
            if !supported.contains(&code.as_str()) {
                return Err(FieldError::new(
                    format!("languages[{i}]"),
                    FieldCode::NotAllowed,
                    format!("must be one of {}", supported.join(", ")),
                ));
            }
            if !seen.insert(code) {
                return Err(FieldError::new(
                    format!("languages[{i}]"),
                    FieldCode::Duplicate,
                    "is listed twice",
                ));
            }
        }
        Ok(list)
    }

    pub fn map(view: MapView) -> Result<MapView, FieldError> {
        if !(view.lat.is_finite() && (-90.0..=90.0).contains(&view.lat)) {
            return Err(FieldError::out_of_range("map.lat", -90.0, 90.0));
        }
        if !(view.lng.is_finite() && (-180.0..=180.0).contains(&view.lng)) {
            return Err(FieldError::out_of_range("map.lng", -180.0, 180.0));
        }
        if !(0..=20).contains(&view.zoom) {
            return Err(FieldError::out_of_range("map.zoom", 0.0, 20.0));
        }
        Ok(view)
    }

    /// How many participants must report a submission before it is flagged (0: never).
    pub fn report_threshold(value: i32) -> Result<i32, FieldError> {
        if !(0..=REPORT_THRESHOLD_MAX).contains(&value) {
            return Err(FieldError::out_of_range(
                "report_threshold",
                0.0,
                f64::from(REPORT_THRESHOLD_MAX),
            ));
        }
        Ok(value)
    }
}

/// The most reporters a process may require (the database's CHECK says the same).
pub const REPORT_THRESHOLD_MAX: i32 = 100;
/// Reporters that flag a submission unless the process says otherwise.
pub const REPORT_THRESHOLD_DEFAULT: i32 = 3;

fn check_list(field: &str, len: usize) -> Result<(), FieldError> {
    if len == 0 || len > MAX_LIST {
        return Err(FieldError::new(
            field,
            FieldCode::OutOfRange,
            format!("must hold 1 to {MAX_LIST} entries"),
        )
        .bounds(Some(1.0), Some(MAX_LIST as f64)));
    }
    Ok(())
}

/// A language a process may declare, as the API spells it (ISO 639-1). The analysis crate's
/// `Language` is the source; a test keeps the two lists equal.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LanguageCode {
    En,
    Es,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_planning_taxonomy() {
        let keys: Vec<_> = default_categories().into_iter().map(|c| c.key).collect();
        assert_eq!(
            keys,
            [
                "vision",
                "problem",
                "objective",
                "directive",
                "value",
                "action"
            ]
        );
        assert!(ProcessSettings::categories(default_categories()).is_ok());
        assert!(ProcessSettings::contributor_types(default_contributor_types()).is_ok());
    }

    #[test]
    fn duplicate_category_keys_are_refused() {
        let mut cats = default_categories();
        cats.push(cats[0].clone());
        let err = ProcessSettings::categories(cats).unwrap_err();
        assert_eq!(err.field, "categories[6].key");
    }

    #[test]
    fn the_api_names_every_supported_language() {
        let api: Vec<String> = [LanguageCode::En, LanguageCode::Es]
            .iter()
            .map(|l| {
                serde_json::to_value(l)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let ours: Vec<String> = Language::ALL.iter().map(|l| l.code().to_owned()).collect();
        assert_eq!(api, ours);
    }

    #[test]
    fn languages_must_be_supported_and_listed_once() {
        assert_eq!(
            ProcessSettings::languages(vec!["es".into(), "en".into()]).unwrap(),
            ["es", "en"]
        );
        assert_eq!(
            ProcessSettings::languages(vec![]).unwrap_err().field,
            "languages"
        );
        assert_eq!(
            ProcessSettings::languages(vec!["en".into(), "xx".into()])
                .unwrap_err()
                .field,
            "languages[1]"
        );
        assert_eq!(
            ProcessSettings::languages(vec!["es".into(), "es".into()])
                .unwrap_err()
                .field,
            "languages[1]"
        );
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(Slug::parse("riverfront-2030").is_ok());
        for bad in [
            "a",
            "Riverfront",
            "river front",
            "-river",
            "river--front",
            "../etc",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
