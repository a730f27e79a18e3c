//! Classification metrics for evaluating a sentence categoriser against gold labels.
//!
//! Conventions (chosen to match scikit-learn's `precision_recall_fscore_support` with
//! `zero_division=0`):
//!
//! * `confusion[g][p]` counts examples whose gold label is `labels[g]` and whose predicted
//!   label is `labels[p]`. Pairs where either side is not in `labels` are left out of the
//!   matrix and out of the per-category counts, but still count towards `n` and `accuracy`
//!   (accuracy is plain exact-match over all pairs, like `accuracy_score`).
//! * precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2·tp / (2·tp + fp + fn);
//!   each is `0.0` when its denominator is zero.
//! * `macro_f1` is the unweighted mean of F1 over the labels that actually occur, i.e. that
//!   have `support > 0` **or** were predicted at least once. This is what scikit-learn
//!   computes with `average="macro"` when `labels` is not passed (it uses the union of gold
//!   and predicted labels): a class that is present but never predicted, or predicted but
//!   never present, contributes an F1 of 0, while a class that appears on neither side is
//!   ignored instead of dragging the mean down with an arbitrary 0. If no label occurs at
//!   all, `macro_f1` is `0.0`.
//! * With `n == 0`, `accuracy` and `macro_f1` are `0.0`.
//! * Duplicate entries in `labels` are ignored after their first occurrence.

use std::collections::BTreeMap;

/// Scores for one category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Number of gold examples with this label.
    pub support: usize,
}

/// Result of [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Number of (gold, predicted) pairs evaluated.
    pub n: usize,
    /// Fraction of pairs where the prediction equals the gold label.
    pub accuracy: f64,
    /// Mean F1 over the labels with support > 0 or at least one prediction (see module docs).
    pub macro_f1: f64,
    /// Scores keyed by label, for every label in `labels`.
    pub per_category: BTreeMap<String, CategoryScore>,
    /// `confusion[gold][predicted]`, indexed in `labels` order.
    pub confusion: Vec<Vec<usize>>,
    /// The label order used for `confusion`.
    pub labels: Vec<String>,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Evaluates `predicted` against `gold` over the category `labels`.
