//! Exponential backoff with full jitter, and a circuit breaker that stops hammering an
//! endpoint that keeps failing.

use std::time::{Duration, Instant};

/// Retry settings of one destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Backoff ceiling of the first retry; doubles per attempt.
    pub base: Duration,
    /// Largest backoff.
    pub cap: Duration,
    /// Consecutive failed requests that open the circuit.
    pub circuit_threshold: u32,
    /// How long an open circuit waits before one trial request.
    pub circuit_cooldown: Duration,
    /// How long rate-limited users/devices are held (Amplitude documents 30 s).
    pub throttle_hold: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(60),
            circuit_threshold: 8,
            circuit_cooldown: Duration::from_secs(30),
            throttle_hold: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (1-based): uniform in `[0, min(cap, base·2^(attempt-1))]`
    /// ("full jitter"), but never less than the server's `retry_after`.
    pub fn backoff(&self, attempt: u32, retry_after: Option<Duration>, rng: &mut Rng) -> Duration {
        let ceiling = self.base.saturating_mul(1u32 << attempt.saturating_sub(1).min(20)).min(self.cap);
        let jittered = Duration::from_nanos(rng.below(ceiling.as_nanos() as u64 + 1));
        retry_after.map_or(jittered, |after| jittered.max(after))
    }
}

/// Counts consecutive failures; once open, refuses attempts until the cooldown passes, then
/// lets one trial through (half-open) and closes on its success.
#[derive(Debug)]
pub struct Circuit {
    threshold: u32,
    cooldown: Duration,
    failures: u32,
    open_until: Option<Instant>,
}

impl Circuit {
    /// A closed circuit.
    pub fn new(policy: &RetryPolicy) -> Circuit {
        Circuit {
            threshold: policy.circuit_threshold.max(1),
            cooldown: policy.circuit_cooldown,
            failures: 0,
            open_until: None,
        }
    }

    /// When the next attempt may be made (`now` if closed or half-open).
    pub fn next_attempt_at(&self, now: Instant) -> Instant {
        self.open_until.map_or(now, |until| until.max(now))
    }

    /// Records a successful request: closes the circuit.
    pub fn succeeded(&mut self) {
        self.failures = 0;
        self.open_until = None;
    }

    /// Records a failed request; returns true when this failure opened the circuit.
    pub fn failed(&mut self, now: Instant) -> bool {
        self.failures += 1;
        if self.failures >= self.threshold {
            let was_open = self.open_until.is_some();
            self.open_until = Some(now + self.cooldown);
            return !was_open;
        }
        false
    }
}

/// A small xorshift generator for jitter, seeded from the standard library's random keys.
#[derive(Debug)]
pub struct Rng(u64);

impl Rng {
    /// A randomly seeded generator.
    pub fn new() -> Rng {
        use std::hash::{BuildHasher, RandomState};
        Rng(RandomState::new().hash_one(Instant::now()) | 1)
    }

    /// Uniform in `[0, bound)`; 0 when `bound` is 0.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        if bound == 0 { 0 } else { self.0 % bound }
    }
}

impl Default for Rng {
    fn default() -> Self {
        Rng::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_under_a_doubling_ceiling_and_honours_retry_after() {
        let policy =
            RetryPolicy { base: Duration::from_secs(2), cap: Duration::from_secs(60), ..RetryPolicy::default() };
        let mut rng = Rng::new();
        let mut seen = std::collections::HashSet::new();
        for attempt in 1..=10 {
            let ceiling = Duration::from_secs(2 << (attempt - 1)).min(Duration::from_secs(60));
            for _ in 0..200 {
                let wait = policy.backoff(attempt, None, &mut rng);
                assert!(wait <= ceiling, "attempt {attempt}: {wait:?} > {ceiling:?}");
                seen.insert(wait);
            }
        }
        assert!(seen.len() > 1000, "waits are jittered");
        let wait = policy.backoff(1, Some(Duration::from_secs(7)), &mut rng);
        assert!(wait >= Duration::from_secs(7));
    }

    #[test]
    fn circuit_opens_after_threshold_and_closes_on_success() {
        let policy =
            RetryPolicy { circuit_threshold: 3, circuit_cooldown: Duration::from_secs(10), ..RetryPolicy::default() };
        let mut circuit = Circuit::new(&policy);
        let now = Instant::now();
        assert!(!circuit.failed(now));
        assert!(!circuit.failed(now));
        assert_eq!(circuit.next_attempt_at(now), now);
        assert!(circuit.failed(now));
        assert_eq!(circuit.next_attempt_at(now), now + Duration::from_secs(10));
        assert!(!circuit.failed(now), "already open: not reported again");
        circuit.succeeded();
        assert_eq!(circuit.next_attempt_at(now), now);
    }
}
