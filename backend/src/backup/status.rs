//! What the schedule has done, for `/metrics` and `/api/v1/admin/stats`.

use std::{
    fmt::Write,
    path::Path,
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::config::Settings;

/// Scheduled backups (`BACKUP_INTERVAL`), as this server has run them since it started.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct BackupStats {
    /// Whether `BACKUP_INTERVAL` is set.
    pub enabled: bool,
    /// Seconds between backups, when enabled.
    pub interval_seconds: Option<u64>,
    /// How many backups are kept (`BACKUP_KEEP`), when enabled.
    pub keep: Option<u32>,
    /// When the last backup was completed (UTC).
    pub last_success_at: Option<DateTime<Utc>>,
    /// The file the last backup was written to.
    pub last_file: Option<String>,
    /// Its size in bytes.
    pub last_bytes: Option<u64>,
    /// How long it took, in seconds.
    pub last_duration_seconds: Option<f64>,
    /// Backups that failed since the server started (the cause is in the log).
    pub failures: u64,
    /// Failures since the last success: above 0, the newest backup is getting old.
    pub consecutive_failures: u64,
    /// When the last failure happened (UTC).
    pub last_failure_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct BackupStatus {
    stats: Mutex<BackupStats>,
}

impl BackupStatus {
    pub fn for_settings(settings: &Settings) -> Arc<Self> {
        let plan = settings.backup.as_ref();
        Arc::new(Self {
            stats: Mutex::new(BackupStats {
                enabled: plan.is_some(),
                interval_seconds: plan.map(|p| p.every.as_secs()),
                keep: plan.map(|p| p.keep),
                ..BackupStats::default()
            }),
        })
    }

    pub fn snapshot(&self) -> BackupStats {
        self.stats.lock().expect("backup status").clone()
    }

    pub fn succeeded(&self, file: &Path, took: Duration) {
        let mut s = self.stats.lock().expect("backup status");
        s.last_success_at = Some(Utc::now());
        s.last_file = Some(file.display().to_string());
        s.last_bytes = std::fs::metadata(file).map(|m| m.len()).ok();
        s.last_duration_seconds = Some(took.as_secs_f64());
        s.consecutive_failures = 0;
    }

    pub fn failed(&self) {
        let mut s = self.stats.lock().expect("backup status");
        s.failures += 1;
        s.consecutive_failures += 1;
        s.last_failure_at = Some(Utc::now());
    }

    /// Prometheus exposition lines, appended to `/metrics`.
    pub fn render_metrics(&self) -> String {
        let s = self.snapshot();
        let mut out = String::new();
        let mut gauge = |name: &str, kind: &str, help: &str, value: f64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        gauge(
            "planner_backup_enabled",
            "gauge",
            "1 when scheduled backups are on (BACKUP_INTERVAL).",
            f64::from(u8::from(s.enabled)),
        );
        gauge(
            "planner_backup_last_success_timestamp_seconds",
            "gauge",
            "Unix time of the last successful scheduled backup (0: none since start).",
            s.last_success_at.map_or(0.0, |t| t.timestamp() as f64),
        );
        gauge(
            "planner_backup_last_size_bytes",
            "gauge",
            "Size of the last scheduled backup.",
            s.last_bytes.unwrap_or(0) as f64,
        );
        gauge(
            "planner_backup_failures_total",
            "counter",
            "Scheduled backups that failed since start.",
            s.failures as f64,
        );
        gauge(
            "planner_backup_consecutive_failures",
            "gauge",
            "Scheduled backups that failed since the last success.",
            s.consecutive_failures as f64,
        );
        out
    }
}
