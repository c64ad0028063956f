//! Delivering a briefing to a subscriber's webhook: a JSON POST signed
//! with the subscription's secret (`X-Portolan-Signature: sha256=<hex
//! HMAC-SHA256 of the body>`, as GitHub and Stripe sign theirs, so the
//! receiver can tell it came from us), retried with exponential backoff
//! on network errors, 5xx and 429; a 4xx other than 429 is the receiver
//! refusing and is not retried.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::Attempt;

/// Accepts `http://` and `https://` URLs with a host.
pub fn check_webhook(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| format!("webhook {url:?} must be an http:// or https:// URL"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) || url.len() > 2000 {
        return Err(format!("webhook {url:?} has no valid host"));
    }
    Ok(())
}

/// HMAC-SHA256 (RFC 2104) of `body` under `key`, hex.
pub fn sign(key: &[u8], body: &[u8]) -> String {
    const BLOCK: usize = 64;
    let mut k = if key.len() > BLOCK {
        Sha256::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k.resize(BLOCK, 0);
    let pad = |byte: u8| k.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(body)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// How deliveries are retried.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all.
    pub attempts: usize,
    /// Wait before the second attempt; doubled each time after.
    pub backoff: Duration,
    /// Per-attempt timeout.
    pub timeout: Duration,
}

/// POSTs `body` to `url` until it is accepted or the attempts run out.
/// After each attempt `on_attempt` sees whether it succeeded and every
/// attempt so far, so a caller can record a delivery that is still being
/// retried (the backoff runs to minutes).
pub fn deliver(
    url: &str,
    body: &str,
    subscription: &str,
    secret: &str,
    policy: &RetryPolicy,
    mut on_attempt: impl FnMut(bool, &[Attempt]),
) {
    let agent = ureq::AgentBuilder::new().timeout(policy.timeout).build();
    let signature = format!("sha256={}", sign(secret.as_bytes(), body.as_bytes()));
    let mut attempts = Vec::new();
    let mut wait = policy.backoff;
    for n in 0..policy.attempts.max(1) {
        if n > 0 {
            std::thread::sleep(wait);
            wait *= 2;
        }
        let at = crate::clock::rfc3339(std::time::SystemTime::now());
        let result = agent
            .post(url)
            .set("Content-Type", "application/json")
            .set("X-Portolan-Subscription", subscription)
            .set("X-Portolan-Signature", &signature)
            .send_string(body);
        let (status, error, retry) = match result {
            Ok(res) => (Some(res.status()), None, false),
            Err(ureq::Error::Status(code, _)) => (
                Some(code),
                Some(format!("webhook answered {code}")),
                code >= 500 || code == 429,
            ),
            Err(e) => (None, Some(e.to_string()), true),
        };
        let ok = error.is_none();
        tracing::info!(
            subscription,
            url,
            attempt = n + 1,
            ?status,
            ok,
            "briefing delivery"
        );
        attempts.push(Attempt { at, status, error });
        on_attempt(ok, &attempts);
        if ok || !retry {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn webhooks_must_be_http_urls() {
        assert!(check_webhook("https://erp.example.com/hooks/portolan").is_ok());
        assert!(check_webhook("http://127.0.0.1:9000/x").is_ok());
        for bad in [
            "ftp://x",
            "http://",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "http:// spaced",
        ] {
            assert!(check_webhook(bad).is_err(), "{bad}");
        }
    }
}
