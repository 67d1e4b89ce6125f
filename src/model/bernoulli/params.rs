//! The cups' descriptor parameters, their defaults (the built-in exhibit) and their checks.

use super::Aim;
use crate::kind_spec::{ControlDef, KindSpec};
use crate::model::RHO_AIR_20C;
use crate::problems::{Problems, join, num};
use serde::{Deserialize, Serialize};

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

/// The jet must be at least this many ball radii wide. A narrower jet still lifts the ball (the
/// suction is over the whole mouth) but hits only a strip of it as it emerges: the ball pops
/// straight up and falls back into its own cup, and the hop sweep (`caravan verify`) finds
/// the lesson broken at 1.0 r (20 mm for a table-tennis ball); it holds from 1.25 r on the
/// sweep's fixed speeds and on 97 speeds per cell (`verify --hop-speeds 97`).
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
                    "the ball (radius {} m) does not fit in a cup (inner radius {} m): make `cups.inner_radius_m` larger than `ball.radius_m`",
                    num(r),
                    num(self.cups.inner_radius_m)
                ),
            );
        }
        if self.cups.height_m < self.cups.base_m + r {
            p.push(
                a("cups.height_m"),
                format!(
                    "a cup {} m tall cannot hold a ball of radius {} m: it must be at least `cups.base_m` + `ball.radius_m` = {} m",
                    num(self.cups.height_m),
                    num(r),
                    num(self.cups.base_m + r)
                ),
            );
        }
        let narrowest = NARROWEST_NOZZLE_PER_RADIUS * r;
        if self.nozzle.diameter_m < narrowest {
            p.push(
                a("nozzle.diameter_m"),
                format!(
                    "a jet {} m wide lifts a ball of radius {} m but cannot carry it to the next cup (it falls back into its own): make `nozzle.diameter_m` at least {NARROWEST_NOZZLE_PER_RADIUS} × `ball.radius_m` = {} m",
                    num(self.nozzle.diameter_m),
                    num(r),
                    num(narrowest)
                ),
            );
        }
        if self.nozzle.setback_m < self.cups.inner_radius_m + self.cups.wall_m {
            p.push(
                a("nozzle.setback_m"),
                format!(
                    "the nozzle would sit inside the first cup: `nozzle.setback_m` must be at least {} m",
                    num(self.cups.inner_radius_m + self.cups.wall_m)
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
