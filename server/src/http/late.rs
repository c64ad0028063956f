//! A service the server prepares in the background after it starts
//! listening.
//!
//! Classification reads the 42,600 national tariff lines by meaning; on a
//! first start their vectors are embedded once, which takes hours on two
//! cores without VNNI. Search and Q&A do not need them, so the server
//! listens as soon as the index is ready, and `/v1/classify` answers 503
//! with Retry-After ("preparing") until the classifier is built; `/readyz`
//! lists what is still being prepared.

use std::sync::{Arc, OnceLock};

/// Where a late service stands.
#[derive(Debug)]
pub enum Readiness<'a, T> {
    /// Built and serving.
    Ready(&'a Arc<T>),
    /// Still being built.
    Preparing,
    /// Not on this server: not configured, or building it failed (why).
    Absent(&'a str),
}

/// A slot for a service that may be ready now, later, or never.
#[derive(Debug)]
pub struct Late<T> {
    slot: Arc<OnceLock<Result<Arc<T>, String>>>,
}

impl<T> Clone for Late<T> {
    fn clone(&self) -> Self {
        Self {
            slot: self.slot.clone(),
        }
    }
}

impl<T> Late<T> {
    /// A service ready from the start.
    pub fn ready(service: Arc<T>) -> Self {
        let late = Self::preparing();
        late.fill(Ok(service));
        late
    }

    /// A service not on this server, and why.
    pub fn absent(why: impl Into<String>) -> Self {
        let late = Self::preparing();
        late.fill(Err(why.into()));
        late
    }

    /// A service still being built: [`Late::fill`] it when done.
    pub fn preparing() -> Self {
        Self {
            slot: Arc::new(OnceLock::new()),
        }
    }

    /// Ends the preparation with the service, or with why there is none.
    /// Only the first call counts.
    pub fn fill(&self, outcome: Result<Arc<T>, String>) {
        let _ = self.slot.set(outcome);
    }

    /// Where the service stands now.
    pub fn get(&self) -> Readiness<'_, T> {
        match self.slot.get() {
            Some(Ok(service)) => Readiness::Ready(service),
            Some(Err(why)) => Readiness::Absent(why),
            None => Readiness::Preparing,
        }
    }

    /// The service, when it is ready.
    pub fn ready_now(&self) -> Option<&Arc<T>> {
        match self.get() {
            Readiness::Ready(service) => Some(service),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_service_is_preparing_until_filled_once() {
        let late: Late<u32> = Late::preparing();
        let seen_by_handler = late.clone();
        assert!(matches!(seen_by_handler.get(), Readiness::Preparing));
        late.fill(Ok(Arc::new(7)));
        late.fill(Err("too late".into()));
        assert_eq!(seen_by_handler.ready_now().map(|s| **s), Some(7));
        let absent: Late<u32> = Late::absent("no tariff lines");
        assert!(matches!(absent.get(), Readiness::Absent("no tariff lines")));
    }
}
