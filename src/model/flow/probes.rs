//! What the probes read, in the file's units: the air's speed, velocity and pressure at a
//! point, the force on a body and its coefficient, a body's place, turn and speed, the flow
//! through a line, the Reynolds number and the slow motion.

use super::bodies::Body;
use super::layout::Grid;
use super::spec::*;
use crate::model::lbm::Lattice;

/// What the probes read from: the running scene's parts.
pub struct Air<'a> {
    pub scene: &'a FlowParams,
    pub grid: &'a Grid,
    pub lattice: &'a Lattice,
    pub bodies: &'a [Body],
    /// The fastest the air is driven now, m/s.
    pub drive_m_s: f64,
    /// How many times slower than real the kiosk shows it.
    pub slowdown: f64,
}

impl Air<'_> {
    fn body(&self, id: &str) -> Option<&Body> {
        let i = self.scene.bodies.iter().position(|b| b.id == id)?;
        self.bodies.get(i)
    }
}

/// Whether the probe reads the air (and so is averaged over `field.average_s`).
pub fn averages(p: &Probe) -> bool {
    matches!(
        p,
        Probe::Speed { .. }
            | Probe::Velocity { .. }
            | Probe::Pressure { .. }
            | Probe::Bernoulli { .. }
            | Probe::Force { .. }
            | Probe::Coefficient { .. }
            | Probe::FlowRate { .. }
    )
}

fn axis(a: Axis) -> usize {
    match a {
        Axis::X => 0,
        Axis::Y => 1,
    }
}

/// The probe's value now (not averaged); None where it cannot be read (a point in a solid).
pub fn read(w: &Air, p: &Probe) -> Option<f64> {
    let [over, under] = parts(w, p)?;
    finite(over / under).filter(|_| under.abs() > 1e-12)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The probe's value now as a ratio `[over, under]` (`under` is 1 but for `Bernoulli`): a
/// ratio averages its two parts apart, since the mean of a ratio whose `under` passes through
/// nought as the air starts is not the ratio of the means.
pub fn parts(w: &Air, p: &Probe) -> Option<[f64; 2]> {
    if let Probe::Bernoulli { at_m, against_m } = p {
        let rho = w.scene.field.density_kg_m3;
        let drop = pressure(w, *against_m) - pressure(w, *at_m);
        let (u, v) = (velocity(w, *at_m), velocity(w, *against_m));
        let dynamic = 0.5 * rho * (u[0] * u[0] + u[1] * u[1] - v[0] * v[0] - v[1] * v[1]);
        return (drop.is_finite() && dynamic.is_finite()).then_some([drop, dynamic]);
    }
    Some([value(w, p)?, 1.0])
}

/// The pressure at a point above that of air at rest (ρ = 1 on the lattice), Pa:
/// p = c_s²·ρ_lattice in the air's units, ρ_air·(dx/dt)²·(ρ − 1)/3.
fn pressure(w: &Air, at: P2) -> f64 {
    let speed = w.grid.speed();
    let rho = w.scene.field.density_kg_m3;
    rho * speed * speed * (w.lattice.density_at(w.grid.to_lattice(at)) - 1.0) / 3.0
}

fn velocity(w: &Air, at: P2) -> [f64; 2] {
    let speed = w.grid.speed();
    let v = w.lattice.velocity_at(w.grid.to_lattice(at));
    [v[0] * speed, v[1] * speed]
}

fn value(w: &Air, p: &Probe) -> Option<f64> {
    let g = w.grid;
    let velocity = |at: P2| velocity(w, at);
    let rho = w.scene.field.density_kg_m3;
    let body = |id: &str| w.body(id);
    match p {
        Probe::Speed { at_m } => {
            let v = velocity(*at_m);
            finite(v[0].hypot(v[1]))
        }
        Probe::Velocity { at_m, axis: a } => finite(velocity(*at_m)[axis(*a)]),
        Probe::Pressure { at_m, against_m } => {
            finite(pressure(w, *at_m) - against_m.map_or(0.0, |q| pressure(w, q)))
        }
        // A ratio: `parts` reads it.
        Probe::Bernoulli { .. } => None,
        Probe::Force { body: id, axis: a } => Some(body(id)?.force[axis(*a)]),
        Probe::Coefficient {
            body: id,
            axis: a,
            speed_m_s,
            length_m,
        } => {
            let f = body(id)?.force[axis(*a)];
            Some(2.0 * f / (rho * speed_m_s * speed_m_s * length_m))
        }
        Probe::Position { body: id, axis: a } => Some(body(id)?.pos[axis(*a)]),
        Probe::Angle { body: id } => {
            let i = w.scene.bodies.iter().position(|b| b.id == *id)?;
            let b = &w.bodies[i];
            let pivot = match &w.scene.bodies[i].mount {
                Mount::String { anchor_m, .. } => Some(*anchor_m),
                Mount::Hinge { at_m } if b.radius.is_some() => Some(*at_m),
                _ => None,
            };
            Some(match (pivot, &w.scene.bodies[i].mount) {
                // From straight down, counter-clockwise.
                (Some(a), _) => (b.pos[0] - a[0]).atan2(a[1] - b.pos[1]).to_degrees(),
                // A string's swing from straight down, however it points in the plane.
                (None, Mount::Hanging { length_m }) => {
                    let at = w.scene.bodies[i].at_m;
                    (b.pos[0] - at[0])
                        .hypot(b.pos[1] - at[1])
                        .atan2(*length_m)
                        .to_degrees()
                }
                (None, _) => b.angle.to_degrees(),
            })
        }
        Probe::BodySpeed { body: id } => {
            let b = body(id)?;
            Some(b.vel[0].hypot(b.vel[1]))
        }
        Probe::Distance { a, b } => {
            let (a, b) = (body(a)?, body(b)?);
            Some((a.pos[0] - b.pos[0]).hypot(a.pos[1] - b.pos[1]))
        }
        Probe::FlowRate { from_m, to_m } => {
            // ∫ u·n ds at half-cell steps, n the line's left normal.
            let d = [to_m[0] - from_m[0], to_m[1] - from_m[1]];
            let len = d[0].hypot(d[1]);
            let steps = ((len / (g.dx / 2.0)).ceil() as usize).max(1);
            let n = [-d[1] / len, d[0] / len];
            let ds = len / steps as f64;
            let sum: f64 = (0..steps)
                .map(|k| {
                    let t = (k as f64 + 0.5) / steps as f64;
                    let v = velocity([from_m[0] + d[0] * t, from_m[1] + d[1] * t]);
                    let un = v[0] * n[0] + v[1] * n[1];
                    if un.is_finite() { un * ds } else { 0.0 }
                })
                .sum();
            Some(sum)
        }
        Probe::Reynolds { length_m } => Some(w.drive_m_s * length_m / w.scene.field.viscosity_m2_s),
        Probe::Slowdown => Some(w.slowdown),
    }
}
