//! The siren's voice: a train of air puffs, one per hole passing the nozzle.
//!
//! Each puff is a raised-cosine pulse lasting `duty` of a period, so the sound is rich in
//! harmonics like the real siren, yet smooth enough that little aliases at 48 kHz. The phase
//! advances by f/fs per sample with f interpolated across the tick, so pitch glides without
//! clicks; the gate ramps over 10 ms when blowing starts or stops; a one-pole DC blocker
//! removes the pulse train's mean. The kiosk and `simulate --audio-out` use this same code.

use std::f64::consts::TAU;

pub const SAMPLE_RATE: u32 = 48_000;

#[derive(Debug, Clone)]
pub struct PuffSynth {
    sample_rate: f64,
    phase: f64,
    freq: f64,
    gain: f64,
    dc_x: f64,
    dc_y: f64,
}

impl PuffSynth {
    pub fn new(sample_rate: u32) -> Self {
        Self {
            sample_rate: sample_rate as f64,
            phase: 0.0,
            freq: 0.0,
            gain: 0.0,
            dc_x: 0.0,
            dc_y: 0.0,
        }
    }

    /// Renders `out.len()` samples while the pitch moves linearly to `freq_hz`.
    /// `level` is the gate target (0 = silent, else the loudness, already capped).
    pub fn render(&mut self, freq_hz: f64, level: f64, duty: f64, out: &mut [f32]) {
        let n = out.len().max(1) as f64;
        let f0 = self.freq;
        let ramp = 1.0 / (0.010 * self.sample_rate);
        let duty = duty.clamp(0.05, 0.95);
        // DC blocker pole for a ~20 Hz corner.
        let pole = 1.0 - TAU * 20.0 / self.sample_rate;
        for (k, s) in out.iter_mut().enumerate() {
            let f = f0 + (freq_hz - f0) * (k as f64 + 1.0) / n;
            self.phase += f / self.sample_rate;
            self.phase -= self.phase.floor();
            self.gain += (level - self.gain).clamp(-ramp, ramp);
            let x = if self.phase < duty {
                0.5 * (1.0 - (TAU * self.phase / duty).cos())
            } else {
                0.0
            } * self.gain;
            let y = x - self.dc_x + pole * self.dc_y;
            self.dc_x = x;
            self.dc_y = y;
            *s = y as f32;
        }
        self.freq = freq_hz;
    }
}

/// Pitch of a pulse train, Hz: upward crossings of half the peak level, timed to a fraction of
/// a sample by linear interpolation, averaged from the first to the last crossing.
pub fn estimate_pitch_hz(samples: &[f32], sample_rate: u32) -> Option<f64> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(*s));
    if peak <= 0.0 {
        return None;
    }
    let level = peak * 0.5;
    let mut first = None;
    let mut last = 0.0;
    let mut count = 0usize;
    for k in 1..samples.len() {
        let (a, b) = (samples[k - 1], samples[k]);
        if a < level && b >= level {
            let t = (k - 1) as f64 + ((level - a) / (b - a)) as f64;
            first.get_or_insert(t);
            last = t;
            count += 1;
        }
    }
    let first = first?;
    (count >= 3).then(|| (count - 1) as f64 * sample_rate as f64 / (last - first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_tone_is_measured_back_within_0_2_percent() {
        let mut s = PuffSynth::new(SAMPLE_RATE);
        let mut buf = vec![0.0; SAMPLE_RATE as usize];
        s.render(440.0, 0.5, 0.3, &mut buf[..800]);
        s.render(440.0, 0.5, 0.3, &mut buf[800..]);
        let f = estimate_pitch_hz(&buf[4800..], SAMPLE_RATE).unwrap();
        assert!((f - 440.0).abs() / 440.0 < 0.002, "{f}");
    }

    #[test]
    fn silent_when_not_blowing_and_no_click_at_the_gate() {
        let mut s = PuffSynth::new(SAMPLE_RATE);
        let mut buf = vec![0.0; 4800];
        s.render(440.0, 0.0, 0.3, &mut buf);
        assert!(buf.iter().all(|x| *x == 0.0));
        s.render(440.0, 0.8, 0.3, &mut buf);
        // The gate ramps: the first 1 ms stays under a tenth of full level.
        assert!(buf[..48].iter().all(|x| x.abs() < 0.1));
    }
}
