//! Forces between two bodies by their distance: each law as a potential energy U(s) of the
//! softened distance s = √(r² + ε²), so that the force −∇U is conservative by construction
//! and the scene's energy probe can add U up. F on `b` = −U'(s)·d/s, d = x_b − x_a; on `a`
//! the opposite (Newton's third law: the pair's momentum is kept).

use super::spec::{Facing, Law};

/// Vacuum permeability μ₀, N/A² (CODATA 2018: 1.25663706212(19) × 10⁻⁶).
pub const MU0: f64 = 1.256_637_062_12e-6;
/// Coulomb's constant 1/(4πε₀), N·m²/C² (CODATA 2018: ε₀ = 8.8541878128 × 10⁻¹² F/m).
pub const K_E: f64 = 8.987_551_792_3e9;

/// A law with its constants worked out for one pair: U(s) = c·g(s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// U = c/s³ (magnets), c/s (charges), c·s^(1−n)/(n − 1) or −c·ln s (power law).
    c: f64,
    shape: Shape,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    InverseCube,
    Inverse,
    Power(f64),
}

impl Pair {
    /// `volumes`: the two bodies' volumes, m³ (a magnet's own volume, where the law gives one,
    /// is used instead).
    pub fn new(law: &Law, volumes: (f64, f64)) -> Self {
        match law {
            Law::Magnets {
                remanence_t,
                facing,
                volume_a_m3,
                volume_b_m3,
            } => {
                // m = B_r·V/μ₀ each; coaxial dipoles: U = ∓μ₀m₁m₂/(2πr³) (Jackson, Classical
                // Electrodynamics, 3rd ed., eq. 5.72 with the moments on the line between them).
                let m = |v: f64| remanence_t * v / MU0;
                let (ma, mb) = (
                    m(volume_a_m3.unwrap_or(volumes.0)),
                    m(volume_b_m3.unwrap_or(volumes.1)),
                );
                let sign = match facing {
                    Facing::Attract => -1.0,
                    Facing::Repel => 1.0,
                };
                Self {
                    c: sign * MU0 * ma * mb / (2.0 * std::f64::consts::PI),
                    shape: Shape::InverseCube,
                }
            }
            Law::Charges { a_c, b_c } => Self {
                c: K_E * a_c * b_c,
                shape: Shape::Inverse,
            },
            Law::Power { k, exponent } => Self {
                c: *k,
                shape: Shape::Power(*exponent),
            },
        }
    }

    /// The potential energy U(s), J.
    pub fn energy(&self, s: f64) -> f64 {
        match self.shape {
            Shape::InverseCube => self.c / (s * s * s),
            Shape::Inverse => self.c / s,
            Shape::Power(n) if (n - 1.0).abs() < 1e-12 => -self.c * s.ln(),
            Shape::Power(n) => self.c * s.powf(1.0 - n) / (n - 1.0),
        }
    }

    /// The push apart along the line, −dU/ds, N (negative: a pull).
    pub fn push(&self, s: f64) -> f64 {
        match self.shape {
            Shape::InverseCube => 3.0 * self.c / (s * s * s * s),
            Shape::Inverse => self.c / (s * s),
            Shape::Power(n) => self.c * s.powf(-n),
        }
    }
}

/// The softened distance.
pub fn softened(r: f64, softening: f64) -> f64 {
    (r * r + softening * softening).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn magnets(facing: Facing) -> Law {
        Law::Magnets {
            remanence_t: 1.2,
            facing,
            volume_a_m3: None,
            volume_b_m3: None,
        }
    }

    #[test]
    fn coaxial_magnets_follow_three_mu0_m1_m2_over_two_pi_r4() {
        // Two N35 discs of 1 cm³ (B_r = 1.2 T): m = 1.2·1e-6/μ₀ = 0.9549 A·m² each.
        let v = 1e-6;
        let m = 1.2 * v / MU0;
        assert!((m - 0.954_93).abs() < 1e-4, "{m}");
        let pull = Pair::new(&magnets(Facing::Attract), (v, v));
        let push = Pair::new(&magnets(Facing::Repel), (v, v));
        for r in [0.01f64, 0.02, 0.05] {
            let want = 3.0 * MU0 * m * m / (2.0 * std::f64::consts::PI * r.powi(4));
            assert!((push.push(r) - want).abs() / want < 1e-12, "r {r}");
            assert!((pull.push(r) + want).abs() / want < 1e-12, "r {r}");
        }
        // 2 cm apart: 3·B_r²·V²/(2π·μ₀·r⁴) = 4.32e-12/1.2633e-12 = 3.4196 N (worked by hand).
        assert!(
            (push.push(0.02) - 3.4196).abs() < 1e-3,
            "{}",
            push.push(0.02)
        );
        // A magnet's own volume wins over the body's.
        let own = Law::Magnets {
            remanence_t: 1.2,
            facing: Facing::Repel,
            volume_a_m3: Some(2e-6),
            volume_b_m3: None,
        };
        let p = Pair::new(&own, (v, v));
        assert!((p.push(0.02) / push.push(0.02) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn coulomb_between_two_microcoulombs_a_metre_apart_is_k_e_times_1e_minus_12() {
        let p = Pair::new(
            &Law::Charges {
                a_c: 1e-6,
                b_c: 1e-6,
            },
            (0.0, 0.0),
        );
        assert!((p.push(1.0) - 8.987_551_792_3e-3).abs() < 1e-12);
        let opposite = Pair::new(
            &Law::Charges {
                a_c: 1e-6,
                b_c: -1e-6,
            },
            (0.0, 0.0),
        );
        assert!(opposite.push(1.0) < 0.0, "unlike charges pull");
    }

    #[test]
    fn every_law_pushes_by_minus_the_slope_of_its_energy() {
        let laws = [
            magnets(Facing::Attract),
            magnets(Facing::Repel),
            Law::Charges {
                a_c: 2e-7,
                b_c: -3e-7,
            },
            Law::Power {
                k: 0.3,
                exponent: 1.0,
            },
            Law::Power {
                k: -0.3,
                exponent: 2.5,
            },
            Law::Power {
                k: 0.01,
                exponent: 0.0,
            },
        ];
        for law in &laws {
            let p = Pair::new(law, (1e-6, 2e-6));
            for s in [0.005, 0.03, 0.2] {
                let h = s * 1e-5;
                let slope = (p.energy(s + h) - p.energy(s - h)) / (2.0 * h);
                let push = p.push(s);
                assert!(
                    (push + slope).abs() <= 1e-6 * push.abs().max(1e-12),
                    "{law:?} at {s}: push {push}, −dU/ds {}",
                    -slope
                );
            }
        }
    }

    #[test]
    fn softening_keeps_touching_centres_finite() {
        let p = Pair::new(&magnets(Facing::Attract), (1e-6, 1e-6));
        let s = softened(0.0, 0.002);
        assert_eq!(s, 0.002);
        assert!(p.push(s).is_finite() && p.energy(s).is_finite());
    }
}
