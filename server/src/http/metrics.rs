//! Prometheus metrics, kept by hand (a handful of series does not need a
//! metrics crate): requests by endpoint and status, their latency, the model
//! queue, generated tokens and time to first token.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Latency histogram bounds, seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0];

#[derive(Debug, Default)]
struct Series {
    /// Requests by (endpoint, status).
    requests: BTreeMap<(String, u16), u64>,
    /// Per endpoint: bucket counts, sum of seconds, count.
    latency: BTreeMap<String, ([u64; BUCKETS.len()], f64, u64)>,
    tokens: u64,
    generation_seconds: f64,
    ttft_sum: f64,
    ttft_count: u64,
}

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    series: Mutex<Series>,
}

impl Metrics {
    /// Counts a finished request.
    pub fn request(&self, endpoint: &str, status: u16, took: Duration) {
        // Ids in paths would make one series per document.
        let endpoint = match endpoint.find("/v1/documents/") {
            Some(i) => format!("{}/v1/documents/{{id}}", &endpoint[..i]),
            None => endpoint.to_string(),
        };
        let mut s = self.series.lock().unwrap_or_else(|e| e.into_inner());
        *s.requests.entry((endpoint.clone(), status)).or_default() += 1;
        let secs = took.as_secs_f64();
        let h = s.latency.entry(endpoint).or_default();
        for (b, bound) in h.0.iter_mut().zip(BUCKETS) {
            if secs <= bound {
                *b += 1;
            }
        }
        h.1 += secs;
        h.2 += 1;
    }

    /// Counts a generation: tokens produced and the seconds it took.
    pub fn generation(&self, tokens: usize, seconds: f64) {
        let mut s = self.series.lock().unwrap_or_else(|e| e.into_inner());
        s.tokens += tokens as u64;
        s.generation_seconds += seconds;
    }

    /// Records a time to first token.
    pub fn first_token(&self, seconds: f64) {
        let mut s = self.series.lock().unwrap_or_else(|e| e.into_inner());
        s.ttft_sum += seconds;
        s.ttft_count += 1;
    }

    /// The Prometheus text exposition.
    pub fn render(&self, queue_depth: usize, running: usize) -> String {
        let s = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        let _ = writeln!(out, "# TYPE portolan_requests_total counter");
        for ((endpoint, status), n) in &s.requests {
            let _ = writeln!(
                out,
                "portolan_requests_total{{endpoint=\"{endpoint}\",status=\"{status}\"}} {n}"
            );
        }
        let _ = writeln!(out, "# TYPE portolan_request_seconds histogram");
        for (endpoint, (buckets, sum, count)) in &s.latency {
            for (b, bound) in buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    out,
                    "portolan_request_seconds_bucket{{endpoint=\"{endpoint}\",le=\"{bound}\"}} {b}"
                );
            }
            let _ = writeln!(
                out,
                "portolan_request_seconds_bucket{{endpoint=\"{endpoint}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "portolan_request_seconds_sum{{endpoint=\"{endpoint}\"}} {sum}"
            );
            let _ = writeln!(
                out,
                "portolan_request_seconds_count{{endpoint=\"{endpoint}\"}} {count}"
            );
        }
        let _ = writeln!(out, "# TYPE portolan_queue_depth gauge");
        let _ = writeln!(out, "portolan_queue_depth {queue_depth}");
        let _ = writeln!(out, "# TYPE portolan_model_jobs_running gauge");
        let _ = writeln!(out, "portolan_model_jobs_running {running}");
        let _ = writeln!(out, "# TYPE portolan_generated_tokens_total counter");
        let _ = writeln!(out, "portolan_generated_tokens_total {}", s.tokens);
        let rate = if s.generation_seconds > 0.0 {
            s.tokens as f64 / s.generation_seconds
        } else {
            0.0
        };
        let _ = writeln!(out, "# TYPE portolan_tokens_per_second gauge");
        let _ = writeln!(out, "portolan_tokens_per_second {rate:.3}");
        let _ = writeln!(out, "# TYPE portolan_time_to_first_token_seconds summary");
        let _ = writeln!(
            out,
            "portolan_time_to_first_token_seconds_sum {}",
            s.ttft_sum
        );
        let _ = writeln!(
            out,
            "portolan_time_to_first_token_seconds_count {}",
            s.ttft_count
        );
        out
    }
}
