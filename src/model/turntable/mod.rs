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

mod params;
#[cfg(test)]
mod tests;

pub use params::*;

use super::TICK_S;
use std::f64::consts::{PI, TAU};

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
