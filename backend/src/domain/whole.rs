//! Whole numbers in request bodies as JSON Schema reads them: `14.0` is an integer there, while
//! serde refuses it for an integer field. For integer fields a client may write either way
//! (`#[serde(deserialize_with = "crate::domain::whole::number")]`, or `optional` with
//! `default` for `Option` fields). Row ids ([`super::ids`]) read this way by themselves.

use serde::{
    de::{Error, Unexpected},
    Deserialize, Deserializer,
};

fn whole<E: Error, T: TryFrom<i64>>(n: serde_json::Number) -> Result<T, E> {
    let value = n
        .as_i64()
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
        .ok_or_else(|| E::custom(format!("invalid type: {n}, expected a whole number")))?;
    T::try_from(value).map_err(|_| E::custom(format!("{value} is out of range")))
}

pub fn number<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<T, D::Error> {
    whole(serde_json::Number::deserialize(d)?)
}

pub fn optional<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<serde_json::Number>::deserialize(d)?
        .map(whole)
        .transpose()
}

/// A row id: asks for an `i64`, so a path or query segment parses as one (`7.0` there is not an
/// id), while a JSON number may be a whole float. Refusals read as serde's own for an `i64`.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Id;
    impl serde::de::Visitor<'_> for Id {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("i64")
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Ok(v as i64)
            } else {
                Err(E::invalid_type(Unexpected::Float(v), &self))
            }
        }
    }
    d.deserialize_i64(Id)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(deserialize_with = "super::number")]
        count: u32,
        #[serde(default, deserialize_with = "super::optional")]
        k: Option<usize>,
    }

    #[test]
    fn integral_floats_are_whole_numbers_and_fractions_are_not() {
        let b: Body = serde_json::from_str(r#"{"count": 14.0, "k": 3}"#).unwrap();
        assert_eq!(
            b,
            Body {
                count: 14,
                k: Some(3)
            }
        );
        let b: Body = serde_json::from_str(r#"{"count": 1}"#).unwrap();
        assert_eq!(b.k, None);
        assert!(serde_json::from_str::<Body>(r#"{"count": 1.5}"#).is_err());
        assert!(serde_json::from_str::<Body>(r#"{"count": -1}"#).is_err());
        assert!(serde_json::from_str::<Body>(r#"{"count": "1"}"#).is_err());
    }
}
