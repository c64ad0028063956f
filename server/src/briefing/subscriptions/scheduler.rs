//! What is due, and doing it: the scheduler looks at every subscription on
//! each tick, writes the briefings that are due (one at a time, so
//! scheduled work never takes more than one core's worth of model time
//! from interactive requests), stores them and delivers them.

use std::sync::Arc;
use std::time::Duration;

use portolan_corpus::trade::Month;

use super::delivery::{self, RetryPolicy};
use super::{DeliveryRecord, Subscription, SubscriptionError, SubscriptionStore};
use crate::briefing::{BriefRequest, Briefer};

/// How often the scheduler looks, and how it delivers.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    /// Time between looks.
    pub tick: Duration,
    /// Retries of a failed delivery.
    pub retry: RetryPolicy,
    /// Whether briefings get the model's narrative.
    pub narrate: bool,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            tick: Duration::from_secs(60),
            retry: RetryPolicy {
                attempts: 5,
                backoff: Duration::from_secs(2),
                timeout: Duration::from_secs(10),
            },
            narrate: true,
        }
    }
}

/// Writes and delivers due briefings.
pub struct Scheduler {
    store: Arc<SubscriptionStore>,
    briefer: Arc<Briefer>,
    settings: DeliverySettings,
}

impl Scheduler {
    /// A scheduler over `store`, briefing with `briefer`.
    pub fn new(
        store: Arc<SubscriptionStore>,
        briefer: Arc<Briefer>,
        settings: DeliverySettings,
    ) -> Self {
        Self {
            store,
            briefer,
            settings,
        }
    }

    /// The month `sub` is due a briefing on at `now` (Unix seconds), if any:
    /// new data for `new-data` subscriptions, the interval elapsed for the
    /// periodic ones.
    pub fn due(&self, sub: &Subscription, now: u64) -> Option<Month> {
        let latest = self.briefer.latest(&sub.topic).ok().flatten()?;
        match sub.schedule.interval() {
            None => (sub.last_period < Some(latest)).then_some(latest),
            Some(every) => sub
                .last_run
                .is_none_or(|t| now.saturating_sub(t) >= every)
                .then_some(latest),
        }
    }

    /// One pass: every due subscription is briefed and delivered. Returns
    /// the records written.
    pub fn run_once(&self) -> Vec<DeliveryRecord> {
        let now = crate::clock::unix_now();
        let mut out = Vec::new();
        for sub in self.store.all() {
            let Some(period) = self.due(&sub, now) else {
                continue;
            };
            match self.brief_and_deliver(&sub, period, now) {
                Ok(record) => out.push(record),
                Err(e) => {
                    tracing::warn!(subscription = %sub.id, error = %e, "scheduled briefing failed")
                }
            }
        }
        out
    }

    fn brief_and_deliver(
        &self,
        sub: &Subscription,
        period: Month,
        now: u64,
    ) -> Result<DeliveryRecord, SubscriptionError> {
        let request = BriefRequest {
            topic: sub.topic.clone(),
            period: Some(period),
            lang: sub.lang,
            scope: sub.scope.clone(),
            narrate: self.settings.narrate,
        };
        // A briefing that cannot be written (the data no longer has the
        // topic) is logged and retried next tick, not marked done.
        let briefing = self
            .briefer
            .brief(&request)
            .map_err(|e| SubscriptionError::Invalid(e.to_string()))?;
        let briefing_id = format!("brf-{period}-{now}");
        self.store
            .store_briefing(&sub.id, &briefing_id, &briefing)?;
        // Marked before delivery: a receiver that is down gets its retries,
        // and the delivery log says so; the month is not briefed twice.
        self.store.mark_run(&sub.id, period, now)?;
        let body = serde_json::json!({
            "subscription": sub.id,
            "briefing_id": briefing_id,
            "briefing": briefing,
        })
        .to_string();
        let mut record = DeliveryRecord {
            briefing_id,
            period,
            headline: briefing.headline.clone(),
            generated_at: crate::clock::rfc3339(std::time::SystemTime::now()),
            delivered: false,
            attempts: Vec::new(),
        };
        // Logged after every attempt, so the log shows a delivery that is
        // still being retried; the last line of a briefing is its state.
        let mut logged = Ok(());
        delivery::deliver(
            &sub.webhook,
            &body,
            &sub.id,
            &sub.secret,
            &self.settings.retry,
            |delivered, attempts| {
                record.delivered = delivered;
                record.attempts = attempts.to_vec();
                if logged.is_ok() {
                    logged = self.store.log_delivery(&sub.id, &record);
                }
            },
        );
        logged?;
        Ok(record)
    }

    /// Runs passes every tick until `shutdown` completes.
    pub async fn run(self: Arc<Self>, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut tick = tokio::time::interval(self.settings.tick);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                _ = tick.tick() => {
                    let me = self.clone();
                    if let Err(e) = tokio::task::spawn_blocking(move || me.run_once()).await {
                        tracing::warn!(error = %e, "scheduler pass failed");
                    }
                }
            }
        }
    }
}
