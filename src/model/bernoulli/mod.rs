//! 伯努利量杯 — the Bernoulli cups.
//!
//! Blowing flat across the mouth of a cup lowers the pressure over the ball inside it by
//! Δp = C·½ρv² (Bernoulli: p + ½ρv² = const along the streamline that crosses the mouth; the
//! still air under the ball keeps ambient pressure). The lift Δp·πr² beats the weight once
//! v > v* = √(2mg / (C·ρ·πr²)); the ball jumps out, the jet drags it along and it drops into a
//! cup further down. A U-tube water manometer shows Δp as a column h = Δp / (ρ_water·g).
//!
//! `C` (`air.suction_coefficient`) is the fraction of the jet's dynamic pressure that appears
//! as suction over the ball. C = 1 is the ideal upper bound of Bernoulli's equation. Real
//! suction is lower: a free jet's static pressure is close to ambient, and the pressure drop
//! over a body comes from the curvature of the streamlines bending over it (Babinsky 2003,
//! "How do wings work?", Phys. Educ. 38:497). The default 0.6 is a design value for the
//! exhibit, not a measurement; the verify report checks the formulas at C = 1.
//!
//! **How far the hop can go.** The ball does not seal its cup like a piston: a gap of
//! (R²−r²)/r² = 38 % of its cross-section is left round it (R = 23.5 mm, r = 20 mm), and the
//! cup's floor is closed. The lift is the pressure difference across the ball, from the
//! trapped air under it to the suction over it. The trapped air is stiff (adiabatic, γp₀A²/V
//! ≈ 12 kN/m for the 18 mL under a resting ball: 0.03 mm of rise would cancel the lift at the
//! dial's maximum), so the ball can rise only as fast as room air refills the space under it
//! through the gap. That flow, Q = A·w for a ball rising at w, passes the gap's narrowest
//! ring at Q/(C_c·A_gap), and by Bernoulli through the orifice the air under the ball is that
//! much below ambient: p_leak = ½ρ(A·w / (C_c·A_gap))², with C_c = π/(π+2) ≈ 0.61,
//! Kirchhoff's contraction of a sharp-edged slot (Kirchhoff 1869; Batchelor 1967, An
//! Introduction to Fluid Dynamics, ch. 6, free-streamline theory). So lift = (Δp − p_leak)·A
//! while the ball plugs its cup, and nothing once its equator has passed the rim and the gap
//! opens wide. A falling ball is cushioned by the same term. The static threshold v* is
//! unchanged (w = 0); the rise speed is bounded by w ≤ (C_c·A_gap/A)·√(2(Δp − mg/A)/ρ). The
//! energy it can take out of the cup is at most (Δp·A−mg)·L over the travel L from rest to
//! the equator at the rim; to clear the rim its centre must climb a further r, which gives
//! the **hop speed** v_hop = v*·√(1 + r/L) (9.5 m/s for the shipped exhibit): between v* and
//! v_hop the ball lifts and rattles in its cup, above it the ball leaves and the jet, which
//! hits the ball's lower half as it emerges, carries it forward, further for faster air,
//! until it is carried past the last cup into the catch tray. `caravan verify` sweeps speed ×
//! ball mass × C and checks those three regimes.
//!
//! The jet is a round free jet with the self-similar far field of Hussein, Capp & George
//! (1994, J. Fluid Mech. 258:31): centreline speed u_c = u₀·B·d/s (B = 5.8) once past the
//! potential core (s > B·d, where u_c = u₀), Gaussian profile u = u_c·exp(−ln2·(r/r½)²) with
//! half-width r½ = d/2 + S·s (spreading rate S = 0.094). The ball's drag ½ρC_dA|u−v|(u−v)
//! is summed over sample points of its frontal disk, since the ball is larger than the jet;
//! points inside a cup are shielded by the cup wall.

mod cups;
mod jet;
mod params;

pub use cups::{BallForces, CupsModel, HOP_MARGIN, TRAY_DEPTH_M};
pub use jet::FreeJet;
pub use params::*;

use super::{G, RHO_WATER};
use std::f64::consts::PI;

/// Where the nozzle points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aim {
    /// Flat across the mouths of the cups: the right way.
    #[default]
    Mouth,
    /// Down at the side of the resting ball in the first cup: the wrong way.
    Side,
}

impl Aim {
    pub const NAMES: [&'static str; 2] = ["mouth", "side"];
    pub fn from_name(s: &str) -> Option<Aim> {
        match s {
            "mouth" => Some(Aim::Mouth),
            "side" => Some(Aim::Side),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Aim::Mouth => "mouth",
            Aim::Side => "side",
        }
    }
}

/// Δp = C·½ρv², Pa.
pub fn pressure_drop_pa(density: f64, c: f64, speed: f64) -> f64 {
    c * 0.5 * density * speed * speed
}

/// Height of the water column that balances `dp`, mm.
pub fn water_column_mm(dp: f64) -> f64 {
    dp / (RHO_WATER * G) * 1000.0
}

/// Air speed over the mouth at which the suction lift equals the ball's weight, m/s.
pub fn threshold_speed(mass: f64, radius: f64, density: f64, c: f64) -> f64 {
    (2.0 * mass * G / (c * density * PI * radius * radius)).sqrt()
}

/// Air speed above which the ball can clear the rim: the suction's work over the travel L from
/// rest until the equator reaches the rim, (Δp·A − mg)·L, must pay for the further climb r of
/// its centre, mg·r. An upper bound on the energy (the leak only takes away), so below it the
/// ball cannot leave its cup.
pub fn hop_speed(v_star: f64, radius: f64, travel: f64) -> f64 {
    v_star * (1.0 + radius / travel).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind_spec::KindSpec;
    use crate::model::add;
    use crate::problems::Problems;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        ((a - b) / b).abs() <= rel
    }

