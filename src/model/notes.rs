//! Equal-tempered note names (A4 = 440 Hz, ISO 16:1975) for the pitch readout.

const NAMES: [&str; 12] = [
    "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B",
];

/// The nearest note to `hz` and how far off it is, in cents (−50 … +50).
pub fn nearest_note(hz: f64) -> Option<(String, f64)> {
    if !(hz.is_finite() && hz > 0.0) {
        return None;
    }
    let midi = 69.0 + 12.0 * (hz / 440.0).log2();
    let n = midi.round();
    let cents = (midi - n) * 100.0;
    let n = n as i64;
    let name = NAMES[n.rem_euclid(12) as usize];
    let octave = n.div_euclid(12) - 1;
    Some((format!("{name}{octave}"), cents))
}

/// Interval between two frequencies in equal-tempered semitones.
pub fn semitones(from_hz: f64, to_hz: f64) -> f64 {
    12.0 * (to_hz / from_hz).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_cents() {
        assert_eq!(nearest_note(440.0).unwrap().0, "A4");
        assert_eq!(nearest_note(261.6256).unwrap().0, "C4");
        let (n, c) = nearest_note(880.0 * 2f64.powf(0.3 / 12.0)).unwrap();
        assert_eq!(n, "A5");
        assert!((c - 30.0).abs() < 1e-9);
        assert!(nearest_note(0.0).is_none());
        // 45 vs 33⅓ rpm: ×1.35 = +5.196 semitones.
        assert!((semitones(100.0 / 3.0, 45.0) - 5.196).abs() < 1e-3);
    }
}
