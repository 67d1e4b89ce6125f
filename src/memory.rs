//! Leaf: the process's own resident memory, read from Linux's `/proc` (std only): the
//! kiosk's metrics report it, fuzz and soak watch it grow.

/// Resident memory of this process (Linux), bytes; 0 where it cannot be read.
pub fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}