///
/// # Panics
///
/// Panics if `gold` and `predicted` have different lengths, which is always a caller bug.
pub fn evaluate(labels: &[String], gold: &[String], predicted: &[String]) -> Evaluation {
    assert_eq!(
        gold.len(),
        predicted.len(),
        "evaluate: gold and predicted must have the same length"
    );
    let mut order: Vec<String> = Vec::with_capacity(labels.len());
    for label in labels {
        if !order.contains(label) {
            order.push(label.clone());
        }
    }
    let index: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();

    let k = order.len();
    let mut confusion = vec![vec![0usize; k]; k];
    let mut correct = 0usize;
    for (g, p) in gold.iter().zip(predicted) {
        if g == p {
            correct += 1;
        }
        if let (Some(&gi), Some(&pi)) = (index.get(g.as_str()), index.get(p.as_str())) {
            confusion[gi][pi] += 1;
        }
    }

    let mut per_category = BTreeMap::new();
    let mut f1_sum = 0.0;
    let mut f1_count = 0usize;
    for (i, label) in order.iter().enumerate() {
        let tp = confusion[i][i];
        let support: usize = confusion[i].iter().sum();
        let predicted_count: usize = confusion.iter().map(|row| row[i]).sum();
        let fp = predicted_count - tp;
        let fn_ = support - tp;
        let precision = ratio(tp, predicted_count);
        let recall = ratio(tp, support);
        let f1 = ratio(2 * tp, 2 * tp + fp + fn_);
        if support > 0 || predicted_count > 0 {
            f1_sum += f1;
            f1_count += 1;
        }
        per_category.insert(
            label.clone(),
            CategoryScore {
                precision,
                recall,
                f1,
                support,
            },
        );
    }

    Evaluation {
        n: gold.len(),
        accuracy: ratio(correct, gold.len()),
        macro_f1: if f1_count == 0 {
            0.0
        } else {
            f1_sum / f1_count as f64
        },
        per_category,
        confusion,
        labels: order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn perfect_predictions_score_one() {
        let labels = s(&["a", "b"]);
        let gold = s(&["a", "b", "a"]);
        let e = evaluate(&labels, &gold, &gold);
        assert_eq!(e.n, 3);
        assert!(close(e.accuracy, 1.0));
        assert!(close(e.macro_f1, 1.0));
        assert_eq!(e.confusion, vec![vec![2, 0], vec![0, 1]]);
        assert_eq!(e.per_category["a"].support, 2);
    }

    #[test]
    fn hand_computed_three_class_example() {
        // gold:  a a a b b c
        // pred:  a a b b c c
        // a: tp2 fp0 fn1 -> P 1, R 2/3, F1 0.8
        // b: tp1 fp1 fn1 -> P 1/2, R 1/2, F1 1/2
        // c: tp1 fp1 fn0 -> P 1/2, R 1, F1 2/3
        let labels = s(&["a", "b", "c"]);
        let gold = s(&["a", "a", "a", "b", "b", "c"]);
        let pred = s(&["a", "a", "b", "b", "c", "c"]);
        let e = evaluate(&labels, &gold, &pred);
        assert!(close(e.accuracy, 4.0 / 6.0));
        let a = &e.per_category["a"];
        assert!(close(a.precision, 1.0) && close(a.recall, 2.0 / 3.0) && close(a.f1, 0.8));
        let b = &e.per_category["b"];
        assert!(close(b.precision, 0.5) && close(b.recall, 0.5) && close(b.f1, 0.5));
        let c = &e.per_category["c"];
        assert!(close(c.precision, 0.5) && close(c.recall, 1.0) && close(c.f1, 2.0 / 3.0));
        assert_eq!(c.support, 1);
        assert!(close(e.macro_f1, (0.8 + 0.5 + 2.0 / 3.0) / 3.0));
        assert_eq!(
            e.confusion,
            vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]
        );
    }

    #[test]
    fn class_never_predicted_has_zero_precision_and_counts_in_macro() {
        // gold: a a b, pred: a a a -> b present but never predicted.
        // a: tp2 fp1 fn0 -> P 2/3 R 1 F1 0.8 ; b: tp0 fp0 fn1 -> P 0 (undefined) R 0 F1 0
        let labels = s(&["a", "b"]);
        let e = evaluate(&labels, &s(&["a", "a", "b"]), &s(&["a", "a", "a"]));
        let b = &e.per_category["b"];
        assert_eq!((b.precision, b.recall, b.f1, b.support), (0.0, 0.0, 0.0, 1));
        assert!(close(e.per_category["a"].f1, 0.8));
        assert!(close(e.macro_f1, 0.4));
    }

    #[test]
    fn class_never_present_but_predicted_counts_in_macro() {
        // gold: a a, pred: a c -> c predicted but has no support.
        // a: tp1 fp0 fn1 -> P 1 R 1/2 F1 2/3 ; c: tp0 fp1 fn0 -> P 0 R 0 (undefined) F1 0
        let labels = s(&["a", "b", "c"]);
        let e = evaluate(&labels, &s(&["a", "a"]), &s(&["a", "c"]));
        let c = &e.per_category["c"];
        assert_eq!((c.precision, c.recall, c.f1, c.support), (0.0, 0.0, 0.0, 0));
        // b appears on neither side: scored 0 but excluded from the macro mean.
        let b = &e.per_category["b"];
        assert_eq!((b.precision, b.recall, b.f1, b.support), (0.0, 0.0, 0.0, 0));
        assert!(close(e.macro_f1, (2.0 / 3.0 + 0.0) / 2.0));
        assert!(close(e.accuracy, 0.5));
    }

    #[test]
    fn labels_outside_the_label_set_count_for_accuracy_only() {
        let labels = s(&["a", "b"]);
        let e = evaluate(&labels, &s(&["a", "zzz", "b"]), &s(&["a", "zzz", "a"]));
        assert!(close(e.accuracy, 2.0 / 3.0));
        assert_eq!(e.confusion, vec![vec![1, 0], vec![1, 0]]);
        assert_eq!(e.per_category["a"].support, 1);
    }

    #[test]
    fn empty_input_gives_zero_scores() {
        let e = evaluate(&s(&["a"]), &[], &[]);
        assert_eq!(e.n, 0);
        assert_eq!(e.accuracy, 0.0);
        assert_eq!(e.macro_f1, 0.0);
        assert_eq!(e.confusion, vec![vec![0]]);
    }

    #[test]
    fn duplicate_labels_are_ignored_and_order_is_kept() {
        let e = evaluate(&s(&["b", "a", "b"]), &s(&["a", "b"]), &s(&["b", "b"]));
        assert_eq!(e.labels, s(&["b", "a"]));
        assert_eq!(e.confusion, vec![vec![1, 0], vec![1, 0]]);
    }

    #[test]
    #[should_panic(expected = "same length")]
    fn mismatched_lengths_panic() {
        evaluate(&s(&["a"]), &s(&["a"]), &[]);
    }
}
