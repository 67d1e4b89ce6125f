//! 音乐转盘 — the music turntable, a siren disk.
//!
//! Rings of holes on a spinning disk pass under an air nozzle; every hole lets out a puff, so
//! the ring sounds f = N·n (N holes, n revolutions per second; Seebeck's siren, 1841).
//! Rings of 24, 27, 30, 32, 36, 40, 45, 48 holes give a just major scale.
//!
//! Disk dynamics: I·dω/dt = τ_motor + τ_touch − τ_c·sign(ω) − b·ω, I = ½mr² (a uniform disk).
//! The linear part (viscous friction, the touch spring's damper) is integrated exactly over a
//! tick (exponential step), so the decay time constant I/b does not depend on the tick size;
//! Coulomb friction removes τ_c·dt/I of speed per tick and holds the disk once it stops.

use super::TICK_S;
use crate::kind_spec::{ControlDef, KindSpec};
use crate::problems::{Problems, join};
use serde::{Deserialize, Serialize};
use std::f64::consts::{PI, TAU};

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
            ControlDef::number("motor_rpm", 0.0, self.motor.max_rpm, 0.0),
            ControlDef::integer("ring", 0.0, last_ring, 0.0),
            ControlDef::toggle("blow"),
            ControlDef::toggle("song"),
        ]
    }
}

pub fn rpm_to_rad_s(rpm: f64) -> f64 {
    rpm * TAU / 60.0
}
pub fn rad_s_to_rpm(w: f64) -> f64 {
    w * 60.0 / TAU
}
/// f = N·ω/2π.
pub fn pitch_hz(holes: u32, omega: f64) -> f64 {
    holes as f64 * omega.abs() / TAU
}

/// What drives the disk during one tick.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DiskInputs {
    /// Target speed of the motor, rpm; 0 = motor off (free-running).
    pub motor_rpm: f64,
    /// Angle of the finger holding the disk, rad, or `None` when nobody touches it.
    pub finger_angle: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Disk {
    pub inertia: f64,
    pub omega: f64,
    pub angle: f64,
    p: TurntableParams,
    /// Disk angle minus finger angle at the moment of the grab.
    grab: Option<Grab>,
}

#[derive(Debug, Clone, Copy)]
struct Grab {
    offset: f64,
    last_finger: f64,
}

impl Disk {
    pub fn new(p: TurntableParams) -> Self {
        Self {
            inertia: p.inertia(),
            omega: rpm_to_rad_s(p.disk.initial_rpm),
            angle: 0.0,
            p,
            grab: None,
        }
    }

    pub fn params(&self) -> &TurntableParams {
        &self.p
    }

    /// Advances one tick of `dt` seconds; returns the disk angles at the start and the end.
    pub fn step(&mut self, dt: f64, input: DiskInputs) -> (f64, f64) {
        let i = self.inertia;
        let mut b = self.p.friction.viscous_n_m_s;
        let mut forcing = 0.0;

        // The finger: a critically damped spring from the finger to the grabbed point.
        match (input.finger_angle, self.grab) {
            (Some(f), None) => {
                self.grab = Some(Grab {
                    offset: self.angle - f,
                    last_finger: f,
                })
            }
            (None, Some(_)) => self.grab = None,
            _ => {}
        }
        if let (Some(f), Some(g)) = (input.finger_angle, self.grab.as_mut()) {
            let wn = TAU * self.p.touch.spring_hz;
            let k = i * wn * wn;
            let c = 2.0 * i * wn;
            let finger_omega = wrap(f - g.last_finger) / dt;
            g.last_finger = f;
            let error = wrap(f + g.offset - self.angle);
            b += c;
            forcing += k * error + c * finger_omega;
        }

        // Exact step of I·dω/dt = forcing − b·ω.
        let w0 = self.omega;
        let mut w = if b > 0.0 {
            let decay = (-b * dt / i).exp();
            w0 * decay + forcing / b * (1.0 - decay)
        } else {
            w0 + forcing * dt / i
        };

        let coulomb_dw = self.p.friction.coulomb_n_m * dt / i;
        if input.motor_rpm > 0.0 {
            // The motor supplies what it takes to hold its speed after friction, up to its limit.
            let target = rpm_to_rad_s(input.motor_rpm.min(self.p.motor.max_rpm));
            let after_friction = w - coulomb_dw * w.signum();
            let wanted = i * (target - after_friction) / dt;
            let torque = wanted.clamp(-self.p.motor.max_torque_n_m, self.p.motor.max_torque_n_m);
            w += torque * dt / i;
        }
        // Coulomb friction: never reverses the motion; a disk it stops stays stopped.
        w = if w.abs() <= coulomb_dw {
            0.0
        } else {
            w - coulomb_dw * w.signum()
        };

        let a0 = self.angle;
        self.omega = w;
        self.angle += 0.5 * (w0 + w) * dt;
        (a0, self.angle)
    }