    #[test]
    fn pressure_drop_and_water_column_match_hand_values() {
        // ½·1.204·v² at 10, 20, 30 m/s; h = Δp/(998.2·9.80665).
        for (v, dp, h) in [(10.0, 60.2, 6.15), (20.0, 240.8, 24.6), (30.0, 541.8, 55.4)] {
            let got = pressure_drop_pa(1.204, 1.0, v);
            assert!(close(got, dp, 0.005), "{v} m/s: {got} Pa");
            assert!(
                close(water_column_mm(got), h, 0.005),
                "{v} m/s: {} mm",
                water_column_mm(got)
            );
        }
    }

    #[test]
    fn threshold_for_a_table_tennis_ball_is_5_9_m_s() {
        let v = threshold_speed(0.0027, 0.02, 1.204, 1.0);
        assert!((v - 5.9).abs() < 0.05, "{v}");
        // At the threshold, lift = weight exactly.
        let lift = pressure_drop_pa(1.204, 1.0, v) * PI * 0.02 * 0.02;
        assert!(close(lift, 0.0027 * G, 1e-12));
    }

    #[test]
    fn jet_keeps_its_speed_in_the_core_and_decays_as_one_over_distance() {
        let m = CupsModel::new(BernoulliParams::default());
        let jet = m.jet(Aim::Mouth, 10.0);
        let d = jet.diameter;
        assert_eq!(jet.centreline_speed(3.0 * d), 10.0);
        assert!(close(jet.centreline_speed(11.6 * d), 5.0, 1e-12));
        // Half speed at the half-width.
        let s = 20.0 * d;
        let half = 0.5 * d + 0.094 * s;
        let u = jet.velocity_at(add(jet.origin, [s, half, 0.0]));
        assert!(close(u[0], 0.5 * jet.centreline_speed(s), 1e-12));
    }

    #[test]
    fn side_aim_makes_no_suction_and_pushes_the_ball_down() {
        let m = CupsModel::new(BernoulliParams::default());
        let jet = m.jet(Aim::Side, 30.0);
        assert_eq!(m.mouth_pressure_drop(&jet, 0), 0.0);
        let f = m.forces(&jet, m.rest_position(0), [0.0; 3]);
        assert_eq!(f.lift_n, 0.0);
        // The jet reaches the ball over the rim and presses it down and onto the far wall.
        assert!(f.drag_n[1] < -0.001 && f.drag_n[0] > 0.0, "{:?}", f.drag_n);
    }

    #[test]
    fn a_grazing_jet_does_not_reach_a_ball_deep_in_its_cup() {
        let m = CupsModel::new(BernoulliParams::default());
        let jet = m.jet(Aim::Mouth, 30.0);
        let f = m.forces(&jet, m.rest_position(0), [0.0; 3]);
        assert_eq!(f.drag_n, [0.0; 3]);
        assert!(f.lift_n > 0.0);
    }

    #[test]
    fn the_cup_by_cup_account_by_hand_for_the_shipped_exhibit() {
        // v* = √(2·0.0027·9.80665 / (0.6·1.204·π·0.02²)) = 7.638 m/s; the travel from rest to
        // the rim is 0.06 − 0.023 = 0.037 m, so v_hop = v*·√(1 + 0.02/0.037) = 9.480 m/s and a
        // cup throws the ball on above 1.1·v_hop = 10.43 m/s. The cups stand 0.05, 0.102,
        // 0.154 and 0.206 m from the nozzle; its core is 5.8 × 0.03 = 0.174 m long, so the
        // first three see the exit speed and the last 0.174/0.206 = 0.845 of it: the ball
        // stays in the last cup up to 10.43/0.845 = 12.35 m/s and goes into the tray above.
        let m = CupsModel::new(BernoulliParams::default());
        assert!(close(m.hop_speed(), 9.480, 1e-3), "{}", m.hop_speed());
        for (v, place) in [(10.3, 0), (10.6, 3), (12.2, 3), (12.5, 4), (30.0, 4)] {
            assert_eq!(m.carried_to(v), place, "{v} m/s");
        }
    }

    #[test]
    fn the_account_takes_the_ball_further_with_more_speed_for_any_ball_and_jet() {
        for (d, mass, c, count) in [
            (0.025, 0.002, 0.3, 4),
            (0.03, 0.004, 1.0, 6),
            (0.05, 0.0027, 0.6, 2),
        ] {
            let mut p = BernoulliParams::default();
            (
                p.nozzle.diameter_m,
                p.ball.mass_kg,
                p.air.suction_coefficient,
                p.cups.count,
            ) = (d, mass, c, count);
            let m = CupsModel::new(p);
            let places: Vec<usize> = (0..=3000).map(|i| m.carried_to(i as f64 * 0.01)).collect();
            assert!(
                places.windows(2).all(|w| w[0] <= w[1]),
                "d = {d}: {places:?}"
            );
            assert_eq!(places[0], 0);
        }
    }

    #[test]
    fn default_geometry_fits() {
        let mut p = Problems::default();
        BernoulliParams::default().check("kind", &mut p);
        assert!(p.is_empty(), "{:?}", p.items);
    }
}
