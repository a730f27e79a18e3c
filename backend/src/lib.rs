//! Participatory Planner: a self-hostable participatory-planning server.

pub mod analysis;
pub mod api;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bootstrap;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod http;
pub mod jobs;
pub mod metrics;
pub mod routes;
pub mod security;
pub mod startup;
pub mod state;
pub mod telemetry;
