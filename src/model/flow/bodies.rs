//! The bodies' own motion, in metres and seconds: Newton's laws under the air's force (from
//! the lattice's momentum exchange), gravity less buoyancy, a table's rolling resistance, and
//! what holds them (nothing, a string, a hinge); contact with the walls and each other.

use super::layout::Grid;
use super::spec::*;
use crate::model::G;
use crate::model::lbm::{Lattice, MovingBody, Shape};
use std::f64::consts::PI;

/// A body's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub pos: P2,
    pub vel: P2,
    /// rad, counter-clockwise.
    pub angle: f64,
    pub omega: f64,
    /// kg and kg·m² per metre of depth; m² of the plane.
    pub mass: f64,
    pub inertia: f64,
    pub area: f64,
    /// The disc's radius, or the outline's corners about the centre at angle 0.
    pub radius: Option<f64>,
    pub corners: Vec<P2>,
    /// The air's force (N/m) and torque (N·m/m) on it in the last step.
    pub force: [f64; 3],
    /// Held by a finger: it follows the finger and the air does not move it.
    pub grabbed: Option<P2>,
}

impl Body {
    pub fn new(b: &BodySpec) -> Body {
        let (area, inertia_per_kg, radius, corners) = match &b.shape {
            BodyShape::Disc { radius_m } => (
                PI * radius_m * radius_m,
                0.5 * radius_m * radius_m,
                Some(*radius_m),
                Vec::new(),
            ),
            BodyShape::Outline(o) => {
                let ring = o.ring();
                let (a, j) = polygon_area_inertia(&ring);
                (a, j / a.max(1e-12), None, ring)
            }
        };
        let mass = b.density_kg_m3 * area;
        Body {
            pos: b.at_m,
            vel: [0.0; 2],
            angle: b.angle_deg.to_radians(),
            omega: 0.0,
            mass,
            inertia: mass * inertia_per_kg,
            area,
            radius,
            corners,
            force: [0.0; 3],
            grabbed: None,
        }
    }

    /// Its corners in metres where it is now.
    pub fn outline_m(&self) -> Vec<P2> {
        let (s, c) = self.angle.sin_cos();
        self.corners
            .iter()
            .map(|q| {
                [
                    self.pos[0] + c * q[0] - s * q[1],
                    self.pos[1] + s * q[0] + c * q[1],
                ]
            })
            .collect()
    }

    /// The body as the lattice sees it (lattice units).
    pub fn moving(&self, g: &Grid) -> MovingBody {
        let c = g.to_lattice(self.pos);
        let shape = match self.radius {
            Some(r) => Shape::Circle {
                x: c[0],
                y: c[1],
                r: r / g.dx,
            },
            None => Shape::Polygon(self.outline_m().iter().map(|q| g.to_lattice(*q)).collect()),
        };
        let v = g.speed();
        MovingBody {
            shape,
            centre: c,
            velocity: [self.vel[0] / v, self.vel[1] / v],
            omega: self.omega * g.dt,
        }
    }
}

/// Area and second moment of area about the origin of a closed ring (shoelace; Bourke, "Polygon
/// area and centroid", and the polar moment Σ (x_i y_{i+1} − x_{i+1} y_i)(x_i² + x_i x_{i+1} +
/// x_{i+1}² + y_i² + y_i y_{i+1} + y_{i+1}²)/12).
pub fn polygon_area_inertia(ring: &[P2]) -> (f64, f64) {
    let n = ring.len();
    let (mut a, mut j) = (0.0, 0.0);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let cross = p[0] * q[1] - q[0] * p[1];
        a += cross / 2.0;
        j += cross
            * (p[0] * p[0] + p[0] * q[0] + q[0] * q[0] + p[1] * p[1] + p[1] * q[1] + q[1] * q[1])
            / 12.0;
    }
    (a.abs(), j.abs())
}

/// How a step moves the bodies: its length, the air's density (for buoyancy), gravity in the
/// plane; and for a body a finger holds, how soon it reaches the finger (s of air) and how
/// fast it may go (the lattice's top speed: a finger must not outrun what the air can carry).
pub struct Step {
    pub dt: f64,
    pub rho_air: f64,
    pub gravity: P2,
    pub follow_s: f64,
    pub top_speed: f64,
}

