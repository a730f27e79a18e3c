//! Black-box tests: each starts the real server on port 0 with its own temporary database and
//! talks to it over HTTP with a real client (and a cookie jar where a browser would have one).

mod access;
mod analysis;
mod auth;
mod backups;
mod bodies;
mod cli;
mod compression;
mod config_cli;
mod crash;
mod exports;
mod helpers;
mod hostile;
mod languages;
mod logs;
mod migrate_data;
mod migrations;
mod moderation;
mod outcomes;
mod processes;
mod rate_limits;
mod replica_processes;
mod replicas;
mod response_settings;
mod responses;
mod roles;
mod security;
mod sharing;
mod similar;
mod staff;
mod static_files;
mod submissions;
mod themes;
mod tokens;
mod totp;
mod vocabulary;
