//! A submission's category mix from its sentences.

use std::collections::BTreeMap;

/// Share of sentences per category, and the primary category: the largest share; ties go to
/// the higher summed confidence, then to the category listed first by the process.
pub fn summarise(
    sentences: &[(String, f64)],
    category_order: &[String],
) -> (Option<String>, BTreeMap<String, f64>) {
    if sentences.is_empty() {
        return (None, BTreeMap::new());
    }
    let mut count: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (category, confidence) in sentences {
        let e = count.entry(category.as_str()).or_default();
        e.0 += 1;
        e.1 += confidence;
    }
    let rank = |c: &str| {
        category_order
            .iter()
            .position(|k| k == c)
            .unwrap_or(usize::MAX)
    };
    let primary = count
        .iter()
        .max_by(|(a, (na, ca)), (b, (nb, cb))| {
            na.cmp(nb)
                .then(ca.total_cmp(cb))
                .then(rank(b).cmp(&rank(a)))
        })
        .map(|(c, _)| c.to_string());
    let n = sentences.len() as f64;
    let distribution = count
        .into_iter()
        .map(|(c, (k, _))| (c.to_string(), k as f64 / n))
        .collect();
    (primary, distribution)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Vec<String> {
        ["vision", "problem", "objective"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn half_and_half_is_a_distribution_with_a_deterministic_primary() {
        let s = vec![("objective".to_string(), 0.6), ("problem".to_string(), 0.9)];
        let (primary, dist) = summarise(&s, &order());
        assert_eq!(dist["objective"], 0.5);
        assert_eq!(dist["problem"], 0.5);
        assert_eq!(
            primary.as_deref(),
            Some("problem"),
            "tie broken by confidence"
        );
        let s = vec![("objective".to_string(), 0.7), ("problem".to_string(), 0.7)];
        assert_eq!(
            summarise(&s, &order()).0.as_deref(),
            Some("problem"),
            "then by category order"
        );
    }

    #[test]
    fn majority_wins() {
        let s = vec![
            ("vision".to_string(), 0.3),
            ("vision".to_string(), 0.3),
            ("problem".to_string(), 0.99),
        ];
        assert_eq!(summarise(&s, &order()).0.as_deref(), Some("vision"));
    }
}
