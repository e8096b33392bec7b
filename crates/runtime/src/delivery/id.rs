//! Message ids: unique per event, generated at track time without a syscall or a lock.

use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);
static SEED: OnceLock<(u64, u64)> = OnceLock::new();

/// A new id shaped like a UUID v4 (36 characters of `[0-9a-f-]`), valid as Segment `messageId`,
/// Amplitude `insert_id` and Mixpanel `$insert_id`.
///
/// 64 random bits per process plus a per-process counter in the low bits: never repeats within
/// a process, and collides across processes only if two random 64-bit seeds do.
pub fn new_message_id() -> String {
    let (high, low_seed) = *SEED.get_or_init(|| {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let entropy = (nanos, std::process::id());
        (RandomState::new().hash_one(entropy), RandomState::new().hash_one(entropy))
    });
    let counter = COUNTER.fetch_add(1, Ordering::Relaxed);
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    // Keep the counter in the low 62 bits so the variant bits never disturb uniqueness.
    let low = (low_seed.wrapping_add(counter) & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    let mut out = [0u8; 36];
    let bytes = ((high as u128) << 64 | low as u128).to_be_bytes();
    let mut at = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            out[at] = b'-';
            at += 1;
        }
        out[at] = HEX[(byte >> 4) as usize];
        out[at + 1] = HEX[(byte & 0xf) as usize];
        at += 2;
    }
    String::from_utf8(out.to_vec()).expect("hex digits and dashes are ASCII")
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_shaped_like_uuids() {
        let ids: Vec<String> = (0..10_000).map(|_| new_message_id()).collect();
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
        for id in &ids {
            assert_eq!(id.len(), 36);
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'), "{id}");
            assert_eq!(&id[14..15], "4");
        }
    }
}
