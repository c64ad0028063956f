//! Subscriptions: an enterprise asks for briefings on a topic, in its
//! language, when new data arrives or on a schedule, delivered to its
//! webhook. [`SubscriptionStore`] keeps them and what was delivered;
//! [`Scheduler`] decides what is due, writes the briefings and delivers
//! them ([`delivery`]: signed POSTs, retried with backoff, every attempt
//! logged).
//!
//! Stored under `$PORTOLAN_HOME/subscriptions/`: `subscriptions.json`
//! (rewritten atomically) and, per subscription, one JSON file per
//! briefing and `deliveries.jsonl`, an append-only delivery log.

pub mod delivery;
mod scheduler;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use portolan_corpus::trade::Month;
use serde::{Deserialize, Serialize};

pub use scheduler::{DeliverySettings, Scheduler};

use super::{BriefLang, BriefScope, Briefer, Briefing};

/// Errors of the subscription store.
#[derive(Debug, thiserror::Error)]
pub enum SubscriptionError {
    /// The request cannot be accepted.
    #[error("{0}")]
    Invalid(String),
    /// No such subscription (for this caller).
    #[error("subscription {0} not found")]
    NotFound(String),
    /// Reading or writing the store failed.
    #[error("subscription store: {0}")]
    Io(#[from] std::io::Error),
    /// A stored file is unreadable.
    #[error("subscription store: {0}")]
    Json(#[from] serde_json::Error),
}

/// When briefings are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Schedule {
    /// Whenever the topic has a month of data not yet briefed.
    #[default]
    NewData,
    /// Once a day (on the latest month).
    Daily,
    /// Once a week.
    Weekly,
    /// Once every 30 days.
    Monthly,
}

impl Schedule {
    /// Seconds between runs, for the periodic schedules.
    fn interval(self) -> Option<u64> {
        match self {
            Schedule::NewData => None,
            Schedule::Daily => Some(86_400),
            Schedule::Weekly => Some(7 * 86_400),
            Schedule::Monthly => Some(30 * 86_400),
        }
    }
}

/// What a caller asks to subscribe to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionRequest {
    /// Topic, as `portolan brief --topic` takes it.
    pub topic: String,
    /// HS chapters to restrict chapter data to.
    #[serde(default)]
    pub hs_chapters: Vec<String>,
    /// Partners (ISO alpha-3).
    #[serde(default)]
    pub partners: Vec<String>,
    /// Currencies whose rates to report.
    #[serde(default)]
    pub currencies: Vec<String>,
    /// Language (default en).
    #[serde(default = "default_lang")]
    pub lang: BriefLang,
    /// When to brief.
    #[serde(default)]
    pub schedule: Schedule,
    /// Where to deliver: an http(s) URL.
    pub webhook: String,
}

fn default_lang() -> BriefLang {
    BriefLang::En
}

/// A stored subscription.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Subscription {
    /// `sub-…`
    pub id: String,
    /// Topic as given.
    pub topic: String,
    /// Narrowing.
    pub scope: BriefScope,
    /// Language.
    pub lang: BriefLang,
    /// When to brief.
    pub schedule: Schedule,
    /// Delivery URL.
    pub webhook: String,
    /// The API key id that created it (only it and admins see it).
    pub owner: String,
    /// Creation time (RFC 3339).
    pub created: String,
    /// The last month briefed.
    pub last_period: Option<Month>,
    /// When it last ran (Unix seconds).
    pub last_run: Option<u64>,
    /// Signs deliveries (HMAC-SHA256); shown once, at creation.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub secret: String,
}

impl Subscription {
    /// The subscription without its secret, as listings show it.
    pub fn public(&self) -> Self {
        Self {
            secret: String::new(),
            ..self.clone()
        }
    }
}

/// One delivery attempt.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attempt {
    /// When (RFC 3339).
    pub at: String,
    /// HTTP status the webhook answered, if it answered.
    pub status: Option<u16>,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// A briefing written for a subscription and what became of its delivery.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeliveryRecord {
    /// `brf-…`, the briefing's file name.
    pub briefing_id: String,
    /// The month briefed.
    pub period: Month,
    /// The briefing's headline.
    pub headline: String,
    /// When it was written (RFC 3339).
    pub generated_at: String,
    /// Whether the webhook accepted it (2xx).
    pub delivered: bool,
    /// Every attempt, in order.
    pub attempts: Vec<Attempt>,
}

/// Subscriptions and their delivered briefings, on disk.
pub struct SubscriptionStore {
    dir: PathBuf,
    subs: Mutex<Vec<Subscription>>,
}