    pub fn reset(&mut self) {
        self.omega = rpm_to_rad_s(self.p.disk.initial_rpm);
        self.angle = 0.0;
        self.grab = None;
    }
}

/// Wraps an angle difference into (−π, π].
pub fn wrap(a: f64) -> f64 {
    let r = (a + PI).rem_euclid(TAU) - PI;
    if r == -PI { PI } else { r }
}

/// Fractions of the tick (0 ≤ x < 1) at which holes of a ring of `holes` pass the nozzle
/// while the disk turns from `a0` to `a1` (linear in the tick; the nozzle sits at angle 0).
pub fn hole_passings(holes: u32, a0: f64, a1: f64) -> Vec<f64> {
    if a1 == a0 {
        return Vec::new();
    }
    let pitch = TAU / holes as f64;
    let (lo, hi) = (a0.min(a1), a0.max(a1));
    let mut k = (lo / pitch).floor() + 1.0;
    let mut out = Vec::new();
    while k * pitch <= hi {
        out.push(((k * pitch - a0) / (a1 - a0)).clamp(0.0, 1.0));
        k += 1.0;
    }
    out.sort_by(|x, y| x.total_cmp(y));
    out
}

/// 小星星 (Twinkle Twinkle Little Star) as scale degrees 1–8 of the just major rings:
/// 1 1 5 5 6 6 5 | 4 4 3 3 2 2 1 | 5 5 4 4 3 3 2 | 5 5 4 4 3 3 2 | 1 1 5 5 6 6 5 | 4 4 3 3 2 2 1.
pub const TWINKLE: [u8; 42] = [
    1, 1, 5, 5, 6, 6, 5, 4, 4, 3, 3, 2, 2, 1, 5, 5, 4, 4, 3, 3, 2, 5, 5, 4, 4, 3, 3, 2, 1, 1, 5, 5,
    6, 6, 5, 4, 4, 3, 3, 2, 2, 1,
];

/// Song mode: which ring to blow next; a puff on the right ring moves on, a wrong one waits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SongProgress {
    pub pos: usize,
}

impl SongProgress {
    /// The ring (0-based, from the centre) of the next note.
    pub fn next_ring(&self) -> usize {
        (TWINKLE[self.pos % TWINKLE.len()] - 1) as usize
    }
    /// A blow started on `ring`: true when it was the right one (the song moves on).
    pub fn blown(&mut self, ring: usize) -> bool {
        let ok = ring == self.next_ring();
        if ok {
            self.pos = (self.pos + 1) % TWINKLE.len();
        }
        ok
    }
}