/// One step for body `b` held by its `mount`, under the air's force (`b.force`, N/m and
/// N·m/m), gravity less buoyancy, and a table's friction; or following a finger.
pub fn advance(b: &mut Body, spec: &BodySpec, s: &Step) {
    let (dt, rho_air, gravity) = (s.dt, s.rho_air, s.gravity);
    if let Some(to) = b.grabbed {
        // A finger drags it: it heads for the finger at the speed that would get it there in
        // `follow_s`, no faster than the lattice's top speed.
        let v = [
            (to[0] - b.pos[0]) / s.follow_s,
            (to[1] - b.pos[1]) / s.follow_s,
        ];
        let k = (s.top_speed / v[0].hypot(v[1]).max(1e-12)).min(1.0);
        b.vel = [v[0] * k, v[1] * k];
        b.pos = [b.pos[0] + b.vel[0] * dt, b.pos[1] + b.vel[1] * dt];
        b.omega = 0.0;
        return;
    }
    let air = b.force;
    let weight = b.mass - rho_air * b.area;
    let mut f = [air[0] + weight * gravity[0], air[1] + weight * gravity[1]];
    if let Some(mu) = spec.table_friction {
        f = rolling(f, b.vel, mu * b.mass * G);
    }
    if let Mount::Hanging { length_m } = spec.mount {
        let k = b.mass * G / length_m;
        f = [
            f[0] - k * (b.pos[0] - spec.at_m[0]),
            f[1] - k * (b.pos[1] - spec.at_m[1]),
        ];
    }
    match &spec.mount {
        Mount::Held => {
            b.vel = [0.0; 2];
            b.omega = 0.0;
        }
        Mount::Free | Mount::String { .. } | Mount::Hanging { .. } => {
            b.vel[0] += f[0] / b.mass * dt;
            b.vel[1] += f[1] / b.mass * dt;
            b.omega += air[2] / b.inertia * dt;
            b.pos[0] += b.vel[0] * dt;
            b.pos[1] += b.vel[1] * dt;
            b.angle += b.omega * dt;
            if let Mount::String { anchor_m, length_m } = &spec.mount {
                taut(b, *anchor_m, *length_m);
            }
        }
        Mount::Hinge { at_m } => {
            let r = [b.pos[0] - at_m[0], b.pos[1] - at_m[1]];
            let torque = air[2] + r[0] * f[1] - r[1] * f[0];
            let i = b.inertia + b.mass * (r[0] * r[0] + r[1] * r[1]);
            b.omega += torque / i * dt;
            let turn = b.omega * dt;
            let (s, c) = turn.sin_cos();
            b.pos = [at_m[0] + c * r[0] - s * r[1], at_m[1] + s * r[0] + c * r[1]];
            b.angle += turn;
            let r = [b.pos[0] - at_m[0], b.pos[1] - at_m[1]];
            b.vel = [-b.omega * r[1], b.omega * r[0]];
        }
    }
}

/// Rolling resistance: holds a body at rest against a force up to `hold`, slows a rolling
/// one by it.
fn rolling(f: P2, v: P2, hold: f64) -> P2 {
    let speed = v[0].hypot(v[1]);
    if speed > 1e-4 {
        [f[0] - hold * v[0] / speed, f[1] - hold * v[1] / speed]
    } else {
        let m = f[0].hypot(f[1]);
        if m <= hold {
            [0.0; 2]
        } else {
            let k = 1.0 - hold / m;
            [f[0] * k, f[1] * k]
        }
    }
}

/// A string pulls and never pushes: a body beyond its length is brought back to it and loses
/// its speed away from the anchor (an inextensible string, inelastic).
fn taut(b: &mut Body, anchor: P2, length: f64) {
    let r = [b.pos[0] - anchor[0], b.pos[1] - anchor[1]];
    let d = r[0].hypot(r[1]);
    if d > length && d > 0.0 {
        let n = [r[0] / d, r[1] / d];
        b.pos = [anchor[0] + n[0] * length, anchor[1] + n[1] * length];
        let out = b.vel[0] * n[0] + b.vel[1] * n[1];
        if out > 0.0 {
            b.vel = [b.vel[0] - out * n[0], b.vel[1] - out * n[1]];
        }
    }
}

