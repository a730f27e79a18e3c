//! Prometheus metrics (text exposition format, no extra crate): requests by route and status,
//! latency histograms, rate-limit rejections, and gauges read at scrape time (pool, job queue,
//! database size). `/metrics` answers only the addresses in METRICS_ALLOWED_IPS.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{atomic::AtomicU64, Mutex},
};

/// Most series one label map may hold; past it, new combinations count under the route
/// `overflow`. Routes are patterns and methods a closed set, so this is a second fence.
const MAX_SERIES: usize = 1_000;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    rejections: Mutex<BTreeMap<String, u64>>,
    /// Requests whose forwarding headers were ignored because a private or loopback peer that
    /// is not in TRUSTED_PROXIES sent them: a proxy we were not told about.
    pub untrusted_forwarded: AtomicU64,
}

/// The route under which series past [`MAX_SERIES`] are counted.
const OVERFLOW: &str = "overflow";

/// The key under which a route is counted in a map keyed by route: itself, or [`OVERFLOW`]
/// once the map is full.
fn bounded<V>(map: &BTreeMap<String, V>, route: &str) -> String {
    if map.len() < MAX_SERIES || map.contains_key(route) {
        route.to_owned()
    } else {
        OVERFLOW.to_owned()
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Metrics {
    pub fn observe(&self, method: &'static str, route: &str, status: u16, seconds: f64) {
        let mut requests = self.requests.lock().expect("metrics lock");
        let mut key = (method, route.to_owned(), status);
        if requests.len() >= MAX_SERIES && !requests.contains_key(&key) {
            key.1 = OVERFLOW.to_owned();
        }
        *requests.entry(key).or_default() += 1;
        drop(requests);
        let mut latency = self.latency.lock().expect("metrics lock");
        let route_key = bounded(&latency, route);
        let h = latency.entry(route_key).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    pub fn rejected(&self, route: &str) {
        let mut rejections = self.rejections.lock().expect("metrics lock");
        let key = bounded(&rejections, route);
        *rejections.entry(key).or_default() += 1;
    }

    /// Distinct series in the request counter.
    #[cfg(test)]
    fn series(&self) -> usize {
        self.requests.lock().expect("metrics lock").len()
    }

    /// The exposition text; `gauges` are (name, help, value) read at scrape time.
    pub fn render(&self, gauges: &[(&str, &str, f64)]) -> String {
        let mut out = String::new();
        out.push_str("# HELP planner_http_requests_total HTTP requests by method, route and status.\n# TYPE planner_http_requests_total counter\n");
        for ((method, route, status), n) in self.requests.lock().expect("metrics lock").iter() {
            let _ = writeln!(out, "planner_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}", escape(route));
        }
        out.push_str("# HELP planner_http_request_duration_seconds Request latency by route.\n# TYPE planner_http_request_duration_seconds histogram\n");
        for (route, h) in self.latency.lock().expect("metrics lock").iter() {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(out, "planner_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(
                out,
                "planner_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "planner_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "planner_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP planner_rate_limit_rejections_total Requests refused with 429, by route.\n# TYPE planner_rate_limit_rejections_total counter\n");
        for (route, n) in self.rejections.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "planner_rate_limit_rejections_total{{route=\"{}\"}} {n}",
                escape(route)
            );
        }
        for (name, help, value) in gauges {
            // Monotonic values follow the Prometheus naming rule: `_total` means counter.
            let kind = if name.ends_with("_total") {
                "counter"
            } else {
                "gauge"
            };
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_stop_growing_at_the_cap() {
        let m = Metrics::default();
        for i in 0..(MAX_SERIES + 500) {
            m.observe("GET", &format!("/r{i}"), 200, 0.001);
        }
        assert!(m.series() <= MAX_SERIES + 1);
        assert!(m.render(&[]).contains("route=\"overflow\""));
    }

    #[test]
    fn exposition_has_counters_histograms_and_gauges() {
        let m = Metrics::default();
        m.observe("GET", "/api/v1/processes/{slug}", 200, 0.02);
        m.rejected("/api/v1/auth/login");
        let text = m.render(&[("planner_job_queue_depth", "Jobs queued or running.", 3.0)]);
        assert!(text.contains("planner_http_requests_total{method=\"GET\",route=\"/api/v1/processes/{slug}\",status=\"200\"} 1"));
        assert!(
            text.contains("le=\"0.01\"} 0")
                && text.contains("le=\"0.025\"} 1")
                && text.contains("le=\"+Inf\"} 1")
        );
        assert!(
            text.contains("planner_rate_limit_rejections_total{route=\"/api/v1/auth/login\"} 1")
        );
        assert!(text.contains("planner_job_queue_depth 3"));
    }
}
