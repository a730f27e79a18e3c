//! Limits on ordinary traffic: per client address when anonymous, per token when signed in,
//! and model work charged by the sentences it embeds.

use super::limiters::{Limiters, OnOutage, DAY, HOUR, MINUTE};
use crate::{domain::TokenId, error::ApiError};

impl Limiters {
    /// Unauthenticated traffic: hourly and daily budgets per client address.
    pub async fn check_anonymous(&self, ip_key: &str) -> Result<(), ApiError> {
        let key = ip_key.to_owned();
        self.check(
            "ip_hour",
            &self.ip_hour,
            &key,
            self.limits.ip_per_hour,
            HOUR,
            OnOutage::Open,
        )
        .await?;
        self.check(
            "ip_day",
            &self.ip_day,
            &key,
            self.limits.ip_per_day,
            DAY,
            OnOutage::Open,
        )
        .await
    }

    /// Authenticated traffic is limited per token, so participants behind one NAT address do
    /// not share a budget.
    pub async fn check_token(&self, token_id: TokenId) -> Result<(), ApiError> {
        self.check(
            "token",
            &self.token,
            &token_id,
            self.limits.token_per_hour,
            HOUR,
            OnOutage::Open,
        )
        .await
    }

    /// Model work (classify, similar) is charged by the sentences it embeds, per token and
    /// per client address, so one caller cannot keep the cores busy with long texts.
    pub async fn check_analysis(
        &self,
        token_id: TokenId,
        ip_key: &str,
        sentences: u32,
    ) -> Result<(), ApiError> {
        let l = &self.limits;
        self.check_n(
            "analysis_token",
            &self.analysis_token,
            &token_id,
            (l.analysis_sentences_per_hour, HOUR),
            sentences,
            OnOutage::Open,
        )
        .await?;
        self.check_n(
            "analysis_ip",
            &self.analysis_ip,
            &ip_key.to_owned(),
            (l.analysis_sentences_per_hour_per_ip, HOUR),
            sentences,
            OnOutage::Open,
        )
        .await
    }

    pub async fn check_submission(&self, token_id: TokenId) -> Result<(), ApiError> {
        let n = self.limits.submissions_per_hour;
        self.check(
            "submissions",
            &self.submissions,
            &token_id,
            n,
            HOUR,
            OnOutage::Open,
        )
        .await
    }

    /// Reports of others' submissions (a repeat counts too, so probing ids costs budget).
    pub async fn check_report(&self, token_id: TokenId) -> Result<(), ApiError> {
        let n = self.limits.reports_per_hour;
        self.check("reports", &self.reports, &token_id, n, HOUR, OnOutage::Open)
            .await
    }

    /// Supports given or withdrawn: cheap, but each changes what everyone sees.
    pub async fn check_support(&self, token_id: TokenId) -> Result<(), ApiError> {
        let n = self.limits.supports_per_hour;
        self.check(
            "supports",
            &self.supports,
            &token_id,
            n,
            HOUR,
            OnOutage::Open,
        )
        .await
    }

    pub async fn check_similar(&self, token_id: TokenId) -> Result<(), ApiError> {
        let n = self.limits.similar_per_minute;
        self.check(
            "similar",
            &self.similar,
            &token_id,
            n,
            MINUTE,
            OnOutage::Open,
        )
        .await
    }
}