/// Discs that move keep out of the solid cells, the field's edges and each other: pushed back
/// to touching, their speed into the contact taken away (no bounce); two discs share the push
/// by their masses and keep their momentum.
pub fn contacts(bodies: &mut [Body], specs: &[BodySpec], lattice: &Lattice, g: &Grid) {
    let moves = |s: &BodySpec| {
        matches!(
            s.mount,
            Mount::Free | Mount::String { .. } | Mount::Hanging { .. }
        )
    };
    for (b, s) in bodies.iter_mut().zip(specs) {
        let Some(r) = b.radius.filter(|_| moves(s) && b.grabbed.is_none()) else {
            continue;
        };
        let rl = r / g.dx;
        let mut c = g.to_lattice(b.pos);
        // The field's edges.
        let hi = [g.nx as f64 - 1.5 - rl, g.ny as f64 - 1.5 - rl];
        for a in 0..2 {
            let lo = 0.5 + rl;
            if c[a] < lo || c[a] > hi[a] {
                c[a] = c[a].clamp(lo, hi[a].max(lo));
                b.vel[a] = 0.0;
            }
        }
        // Solid cells, as discs of half a cell: the deepest pushes first.
        for _ in 0..3 {
            let mut deepest: Option<(f64, P2)> = None;
            let reach = rl + 1.0;
            let (x0, x1) = (
                (c[0] - reach).floor().max(0.0) as usize,
                (c[0] + reach).ceil() as usize,
            );
            let (y0, y1) = (
                (c[1] - reach).floor().max(0.0) as usize,
                (c[1] + reach).ceil() as usize,
            );
            for y in y0..=y1.min(g.ny - 1) {
                for x in x0..=x1.min(g.nx - 1) {
                    if !lattice.is_solid(x, y) {
                        continue;
                    }
                    let d = [c[0] - x as f64, c[1] - y as f64];
                    let dist = d[0].hypot(d[1]);
                    let depth = rl + 0.5 - dist;
                    if depth > 0.0 && dist > 1e-9 && deepest.is_none_or(|(k, _)| depth > k) {
                        deepest = Some((depth, [d[0] / dist, d[1] / dist]));
                    }
                }
            }
            let Some((depth, n)) = deepest else { break };
            c = [c[0] + n[0] * depth, c[1] + n[1] * depth];
            let into = b.vel[0] * n[0] + b.vel[1] * n[1];
            if into < 0.0 {
                b.vel = [b.vel[0] - into * n[0], b.vel[1] - into * n[1]];
            }
        }
        b.pos = g.to_m(c);
    }
    // Disc against disc.
    for i in 0..bodies.len() {
        for j in i + 1..bodies.len() {
            let (ri, rj) = match (bodies[i].radius, bodies[j].radius) {
                (Some(a), Some(b)) => (a, b),
                _ => continue,
            };
            let (mi, mj) = (
                if moves(&specs[i]) {
                    bodies[i].mass
                } else {
                    f64::INFINITY
                },
                if moves(&specs[j]) {
                    bodies[j].mass
                } else {
                    f64::INFINITY
                },
            );
            if mi.is_infinite() && mj.is_infinite() {
                continue;
            }
            let d = [
                bodies[j].pos[0] - bodies[i].pos[0],
                bodies[j].pos[1] - bodies[i].pos[1],
            ];
            let dist = d[0].hypot(d[1]);
            let overlap = ri + rj - dist;
            if overlap <= 0.0 || dist < 1e-12 {
                continue;
            }
            let n = [d[0] / dist, d[1] / dist];
            let (wi, wj) = share(mi, mj);
            for (a, na) in n.iter().enumerate() {
                bodies[i].pos[a] -= na * overlap * wi;
                bodies[j].pos[a] += na * overlap * wj;
            }
            let closing = (bodies[i].vel[0] - bodies[j].vel[0]) * n[0]
                + (bodies[i].vel[1] - bodies[j].vel[1]) * n[1];
            if closing > 0.0 {
                for (a, na) in n.iter().enumerate() {
                    bodies[i].vel[a] -= closing * wi * na;
                    bodies[j].vel[a] += closing * wj * na;
                }
            }
        }
    }
}

/// How two masses share a push: the lighter moves more; a held one (infinite) not at all.
fn share(mi: f64, mj: f64) -> (f64, f64) {
    if mi.is_infinite() {
        (0.0, 1.0)
    } else if mj.is_infinite() {
        (1.0, 0.0)
    } else {
        (mj / (mi + mj), mi / (mi + mj))
    }
}