/// Spins a disk down with no motor and no touch; returns the time it stops, s.
pub fn spin_down_time(p: TurntableParams, limit_s: f64) -> Option<f64> {
    let mut d = Disk::new(p);
    let mut t = 0.0;
    while t < limit_s {
        d.step(TICK_S, DiskInputs::default());
        t += TICK_S;
        if d.omega == 0.0 {
            return Some(t);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steel(rpm: f64, coulomb: f64, viscous: f64) -> TurntableParams {
        TurntableParams {
            disk: DiskParams {
                mass_kg: 1.110,
                radius_m: 0.15,
                initial_rpm: rpm,
            },
            friction: FrictionParams {
                coulomb_n_m: coulomb,
                viscous_n_m_s: viscous,
            },
            ..TurntableParams::default()
        }
    }

    #[test]
    fn inertia_of_the_steel_disk() {
        // ½·1.110·0.15² = 0.01249 kg·m²
        assert!((steel(0.0, 0.0, 0.0).inertia() - 0.01248).abs() < 0.0001);
    }

    #[test]
    fn coulomb_spin_down_stops_at_28_8_s() {
        // t = I·ω₀/τ_c = 0.0124875 · 115.19 / 0.05 = 28.77 s
        let t = spin_down_time(steel(1100.0, 0.05, 0.0), 60.0).unwrap();
        assert!((t - 28.8).abs() / 28.8 < 0.01, "{t}");
    }

    #[test]
    fn viscous_decay_has_time_constant_i_over_b() {
        let p = steel(1100.0, 0.0, 0.002);
        let tau = p.inertia() / 0.002;
        let mut d = Disk::new(p);
        let w0 = d.omega;
        let mut t = 0.0;
        while d.omega > w0 / std::f64::consts::E {
            d.step(TICK_S, DiskInputs::default());
            t += TICK_S;
        }
        assert!((t - tau).abs() / tau < 0.01, "{t} vs {tau}");
    }

    #[test]
    fn pitch_of_the_rings_at_1100_rpm() {
        let w = rpm_to_rad_s(1100.0);
        assert!((pitch_hz(24, w) - 440.0).abs() < 1e-9);
        assert!((pitch_hz(48, w) - 880.0).abs() < 1e-9);
        let ratios = JUST_MAJOR_RATIOS;
        for (n, r) in JUST_MAJOR_RINGS.iter().zip(ratios) {
            assert!((pitch_hz(*n, w) / pitch_hz(24, w) - r).abs() < 1e-12);
        }
    }

    #[test]
    fn motor_holds_its_speed_against_friction() {
        let mut d = Disk::new(steel(0.0, 0.05, 0.0005));
        let input = DiskInputs {
            motor_rpm: 1100.0,
            finger_angle: None,
        };
        for _ in 0..(60 * 20) {
            d.step(TICK_S, input);
        }
        assert!(
            (rad_s_to_rpm(d.omega) - 1100.0).abs() < 1e-6,
            "{}",
            rad_s_to_rpm(d.omega)
        );
    }

    #[test]
    fn motor_torque_limit_bounds_the_spin_up() {
        let p = steel(0.0, 0.0, 0.0);
        let mut d = Disk::new(p.clone());
        let input = DiskInputs {
            motor_rpm: 1100.0,
            finger_angle: None,
        };
        d.step(1.0, input);
        let max_dw = p.motor.max_torque_n_m / p.inertia();
        assert!(d.omega <= max_dw + 1e-9);
    }

    #[test]
    fn a_dragging_finger_spins_the_disk_both_ways() {
        for dir in [1.0, -1.0] {
            let mut d = Disk::new(steel(0.0, 0.05, 0.0005));
            // The finger sweeps a quarter turn in 0.25 s and lets go: a flick.
            for k in 0..=15 {
                let f = dir * (k as f64) * (PI / 2.0) / 15.0;
                d.step(
                    TICK_S,
                    DiskInputs {
                        motor_rpm: 0.0,
                        finger_angle: Some(f),
                    },
                );
            }
            d.step(TICK_S, DiskInputs::default());
            assert!(d.omega * dir > 2.0, "{}", d.omega);
        }
    }

    #[test]
    fn twinkle_starts_do_do_so_so_la_la_so_and_waits_for_the_right_ring() {
        let mut song = SongProgress::default();
        let rings: Vec<usize> = (0..7)
            .map(|_| {
                let r = song.next_ring();
                assert!(song.blown(r));
                r
            })
            .collect();
        assert_eq!(rings, [0, 0, 4, 4, 5, 5, 4]);
        assert!(!song.blown(7));
        assert_eq!(song.next_ring(), 3);
        // At 1100 rpm ring 0 is A4 and the 5th degree (36 holes) a just fifth above: 660 Hz.
        assert!((pitch_hz(JUST_MAJOR_RINGS[4], rpm_to_rad_s(1100.0)) - 660.0).abs() < 1e-9);
    }

    #[test]
    fn hole_passings_fall_at_the_right_fractions() {
        let pitch = TAU / 24.0;
        let ev = hole_passings(24, 0.5 * pitch, 2.5 * pitch);
        assert_eq!(ev.len(), 2);
        assert!((ev[0] - 0.25).abs() < 1e-12 && (ev[1] - 0.75).abs() < 1e-12);
        assert!(hole_passings(24, 0.1, 0.1).is_empty());
        assert_eq!(hole_passings(24, 2.5 * pitch, 0.5 * pitch).len(), 2);
    }
}
