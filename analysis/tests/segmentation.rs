//! Segmentation exactness on the shipped sets: the development set the rules were tuned on and
//! the two held-out sets written for measuring only (analysis/data/segment_*.txt). Printed for
//! the record with the misses. The bounds are issue 16's goal, 98%. `segment_holdout.txt`
//! reached 97.5% on its one blind run; its four misses were then named in its header, their
//! patterns fixed from new dev texts, and it was measured again: 160/160, no longer a blind
//! figure. `segment_fresh.txt` was written before that fix and measured once after it:
//! 161/162 (99.4%).

use planner_analysis::segeval::{dev_cases, exactness, fresh_cases, holdout_cases, Exactness};

fn report(name: &str, e: &Exactness) {
    eprintln!(
        "{name}: {}/{} exact ({:.1}%)",
        e.exact,
        e.n,
        100.0 * e.ratio()
    );
    for (lang, (n, exact)) in &e.per_language {
        eprintln!("    {lang}: {exact}/{n}");
    }
    for miss in &e.misses {
        eprintln!("    miss: {miss}");
    }
}

#[test]
fn development_set_is_split_almost_exactly() {
    let e = exactness(&dev_cases());
    report("dev", &e);
    assert!(e.ratio() >= 0.98, "dev exactness {:.3}", e.ratio());
}

#[test]
fn held_out_set_is_split_exactly_in_at_least_98_percent_of_texts() {
    let e = exactness(&holdout_cases());
    report("held-out", &e);
    assert!(e.n >= 150);
    assert!(e.ratio() >= 0.98, "held-out exactness {:.3}", e.ratio());
}

#[test]
fn fresh_held_out_set_is_split_exactly_in_at_least_98_percent_of_texts() {
    let e = exactness(&fresh_cases());
    report("fresh", &e);
    assert!(e.n >= 150);
    assert!(e.ratio() >= 0.98, "fresh exactness {:.3}", e.ratio());
}