impl SubscriptionStore {
    /// Opens (or starts) the store in `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, SubscriptionError> {
        let dir = dir.into();
        let file = dir.join("subscriptions.json");
        let subs = match std::fs::read_to_string(&file) {
            Ok(text) => serde_json::from_str(&text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        Ok(Self {
            dir,
            subs: Mutex::new(subs),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Subscription>> {
        self.subs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the list atomically (a temporary file renamed over the old).
    fn save(&self, subs: &[Subscription]) -> Result<(), SubscriptionError> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(".subscriptions.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(subs)?)?;
        restrict(&tmp);
        std::fs::rename(&tmp, self.dir.join("subscriptions.json"))?;
        Ok(())
    }

    /// Validates and stores a subscription for `owner`; the returned copy
    /// carries the signing secret.
    pub fn create(
        &self,
        request: SubscriptionRequest,
        owner: &str,
        briefer: &Briefer,
    ) -> Result<Subscription, SubscriptionError> {
        delivery::check_webhook(&request.webhook).map_err(SubscriptionError::Invalid)?;
        briefer
            .latest(&request.topic)
            .map_err(|e| SubscriptionError::Invalid(e.to_string()))?;
        for c in &request.hs_chapters {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SubscriptionError::Invalid(format!(
                    "HS chapter {c:?} is not two digits"
                )));
            }
        }
        let upper = |v: Vec<String>| {
            v.into_iter()
                .map(|s| s.trim().to_uppercase())
                .collect::<Vec<_>>()
        };
        let sub = Subscription {
            id: format!("sub-{}", random_hex(8)),
            topic: request.topic,
            scope: BriefScope {
                hs_chapters: request.hs_chapters,
                partners: upper(request.partners),
                currencies: upper(request.currencies),
            },
            lang: request.lang,
            schedule: request.schedule,
            webhook: request.webhook,
            owner: owner.to_string(),
            created: crate::clock::rfc3339(std::time::SystemTime::now()),
            last_period: None,
            last_run: None,
            secret: random_hex(32),
        };
        let mut subs = self.lock();
        let mut next = subs.clone();
        next.push(sub.clone());
        self.save(&next)?;
        *subs = next;
        Ok(sub)
    }

    /// The subscription `id`, if `owner` may see it (`None` = any owner).
    pub fn get(&self, id: &str, owner: Option<&str>) -> Result<Subscription, SubscriptionError> {
        self.lock()
            .iter()
            .find(|s| s.id == id && owner.is_none_or(|o| o == s.owner))
            .cloned()
            .ok_or_else(|| SubscriptionError::NotFound(id.to_string()))
    }

    /// Every subscription (with secrets: for the scheduler).
    pub fn all(&self) -> Vec<Subscription> {
        self.lock().clone()
    }

    /// Removes a subscription (its delivered briefings stay on disk).
    pub fn delete(&self, id: &str, owner: Option<&str>) -> Result<(), SubscriptionError> {
        self.get(id, owner)?;
        let mut subs = self.lock();
        let next: Vec<Subscription> = subs.iter().filter(|s| s.id != id).cloned().collect();
        self.save(&next)?;
        *subs = next;
        Ok(())
    }

    /// Records that `id` was briefed on `period` at `now`.
    fn mark_run(&self, id: &str, period: Month, now: u64) -> Result<(), SubscriptionError> {
        let mut subs = self.lock();
        let mut next = subs.clone();
        if let Some(s) = next.iter_mut().find(|s| s.id == id) {
            s.last_period = Some(period);
            s.last_run = Some(now);
        }
        self.save(&next)?;
        *subs = next;
        Ok(())
    }

    fn sub_dir(&self, id: &str) -> PathBuf {
        self.dir.join(id)
    }

    /// Stores a briefing written for `id`.
    fn store_briefing(
        &self,
        id: &str,
        briefing_id: &str,
        briefing: &Briefing,
    ) -> Result<(), SubscriptionError> {
        let dir = self.sub_dir(id);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join(format!("{briefing_id}.json")),
            serde_json::to_vec(briefing)?,
        )?;
        Ok(())
    }

    /// Appends a delivery record to `id`'s log.
    fn log_delivery(&self, id: &str, record: &DeliveryRecord) -> Result<(), SubscriptionError> {
        use std::io::Write;
        let dir = self.sub_dir(id);
        std::fs::create_dir_all(&dir)?;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("deliveries.jsonl"))?;
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        f.write_all(&line)?;
        Ok(())
    }

    /// The briefings delivered (or tried) for `id`, newest last.
    pub fn deliveries(
        &self,
        id: &str,
        owner: Option<&str>,
    ) -> Result<Vec<DeliveryRecord>, SubscriptionError> {
        self.get(id, owner)?;
        let path = self.sub_dir(id).join("deliveries.jsonl");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        // A line cut short by a crash is skipped, not fatal. A briefing's
        // record is appended again after each attempt: its last line holds
        // its state, at the place of its first.
        let mut records: Vec<DeliveryRecord> = Vec::new();
        for record in text
            .lines()
            .filter_map(|l| serde_json::from_str::<DeliveryRecord>(l).ok())
        {
            match records
                .iter_mut()
                .find(|r| r.briefing_id == record.briefing_id)
            {
                Some(earlier) => *earlier = record,
                None => records.push(record),
            }
        }
        Ok(records)
    }

    /// One stored briefing of `id`.
    pub fn briefing(
        &self,
        id: &str,
        briefing_id: &str,
        owner: Option<&str>,
    ) -> Result<serde_json::Value, SubscriptionError> {
        self.get(id, owner)?;
        if !briefing_id.starts_with("brf-")
            || !briefing_id[4..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(SubscriptionError::NotFound(briefing_id.to_string()));
        }
        let path = self.sub_dir(id).join(format!("{briefing_id}.json"));
        match std::fs::read(&path) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(SubscriptionError::NotFound(briefing_id.to_string()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The store's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Secrets are readable by the service's user only.
fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
