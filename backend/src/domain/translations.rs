//! A process's texts in the UI's languages: title, prompt and category names written for `en`
//! and `es` readers. The base title, prompt and category names stay the default text; a reader
//! whose language has no version of a field sees the base one (the SPA chooses, field by field).
//!
//! The objects are closed (one member per UI language, `additionalProperties: false`) so the
//! spec lists exactly what the server reads.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{process::Category, text};
use crate::error::{FieldCode, FieldError};

/// The longest category name, as for the base names.
const CATEGORY_NAME_MAX: usize = 60;

/// One language's version of a process's texts; a field left out falls back to the base text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProcessText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        example = "¿Qué debería ser la ribera?",
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub prompt: Option<String>,
    /// Category key → its name in this language; every key must be one of the process's
    /// categories.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(schema_with = category_names_schema)]
    pub category_names: BTreeMap<String, String>,
}

/// The schema of `ProcessText::category_names`: an object whose values are names (1-60
/// characters, one line). Its keys depend on the process, so the schema cannot list them.
fn category_names_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let name = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(CATEGORY_NAME_MAX))
        .pattern(Some(
            "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$",
        ));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Category key → its name in this language (1-60 characters, one line). Every key \
             must be one of the process's categories.",
        ))
        .additional_properties(Some(name))
        .examples([serde_json::json!({"vision": "Visión"})])
        .build()
}

impl ProcessText {
    fn is_empty(&self) -> bool {
        self.title.is_none() && self.prompt.is_none() && self.category_names.is_empty()
    }

    /// Checks and trims every field; a category name must name one of `categories`.
    fn parse(self, at: &str, categories: &[Category]) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = self.title.and_then(|t| {
            keep(
                &mut errors,
                text::single_line(&format!("{at}.title"), &t, 200),
            )
        });
        let prompt = self.prompt.and_then(|p| {
            keep(
                &mut errors,
                text::multi_line(&format!("{at}.prompt"), &p, 1, 2000),
            )
        });
        let known: HashSet<&str> = categories.iter().map(|c| c.key.as_str()).collect();
        let mut names = BTreeMap::new();
        for (key, name) in self.category_names {
            let field = format!("{at}.category_names.{key}");
            if !known.contains(key.as_str()) {
                errors.push(FieldError::new(
                    field,
                    FieldCode::NotAllowed,
                    "must be the key of one of the process's categories",
                ));
                continue;
            }
            if let Some(name) = keep(
                &mut errors,
                text::single_line(&field, &name, CATEGORY_NAME_MAX),
            ) {
                names.insert(key, name);
            }
        }
        if errors.is_empty() {
            Ok(Self {
                title,
                prompt,
                category_names: names,
            })
        } else {
            Err(errors)
        }
    }

    /// Drops the names of categories the process no longer has.
    fn prune(&mut self, categories: &[Category]) {
        self.category_names
            .retain(|key, _| categories.iter().any(|c| &c.key == key));
    }
}

fn keep(errors: &mut Vec<FieldError>, result: Result<String, FieldError>) -> Option<String> {
    result.map_err(|e| errors.push(e)).ok()
}

/// A process's texts per UI language (`en`, `es`); a language left out shows the base text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Translations {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::http::body::optional_object"
    )]
    pub en: Option<ProcessText>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::http::body::optional_object"
    )]
    pub es: Option<ProcessText>,
}

impl Translations {
    /// As stored (a process created before translations has none).
    pub fn from_json(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("serialisable")
    }

    fn slots(&mut self) -> [(&'static str, &mut Option<ProcessText>); 2] {
        [("en", &mut self.en), ("es", &mut self.es)]
    }

    /// Validates every language against the process's categories; an empty language is left
    /// out.
    pub fn parse(mut self, categories: &[Category]) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (code, slot) in self.slots() {
            if let Some(text) = slot.take() {
                match text.parse(&format!("translations.{code}"), categories) {
                    Ok(text) if text.is_empty() => {}
                    Ok(text) => *slot = Some(text),
                    Err(mut e) => errors.append(&mut e),
                }
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// A change: each language present replaces that language's texts, `null` removes them,
    /// and a language left out stays as it was.
    pub fn merge(mut self, patch: TranslationsPatch) -> Self {
        for ((_, slot), change) in self.slots().into_iter().zip([patch.en, patch.es]) {
            if let Some(text) = change {
                *slot = text;
            }
        }
        self
    }

    /// Drops the names of categories the process no longer has (after its categories changed).
    pub fn prune(mut self, categories: &[Category]) -> Self {
        for (_, slot) in self.slots() {
            if let Some(text) = slot {
                text.prune(categories);
                if text.is_empty() {
                    *slot = None;
                }
            }
        }
        self
    }
}

/// A change to a process's texts per language: a language given replaces its texts, `null`
/// removes them, a language left out stays.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationsPatch {
    #[serde(default, deserialize_with = "crate::http::body::present_object")]
    #[schema(value_type = Option<ProcessText>)]
    pub en: Option<Option<ProcessText>>,
    #[serde(default, deserialize_with = "crate::http::body::present_object")]
    #[schema(value_type = Option<ProcessText>)]
    pub es: Option<Option<ProcessText>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::process::default_categories;

    fn spanish(names: &[(&str, &str)]) -> Translations {
        Translations {
            es: Some(ProcessText {
                title: Some("  ¿Qué hacemos?  ".into()),
                prompt: None,
                category_names: names
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            }),
            en: None,
        }
    }

    #[test]
    fn names_must_belong_to_the_process_categories() {
        let ok = spanish(&[("vision", "Visión")])
            .parse(&default_categories())
            .unwrap();
        assert_eq!(ok.es.unwrap().title.as_deref(), Some("¿Qué hacemos?"));
        let err = spanish(&[("nope", "No")])
            .parse(&default_categories())
            .unwrap_err();
        assert_eq!(err[0].field, "translations.es.category_names.nope");
        assert_eq!(err[0].code, FieldCode::NotAllowed);
    }

    #[test]
    fn control_characters_and_long_names_are_refused() {
        let err = spanish(&[("vision", "a\u{7}b"), ("problem", &"x".repeat(61))])
            .parse(&default_categories())
            .unwrap_err();
        let codes: Vec<_> = err.iter().map(|e| e.code).collect();
        assert_eq!(codes, [FieldCode::TooLong, FieldCode::ControlChars]);
    }

    #[test]
    fn merge_replaces_given_languages_and_removes_nulls() {
        let both = Translations {
            en: Some(ProcessText {
                title: Some("T".into()),
                ..Default::default()
            }),
            ..spanish(&[])
        };
        let kept = both.clone().merge(TranslationsPatch::default());
        assert_eq!(kept, both);
        let cleared = both.merge(TranslationsPatch {
            en: Some(None),
            es: None,
        });
        assert!(cleared.en.is_none() && cleared.es.is_some());
    }

    #[test]
    fn pruning_drops_names_of_removed_categories_and_empty_languages() {
        let t = Translations {
            es: Some(ProcessText {
                category_names: [("vision".to_string(), "Visión".to_string())].into(),
                ..Default::default()
            }),
            en: None,
        };
        let cats = default_categories()[1..].to_vec();
        assert_eq!(t.prune(&cats), Translations::default());
    }
}
