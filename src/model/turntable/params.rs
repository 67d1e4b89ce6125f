//! The turntable's parameters as RON spells them, their checks, and its controls.

use crate::kind_spec::{ControlDef, KindSpec};
use crate::problems::{Problems, join};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TurntableParams {
    pub disk: DiskParams,
    /// Holes per ring, from the centre outwards.
    pub rings: Vec<u32>,
    pub friction: FrictionParams,
    pub motor: MotorParams,
    pub touch: TouchParams,
    pub sound: SoundParams,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiskParams {
    /// Steel, r = 0.15 m, 2 mm thick: 7850·π·0.15²·0.002 = 1.110 kg.
    pub mass_kg: f64,
    pub radius_m: f64,
    pub initial_rpm: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrictionParams {
    pub coulomb_n_m: f64,
    pub viscous_n_m_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MotorParams {
    pub max_torque_n_m: f64,
    pub max_rpm: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TouchParams {
    /// Natural frequency of the grab spring between finger and disk, Hz (critically damped).
    pub spring_hz: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SoundParams {
    /// Fraction of a period each puff lasts.
    pub puff_duty: f64,
    /// Loudness before the kiosk's volume cap, 0–1.
    pub volume: f64,
}

impl Default for TurntableParams {
    fn default() -> Self {
        Self {
            disk: DiskParams::default(),
            rings: JUST_MAJOR_RINGS.to_vec(),
            friction: FrictionParams::default(),
            motor: MotorParams::default(),
            touch: TouchParams::default(),
            sound: SoundParams::default(),
        }
    }
}
impl Default for DiskParams {
    fn default() -> Self {
        Self {
            mass_kg: 1.110,
            radius_m: 0.15,
            initial_rpm: 0.0,
        }
    }
}
impl Default for FrictionParams {
    fn default() -> Self {
        Self {
            coulomb_n_m: 0.05,
            viscous_n_m_s: 0.0002,
        }
    }
}
impl Default for MotorParams {
    fn default() -> Self {
        Self {
            max_torque_n_m: 0.6,
            max_rpm: 1500.0,
        }
    }
}
impl Default for TouchParams {
    fn default() -> Self {
        Self { spring_hz: 4.0 }
    }
}
impl Default for SoundParams {
    fn default() -> Self {
        Self {
            puff_duty: 0.3,
            volume: 0.6,
        }
    }
}

/// 24:27:30:32:36:40:45:48 = 1 : 9/8 : 5/4 : 4/3 : 3/2 : 5/3 : 15/8 : 2, a just major scale.
pub const JUST_MAJOR_RINGS: [u32; 8] = [24, 27, 30, 32, 36, 40, 45, 48];

/// The just major scale's frequency ratios to its tonic (Helmholtz 1863, On the Sensations of
/// Tone): the reference the rings are checked against.
pub const JUST_MAJOR_RATIOS: [f64; 8] = [
    1.0,
    9.0 / 8.0,
    5.0 / 4.0,
    4.0 / 3.0,
    1.5,
    5.0 / 3.0,
    15.0 / 8.0,
    2.0,
];

impl TurntableParams {
    pub fn inertia(&self) -> f64 {
        0.5 * self.disk.mass_kg * self.disk.radius_m * self.disk.radius_m
    }

    /// Radius of ring `i` on the disk, m: evenly from 35 % to 92 % of the disk's radius.
    pub fn ring_radius(&self, i: usize) -> f64 {
        let n = self.rings.len().max(2);
        self.disk.radius_m * (0.35 + 0.57 * i as f64 / (n - 1) as f64)
    }

    /// The ring nearest to `radius` on the disk, m.
    pub fn ring_at(&self, radius: f64) -> usize {
        (0..self.rings.len())
            .min_by(|a, b| {
                (self.ring_radius(*a) - radius)
                    .abs()
                    .total_cmp(&(self.ring_radius(*b) - radius).abs())
            })
            .unwrap_or(0)
    }
}

impl KindSpec for TurntableParams {
    const NAME: &'static str = "music_turntable";
    const SOUND_EVENTS: &'static [&'static str] = &["siren"];

    fn check(&self, path: &str, p: &mut Problems) {
        let a = |s: &str| join(path, s);
        p.ranges(
            path,
            &[
                ("disk.mass_kg", self.disk.mass_kg, 0.05, 20.0, "kg"),
                ("disk.radius_m", self.disk.radius_m, 0.05, 0.6, "m"),
                (
                    "disk.initial_rpm",
                    self.disk.initial_rpm,
                    -self.motor.max_rpm.abs(),
                    self.motor.max_rpm.abs(),
                    "rpm",
                ),
            ],
        );
        if self.rings.is_empty() || self.rings.len() > 12 {
            p.push(
                a("rings"),
                format!(
                    "`rings` has {} rings; give 1 to 12 hole counts",
                    self.rings.len()
                ),
            );
        }
        for (i, &n) in self.rings.iter().enumerate() {
            p.range_int(&format!("{}[{i}]", a("rings")), n as i64, 4, 200);
        }
        p.ranges(
            path,
            &[
                (
                    "friction.coulomb_n_m",
                    self.friction.coulomb_n_m,
                    0.0,
                    5.0,
                    "N·m",
                ),
                (
                    "friction.viscous_n_m_s",
                    self.friction.viscous_n_m_s,
                    0.0,
                    1.0,
                    "N·m·s",
                ),
                (
                    "motor.max_torque_n_m",
                    self.motor.max_torque_n_m,
                    0.0,
                    20.0,
                    "N·m",
                ),
                ("motor.max_rpm", self.motor.max_rpm, 10.0, 3000.0, "rpm"),
                ("touch.spring_hz", self.touch.spring_hz, 0.5, 8.0, "Hz"),
                ("sound.puff_duty", self.sound.puff_duty, 0.05, 0.9, ""),
                ("sound.volume", self.sound.volume, 0.0, 1.0, ""),
            ],
        );
    }

    fn controls(&self) -> Vec<ControlDef> {
        let last_ring = self.rings.len().saturating_sub(1) as f64;
        vec![
            ControlDef::number("motor_rpm", 0.0, self.motor.max_rpm, 0.0)
                .range_set_by("kind.motor.max_rpm"),
            ControlDef::integer("ring", 0.0, last_ring, 0.0).range_set_by("kind.rings"),
            ControlDef::toggle("blow"),
            ControlDef::toggle("song"),
        ]
    }
}
