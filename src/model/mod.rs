//! Exhibit physics as plain Rust: no Bevy types, unit-tested against closed forms and
//! published references. The Bevy plugins in `exhibits/` only feed these models and draw them.
//! This layer imports nothing of the crate but itself and the leaves (`problems`, `kind_spec`).
//!
//! Files are named after what they model (a cup and its jet, a disk, a lattice of air), not
//! after the kind that shows it: `lbm` and `cylinder` serve no kind on their own, and another
//! kind could drive the same model.

pub mod airflow;
pub mod bernoulli;
pub mod cylinder;
pub mod flow;
pub mod lbm;
pub mod mechanics;
pub mod notes;
pub mod optics;
pub mod panorama;
pub mod scene;
pub mod simd;
pub mod synth;
pub mod turntable;
pub mod waves;

/// Standard gravity, m/s² (CGPM 1901, the conventional value).
pub const G: f64 = 9.80665;
/// Density of water at 20 °C, kg/m³ (Kell 1975, J. Chem. Eng. Data 20:97).
pub const RHO_WATER: f64 = 998.2;
/// Density of dry air at 20 °C and 101.325 kPa, kg/m³ (ideal gas, R = 287.05 J/(kg·K)).
pub const RHO_AIR_20C: f64 = 1.204;

/// The fixed physics tick of every exhibit, Hz.
pub const TICK_HZ: f64 = 60.0;
pub const TICK_S: f64 = 1.0 / TICK_HZ;

pub type V3 = [f64; 3];

pub fn add(a: V3, b: V3) -> V3 {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}
pub fn sub(a: V3, b: V3) -> V3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}
pub fn scale(a: V3, s: f64) -> V3 {
    [a[0] * s, a[1] * s, a[2] * s]
}
pub fn dot(a: V3, b: V3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
pub fn cross(a: V3, b: V3) -> V3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}
pub fn norm(a: V3) -> f64 {
    dot(a, a).sqrt()
}
pub fn normalize(a: V3) -> V3 {
    let n = norm(a);
    if n > 0.0 { scale(a, 1.0 / n) } else { a }
}

/// A breath: the air speed follows the target with a first-order lag (time constant
/// `rise_s / 3`, so 95 % of the step is reached after `rise_s`), up when blowing starts and
/// down when it stops. Exact for a constant target over the step, so it is tick-size independent.
#[derive(Debug, Clone, Copy, Default)]
pub struct BreathRamp {
    pub speed: f64,
}

impl BreathRamp {
    pub fn step(&mut self, target: f64, rise_s: f64, dt: f64) -> f64 {
        if rise_s <= 0.0 {
            self.speed = target;
        } else {
            let k = (-dt * 3.0 / rise_s).exp();
            self.speed = target + (self.speed - target) * k;
            if (self.speed - target).abs() < 1e-9 {
                self.speed = target;
            }
        }
        self.speed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breath_ramp_reaches_95_percent_after_rise_time() {
        let mut r = BreathRamp::default();
        let rise = 0.5;
        let steps = (rise / TICK_S).round() as usize;
        for _ in 0..steps {
            r.step(10.0, rise, TICK_S);
        }
        // 1 - e^-3 = 0.9502
        assert!(
            (r.speed - 10.0 * (1.0 - (-3.0f64).exp())).abs() < 1e-9,
            "{}",
            r.speed
        );
    }
}
