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
//! the **hop speed** v_hop = v*·√(1 + r/L) (9.4 m/s for the shipped exhibit): between v* and
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

use super::{G, RHO_AIR_20C, RHO_WATER, TICK_S, V3, add, cross, dot, norm, normalize, scale, sub};
use crate::kind_spec::{ControlDef, KindSpec};
use crate::problems::{Problems, join, num};
use serde::{Deserialize, Serialize};
use std::f64::consts::{LN_2, PI};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct BernoulliParams {
    pub air: AirParams,
    pub ball: BallParams,
    pub cups: CupParams,
    pub nozzle: NozzleParams,
    pub jet: JetParams,
    pub breath: BreathParams,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AirParams {
    pub density_kg_m3: f64,
    /// C in Δp = C·½ρv² (see the module documentation).
    pub suction_coefficient: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BallParams {
    /// A regulation table-tennis ball: 2.7 g, 40 mm (ITTF Technical Leaflet T3).
    pub mass_kg: f64,
    pub radius_m: f64,
    /// Smooth sphere at Re ≈ 10⁴–10⁵: C_d ≈ 0.47 (Hoerner 1965, Fluid-Dynamic Drag, 3-2).
    pub drag_coefficient: f64,
    pub restitution: f64,
    pub friction: f64,
    /// Rolling resistance coefficient μ_r: a ball rolling on the table or a cup's floor is
    /// slowed by μ_r·m·g. Billiard cloth: 0.005–0.015 (Marlow 1995, The Physics of Pocket
    /// Billiards, ch. 2); rapier's contacts have none of their own.
    pub rolling_resistance: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CupParams {
    pub count: u32,
    pub inner_radius_m: f64,
    pub height_m: f64,
    pub wall_m: f64,
    pub base_m: f64,
    /// Clear gap between the outer walls of neighbouring cups.
    pub gap_m: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NozzleParams {
    pub diameter_m: f64,
    /// Height of the jet axis over the rims (0 = the jet skims the mouths).
    pub height_above_rim_m: f64,
    /// Horizontal distance from the nozzle exit to the centre of the first cup.
    pub setback_m: f64,
    /// Aimed at the side of the ball, the nozzle points down at it at this angle below the
    /// horizontal, from `setback_m` away, so the jet reaches the ball over the rim.
    pub side_angle_deg: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JetParams {
    /// B in u_c = u₀·B·d/s (Hussein, Capp & George 1994: 5.8).
    pub decay_constant: f64,
    /// S in r½ = d/2 + S·s (Hussein, Capp & George 1994: 0.094).
    pub spreading_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BreathParams {
    /// Time for the air speed to reach 95 % of the dial's value.
    pub rise_s: f64,
}

impl Default for AirParams {
    fn default() -> Self {
        Self {
            density_kg_m3: RHO_AIR_20C,
            suction_coefficient: 0.6,
        }
    }
}
impl Default for BallParams {
    fn default() -> Self {
        Self {
            mass_kg: 0.0027,
            radius_m: 0.02,
            drag_coefficient: 0.47,
            restitution: 0.5,
            friction: 0.4,
            rolling_resistance: 0.01,
        }
    }
}
impl Default for CupParams {
    fn default() -> Self {
        Self {
            count: 4,
            inner_radius_m: 0.0235,
            height_m: 0.06,
            wall_m: 0.0015,
            base_m: 0.003,
            gap_m: 0.002,
        }
    }
}
impl Default for NozzleParams {
    fn default() -> Self {
        Self {
            diameter_m: 0.03,
            height_above_rim_m: 0.0,
            setback_m: 0.05,
            side_angle_deg: 70.0,
        }
    }
}
impl Default for JetParams {
    fn default() -> Self {
        Self {
            decay_constant: 5.8,
            spreading_rate: 0.094,
        }
    }
}
impl Default for BreathParams {
    fn default() -> Self {
        Self { rise_s: 0.3 }
    }
}

/// Over how many ball radii above the rim the plug's suction fades out.
const PLUG_FADE: f64 = 0.1;

/// Contraction coefficient of a sharp-edged slot: Kirchhoff's free-streamline result π/(π+2).
const CONTRACTION: f64 = PI / (PI + 2.0);

/// Depth of the catch tray past the last cup: deeper than the largest ball's radius, so a ball
/// that lands there stays there.
pub const TRAY_DEPTH_M: f64 = 0.05;
/// Clear run from the last cup's wall to the step down into the tray.
const TRAY_GAP_M: f64 = 0.03;

/// The jet must be at least this many ball radii wide. A narrower jet still lifts the ball (the
/// suction is over the whole mouth) but hits only a strip of it as it emerges: the ball pops
/// straight up and falls back into its own cup, and the hop sweep (`caravan verify`) finds
/// the lesson broken at 1.0 r (20 mm for a table-tennis ball); it holds from 1.25 r.
pub const NARROWEST_NOZZLE_PER_RADIUS: f64 = 1.25;

/// Highest air speed the dial offers, m/s.
pub const MAX_AIR_SPEED_M_S: f64 = 30.0;

impl KindSpec for BernoulliParams {
    const NAME: &'static str = "bernoulli_cups";
    const SOUND_EVENTS: &'static [&'static str] = &["blow", "land"];

    fn check(&self, path: &str, p: &mut Problems) {
        let a = |s: &str| join(path, s);
        p.ranges(
            path,
            &[
                (
                    "air.density_kg_m3",
                    self.air.density_kg_m3,
                    0.5,
                    1.5,
                    "kg/m³",
                ),
                (
                    "air.suction_coefficient",
                    self.air.suction_coefficient,
                    0.05,
                    1.0,
                    "",
                ),
                ("ball.mass_kg", self.ball.mass_kg, 0.0005, 0.05, "kg"),
                ("ball.radius_m", self.ball.radius_m, 0.01, 0.04, "m"),
                (
                    "ball.drag_coefficient",
                    self.ball.drag_coefficient,
                    0.1,
                    2.0,
                    "",
                ),
                ("ball.restitution", self.ball.restitution, 0.0, 0.95, ""),
                ("ball.friction", self.ball.friction, 0.0, 1.5, ""),
                (
                    "ball.rolling_resistance",
                    self.ball.rolling_resistance,
                    0.0,
                    0.5,
                    "",
                ),
            ],
        );
        p.range_int(&a("cups.count"), self.cups.count as i64, 2, 6);
        p.ranges(
            path,
            &[
                (
                    "cups.inner_radius_m",
                    self.cups.inner_radius_m,
                    0.012,
                    0.06,
                    "m",
                ),
                ("cups.height_m", self.cups.height_m, 0.02, 0.15, "m"),
                ("cups.wall_m", self.cups.wall_m, 0.001, 0.01, "m"),
                ("cups.base_m", self.cups.base_m, 0.001, 0.02, "m"),
                ("cups.gap_m", self.cups.gap_m, 0.0, 0.1, "m"),
                (
                    "nozzle.diameter_m",
                    self.nozzle.diameter_m,
                    0.003,
                    0.06,
                    "m",
                ),
                (
                    "nozzle.height_above_rim_m",
                    self.nozzle.height_above_rim_m,
                    -0.01,
                    0.05,
                    "m",
                ),
                ("nozzle.setback_m", self.nozzle.setback_m, 0.0, 0.3, "m"),
                (
                    "nozzle.side_angle_deg",
                    self.nozzle.side_angle_deg,
                    20.0,
                    80.0,
                    "°",
                ),
                ("jet.decay_constant", self.jet.decay_constant, 3.0, 10.0, ""),
                ("jet.spreading_rate", self.jet.spreading_rate, 0.05, 0.2, ""),
                ("breath.rise_s", self.breath.rise_s, 0.0, 3.0, "s"),
            ],
        );
        // Relations between fields: the ball must fit in a cup and be able to rest in it.
        let r = self.ball.radius_m;
        if r >= self.cups.inner_radius_m {
            p.push(
                a("ball.radius_m"),
                format!(
                    "the ball (radius {r} m) does not fit in a cup (inner radius {} m): make `cups.inner_radius_m` larger than `ball.radius_m`",
                    self.cups.inner_radius_m
                ),
            );
        }
        if self.cups.height_m < self.cups.base_m + r {
            p.push(
                a("cups.height_m"),
                format!(
                    "a cup {} m tall cannot hold a ball of radius {r} m: it must be at least `cups.base_m` + `ball.radius_m` = {} m",
                    self.cups.height_m,
                    self.cups.base_m + r
                ),
            );
        }
        let narrowest = NARROWEST_NOZZLE_PER_RADIUS * r;
        if self.nozzle.diameter_m < narrowest {
            p.push(
                a("nozzle.diameter_m"),
                format!(
                    "a jet {} m wide lifts a ball of radius {r} m but cannot carry it to the next cup (it falls back into its own): make `nozzle.diameter_m` at least {NARROWEST_NOZZLE_PER_RADIUS} × `ball.radius_m` = {} m",
                    num(self.nozzle.diameter_m),
                    num(narrowest)
                ),
            );
        }
        if self.nozzle.setback_m < self.cups.inner_radius_m + self.cups.wall_m {
            p.push(
                a("nozzle.setback_m"),
                format!(
                    "the nozzle would sit inside the first cup: `nozzle.setback_m` must be at least {} m",
                    self.cups.inner_radius_m + self.cups.wall_m
                ),
            );
        }
    }

    fn controls(&self) -> Vec<ControlDef> {
        vec![
            ControlDef::toggle("blow"),
            ControlDef::number("air_speed_m_s", 0.0, MAX_AIR_SPEED_M_S, 12.0),
            ControlDef::choice("aim", &Aim::NAMES),
        ]
    }
}

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

/// A round free jet.
#[derive(Debug, Clone, Copy)]
pub struct FreeJet {
    pub origin: V3,
    pub dir: V3,
    pub diameter: f64,
    pub exit_speed: f64,
    pub decay_constant: f64,
    pub spreading_rate: f64,
}

impl FreeJet {
    /// Centreline speed at distance `s` downstream.
    pub fn centreline_speed(&self, s: f64) -> f64 {
        if s <= 0.0 {
            return 0.0;
        }
        let core = self.decay_constant * self.diameter;
        self.exit_speed * (core / s).min(1.0)
    }

    pub fn velocity_at(&self, p: V3) -> V3 {
        let rel = sub(p, self.origin);
        let s = dot(rel, self.dir);
        if s <= 0.0 || self.exit_speed == 0.0 {
            return [0.0; 3];
        }
        let radial = sub(rel, scale(self.dir, s));
        let r = norm(radial);
        let half = 0.5 * self.diameter + self.spreading_rate * s;
        let u = self.centreline_speed(s) * (-LN_2 * (r / half).powi(2)).exp();
        scale(self.dir, u)
    }
}

/// Forces on the ball for one tick, N, and what the gauges show.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BallForces {
    pub pressure_drop_pa: f64,
    pub lift_n: f64,
    pub drag_n: V3,
    /// Rolling resistance from the table or a cup's floor, horizontal.
    pub rolling_n: V3,
}

/// Geometry and aerodynamics of the row of cups.
#[derive(Debug, Clone)]
pub struct CupsModel {
    pub p: BernoulliParams,
    /// Frontal-disk sample offsets (unit disk) with equal area weights.
    samples: Vec<(f64, f64)>,
}

impl CupsModel {
    pub fn new(p: BernoulliParams) -> Self {
        // A 9 × 9 grid clipped to the unit disk: 69 points of equal area.
        let n = 9;
        let mut samples = Vec::new();
        for i in 0..n {
            for j in 0..n {
                let a = -1.0 + (2 * i + 1) as f64 / n as f64;
                let b = -1.0 + (2 * j + 1) as f64 / n as f64;
                if a * a + b * b <= 1.0 {
                    samples.push((a, b));
                }
            }
        }
        Self { p, samples }
    }

    pub fn spacing(&self) -> f64 {
        2.0 * (self.p.cups.inner_radius_m + self.p.cups.wall_m) + self.p.cups.gap_m
    }
    pub fn cup_x(&self, i: usize) -> f64 {
        i as f64 * self.spacing()
    }
    /// Where the table steps down into the catch tray.
    pub fn tray_start_x(&self) -> f64 {
        let c = &self.p.cups;
        self.cup_x(c.count as usize - 1) + c.inner_radius_m + c.wall_m + TRAY_GAP_M
    }
    /// Height of what the ball would roll on at `x`: a cup's floor, the table or the tray.
    pub fn floor_y(&self, ball: V3) -> f64 {
        if self.cup_column(ball).is_some() {
            self.p.cups.base_m
        } else if ball[0] > self.tray_start_x() {
            -TRAY_DEPTH_M
        } else {
            0.0
        }
    }
    pub fn rim_y(&self) -> f64 {
        self.p.cups.height_m
    }
    /// Where the ball rests in cup `i`.
    pub fn rest_position(&self, i: usize) -> V3 {
        [
            self.cup_x(i),
            self.p.cups.base_m + self.p.ball.radius_m,
            0.0,
        ]
    }
    pub fn nozzle_position(&self) -> V3 {
        [
            -self.p.nozzle.setback_m,
            self.rim_y() + self.p.nozzle.height_above_rim_m,
            0.0,
        ]
    }
    pub fn weight_n(&self) -> f64 {
        self.p.ball.mass_kg * G
    }
    pub fn threshold_speed(&self) -> f64 {
        threshold_speed(
            self.p.ball.mass_kg,
            self.p.ball.radius_m,
            self.p.air.density_kg_m3,
            self.p.air.suction_coefficient,
        )
    }
    /// See [`hop_speed`]: the travel is from the resting centre to the rim.
    pub fn hop_speed(&self) -> f64 {
        let travel = self.rim_y() - self.rest_position(0)[1];
        hop_speed(self.threshold_speed(), self.p.ball.radius_m, travel)
    }

    pub fn jet(&self, aim: Aim, exit_speed: f64) -> FreeJet {
        let (origin, dir) = match aim {
            Aim::Mouth => (self.nozzle_position(), [1.0, 0.0, 0.0]),
            Aim::Side => {
                let a = self.p.nozzle.side_angle_deg.to_radians();
                let dir = [a.cos(), -a.sin(), 0.0];
                (
                    sub(self.rest_position(0), scale(dir, self.p.nozzle.setback_m)),
                    dir,
                )
            }
        };
        FreeJet {
            origin,
            dir,
            diameter: self.p.nozzle.diameter_m,
            exit_speed,
            decay_constant: self.p.jet.decay_constant,
            spreading_rate: self.p.jet.spreading_rate,
        }
    }

    /// The cup whose column contains `p` horizontally (any height), if any.
    fn cup_column(&self, p: V3) -> Option<usize> {
        let i = (p[0] / self.spacing()).round();
        if i < 0.0 || i >= self.p.cups.count as f64 {
            return None;
        }
        let i = i as usize;
        let dx = p[0] - self.cup_x(i);
        (dx * dx + p[2] * p[2] < self.p.cups.inner_radius_m.powi(2)).then_some(i)
    }

    /// The cup the ball is in (centre below the rim inside a cup), or `None` in flight.
    pub fn ball_cup(&self, ball: V3) -> Option<usize> {
        self.cup_column(ball).filter(|_| ball[1] < self.rim_y())
    }

    /// Suction over the mouth of cup `i`: a grazing jet crossing the mouth lowers the
    /// pressure; a jet pointed into the cup (steeper than 10°) stagnates there and makes no suction.
    pub fn mouth_pressure_drop(&self, jet: &FreeJet, i: usize) -> f64 {
        if jet.dir[1] < -(10f64.to_radians().sin()) {
            return 0.0;
        }
        let u = jet.velocity_at([self.cup_x(i), self.rim_y(), 0.0]);
        let tangential = (u[0] * u[0] + u[2] * u[2]).sqrt();
        pressure_drop_pa(
            self.p.air.density_kg_m3,
            self.p.air.suction_coefficient,
            tangential,
        )
    }

    /// The cup whose mouth the gauges report: the one holding the ball, else the nearest.
    pub fn gauge_cup(&self, ball: V3) -> usize {
        let i = (ball[0] / self.spacing()).round();
        i.clamp(0.0, (self.p.cups.count - 1) as f64) as usize
    }

    /// A point inside a cup is reached by the jet only through that cup's mouth: the straight
    /// line from the nozzle must cross the rim plane inside the mouth.
    fn shielded(&self, jet: &FreeJet, q: V3) -> bool {
        let rim = self.rim_y();
        let Some(i) = self.cup_column(q).filter(|_| q[1] < rim) else {
            return false;
        };
        let o = jet.origin;
        if o[1] <= rim {
            return true;
        }
        let t = (rim - o[1]) / (q[1] - o[1]);
        let c = add(o, scale(sub(q, o), t));
        let dx = c[0] - self.cup_x(i);
        dx * dx + c[2] * c[2] >= self.p.cups.inner_radius_m.powi(2)
    }

    /// Pressure the air under a ball moving up at `w` loses (or, moving down, gains) by
    /// squeezing through the gap round it, Pa.
    pub fn cavity_leak_pa(&self, w: f64) -> f64 {
        let r = self.p.ball.radius_m;
        let gap = PI * (self.p.cups.inner_radius_m.powi(2) - r * r);
        let u = PI * r * r * w / (CONTRACTION * gap);
        0.5 * self.p.air.density_kg_m3 * u * u.abs()
    }

    /// −μ_r·m·g against the horizontal velocity of a ball touching the table or a cup's floor,
    /// never more than stops it within a tick.
    pub fn rolling_resistance(&self, ball: V3, vel: V3) -> V3 {
        let b = &self.p.ball;
        let floor = self.floor_y(ball);
        let speed = (vel[0] * vel[0] + vel[2] * vel[2]).sqrt();
        if ball[1] - b.radius_m > floor + 0.001 || speed < 1e-6 {
            return [0.0; 3];
        }
        let f = (b.rolling_resistance * b.mass_kg * G).min(b.mass_kg * speed / TICK_S);
        [-f * vel[0] / speed, 0.0, -f * vel[2] / speed]
    }

    pub fn forces(&self, jet: &FreeJet, ball: V3, ball_vel: V3) -> BallForces {
        let r = self.p.ball.radius_m;
        let rim = self.rim_y();
        let dp = self.mouth_pressure_drop(jet, self.gauge_cup(ball));
        // How far the ball still plugs a cup: 1 while its equator is below the rim, fading to
        // 0 over the next tenth of a radius as the gap round it opens (no jump in the force).
        let plug = match self.cup_column(ball) {
            Some(_) => ((rim + PLUG_FADE * r - ball[1]) / (PLUG_FADE * r)).clamp(0.0, 1.0),
            None => 0.0,
        };
        // Plugging a cup, the ball has the mouth's suction over it and the trapped air under
        // it, which loses pressure as the ball rises (`cavity_leak_pa`).
        let lift = plug * (dp - self.cavity_leak_pa(ball_vel[1])) * PI * r * r;
        // Drag summed over the frontal disk, normal to the jet.
        let e1 = normalize(if jet.dir[1].abs() < 0.9 {
            cross(jet.dir, [0.0, 1.0, 0.0])
        } else {
            cross(jet.dir, [1.0, 0.0, 0.0])
        });
        let e2 = cross(jet.dir, e1);
        let area = PI * r * r / self.samples.len() as f64;
        let k = 0.5 * self.p.air.density_kg_m3 * self.p.ball.drag_coefficient * area;
        let mut drag = [0.0; 3];
        for &(a, b) in &self.samples {
            let q = add(ball, add(scale(e1, a * r), scale(e2, b * r)));
            let u = if self.shielded(jet, q) {
                [0.0; 3]
            } else {
                jet.velocity_at(q)
            };
            let rel = sub(u, ball_vel);
            drag = add(drag, scale(rel, k * norm(rel)));
        }
        BallForces {
            pressure_drop_pa: dp,
            lift_n: lift,
            drag_n: drag,
            rolling_n: self.rolling_resistance(ball, ball_vel),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn default_geometry_fits() {
        let mut p = Problems::default();
        BernoulliParams::default().check("kind", &mut p);
        assert!(p.is_empty(), "{:?}", p.items);
    }
}
