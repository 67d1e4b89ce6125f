//! The forces of each step. Rapier holds some over a step itself, with gravity: rolling
//! resistance, a visitor's grab, drag and wind (a force of the velocity only). The file's
//! forces of position and time are given as impulses instead, half before the
//! step from the state at its start and half after from the state at its end (velocity
//! Verlet: positions move with the mean of the two). Rapier splits each step into two solver
//! substeps and holds a force over both, which for a spring is a scheme whose energy grows by
//! (ω·dt)²/4 a step (83 % a minute for a 1 Hz spring); this one keeps it (tested: 60 s of an
//! undamped spring, a pendulum and a free pair of magnets hold their mean energy to 0.1 %).
//! A spring's dashpot is given as the exact decay over the half step, so a large coefficient
//! slows a body without ever turning it round.

use super::*;
use crate::model::mechanics::laws::{Pair, softened};
use crate::model::{add, scale};

impl MechanicsWorld {
    /// Rolling resistance, drag, wind and a visitor's grab, held by rapier over the step.
    pub(super) fn apply_forces(&mut self, grab: Option<Grab>, dt: f64) {
        let g_mag = crate::model::norm(self.scene.gravity_m_s2);
        for b in self.bodies.iter().flatten() {
            let touching = b.rolling_resistance > 0.0
                && b.colliders.iter().any(|c| {
                    self.world
                        .narrow_phase
                        .contact_pairs_with(*c)
                        .any(|p| p.has_any_active_contact())
                });
            let rb = &mut self.world.bodies[b.handle];
            rb.reset_forces(false);
            rb.reset_torques(false);
            if touching && rb.is_dynamic() {
                // Rolling resistance: a torque μ_r·m·g·r against the spin, never more than
                // what stops it within this step (it cannot reverse a spin).
                let w = rb.angvel();
                let speed = w.length() as f64;
                if speed > 1e-9 {
                    let m = rb.mass() as f64;
                    let i_min = rb
                        .mass_properties()
                        .local_mprops
                        .principal_inertia()
                        .min_element() as f64;
                    let tau = (b.rolling_resistance * m * g_mag * b.radius).min(i_min * speed / dt);
                    rb.add_torque(-w.normalize() * tau as f32, false);
                }
            }
        }
        let forces = std::mem::take(&mut self.scene.forces);
        for f in &forces {
            match f {
                ForceSpec::Drag {
                    body,
                    coefficient_n_s_m,
                    zone,
                    ..
                } => self.drag(body, zone, *coefficient_n_s_m, Vector::ZERO, dt),
                ForceSpec::Wind {
                    body,
                    velocity_m_s,
                    coefficient_n_s_m,
                    zone,
                    ..
                } => self.drag(body, zone, *coefficient_n_s_m, vec3(*velocity_m_s), dt),
                _ => {}
            }
        }
        self.scene.forces = forces;
        if let Some(grab) = grab
            && let Some(Some(b)) = self.bodies.get(grab.body)
        {
            let rb = &mut self.world.bodies[b.handle];
            if rb.is_dynamic() {
                let m = rb.mass() as f64;
                let w = 2.0 * std::f64::consts::PI * GRAB_HZ;
                let p = rb.position().transform_point(vec3(grab.local_point));
                let v = rb.velocity_at_point(p);
                let pull = (vec3(grab.target) - p) * (m * w * w) as f32 - v * (2.0 * m * w) as f32;
                let cap = (GRAB_MAX_G * m * g_mag.max(1.0)) as f32;
                let pull = if pull.length() > cap {
                    pull.normalize() * cap
                } else {
                    pull
                };
                rb.add_force_at_point(pull, p, true);
            }
        }
    }

    /// The file's forces over `h` seconds, as impulses, from the state now.
    pub(super) fn kick(&mut self, h: f64) {
        // Taken out while the bodies are pushed (no copy of them each step).
        let forces = std::mem::take(&mut self.scene.forces);
        for (i, f) in forces.iter().enumerate() {
            match f {
                ForceSpec::Spring(s) => self.spring_kick(s, h),
                ForceSpec::Drag { .. } | ForceSpec::Wind { .. } | ForceSpec::Shake { .. } => {}
                ForceSpec::Constant {
                    id,
                    body,
                    force_n,
                    torque_n_m,
                    ..
                } => {
                    if self.forces_on.get(id) == Some(&true) {
                        self.push(body, *force_n, *torque_n_m, h);
                    }
                }
                ForceSpec::Drive {
                    body,
                    force_n,
                    torque_n_m,
                    ..
                } => {
                    let s = self.phases[i].sin();
                    self.push(body, scale(*force_n, s), scale(*torque_n_m, s), h);
                }
                ForceSpec::Between {
                    a,
                    b,
                    law,
                    softening_m,
                    ..
                } => {
                    let (Some(ha), Some(hb)) = (self.body(a), self.body(b)) else {
                        continue;
                    };
                    let pair = Pair::new(law, (ha.volume, hb.volume));
                    let (ha, hb) = (ha.handle, hb.handle);
                    let d = self.world.bodies[hb].center_of_mass()
                        - self.world.bodies[ha].center_of_mass();
                    let s = softened(d.length() as f64, *softening_m);
                    let j = d * (pair.push(s) / s * h) as f32;
                    self.world.bodies[hb].apply_impulse(j, true);
                    self.world.bodies[ha].apply_impulse(-j, true);
                }
            }
        }
        self.scene.forces = forces;
    }

    /// A spring's pull over `h`: Hooke's along it, and the dashpot as the exact decay of the
    /// closing speed of two point masses over `h` (μ their reduced mass), so it never
    /// reverses it.
    fn spring_kick(&mut self, s: &Spring, h: f64) {
        let ((pa, va), (pb, vb)) = self.spring_ends(s);
        let d = pb - pa;
        let len = d.length() as f64;
        if len < 1e-9 {
            return;
        }
        let dir = d / len as f32;
        let stretch = len - s.rest_length_m;
        let closing = (vb - va).dot(dir) as f64;
        let mu = self.reduced_mass(&s.a, &s.b);
        let damp = if mu > 0.0 {
            mu * closing * (1.0 - (-s.damping_n_s_m * h / mu).exp())
        } else {
            0.0
        };
        let j = dir * (s.stiffness_n_m * stretch * h + damp) as f32;
        for (id, p, sign) in [(&s.a, pa, 1.0f32), (&s.b, pb, -1.0)] {
            if let Some(hd) = self.handle(id) {
                self.world.bodies[hd].apply_impulse_at_point(j * sign, p, true);
            }
        }
    }

    /// A spring's two anchors now: each point and its velocity.
    fn spring_ends(&self, s: &Spring) -> ((Vector, Vector), (Vector, Vector)) {
        (
            self.anchor(&s.a, s.anchor_a_m),
            self.anchor(&s.b, s.anchor_b_m),
        )
    }

    /// Drag toward the still air (`w` zero) or a wind, F = c·(w − v), while the body's centre
    /// is in `zone` where one is named: held over the step with gravity, so a falling body's
    /// speed settles at exactly m·g/c. The check keeps m/c above one step (1 ms), so it slows
    /// a body without turning it round; here it is held to that too.
    fn drag(&mut self, body: &str, zone: &Option<String>, c: f64, w: Vector, dt: f64) {
        let Some(hd) = self.handle(body) else { return };
        if let Some(z) = zone
            && !self.inside(z, self.world.bodies[hd].center_of_mass())
        {
            return;
        }
        let rb = &mut self.world.bodies[hd];
        let c = c.min(rb.mass() as f64 / dt);
        rb.add_force((w - rb.linvel()) * c as f32, true);
    }

    fn push(&mut self, body: &str, force: V3, torque: V3, h: f64) {
        if let Some(hd) = self.handle(body) {
            let rb = &mut self.world.bodies[hd];
            rb.apply_impulse(vec3(scale(force, h)), true);
            rb.apply_torque_impulse(vec3(scale(torque, h)), true);
        }
    }

    /// Before each step: every shaken body is given the velocity that takes it to where its
    /// `Shake` puts it at the step's end, x₀ + A·sin(phase + 2πf·dt).
    pub(super) fn shake(&mut self, dt: f64) {
        for (i, f) in self.scene.forces.iter().enumerate() {
            if let ForceSpec::Shake {
                body, amplitude_m, ..
            } = f
                && let Some((handle, start)) = self.body(body).map(|b| (b.handle, b.start))
            {
                let next = self.phases[i] + std::f64::consts::TAU * f.frequency_hz() * dt;
                let rb = &mut self.world.bodies[handle];
                let target = add(start, scale(*amplitude_m, next.sin()));
                let v = (vec3(target) - rb.translation()) / dt as f32;
                rb.set_linvel(v, true);
            }
        }
    }

    /// After each step: every drive's and shake's phase moves on by 2πf·dt, so a frequency
    /// turned while it runs goes on from where it was.
    pub(super) fn advance_phases(&mut self, dt: f64) {
        for (phase, f) in self.phases.iter_mut().zip(&self.scene.forces) {
            *phase += std::f64::consts::TAU * f.frequency_hz() * dt;
        }
        // A shaken body's velocity now (not the step's mean): what a rod hung from it, and a
        // probe, see at the step's end.
        for (i, f) in self.scene.forces.iter().enumerate() {
            if let ForceSpec::Shake {
                body,
                amplitude_m,
                frequency_hz,
                ..
            } = f
                && let Some(h) = self.handle(body)
            {
                let w = std::f64::consts::TAU * frequency_hz;
                let v = scale(*amplitude_m, w * self.phases[i].cos());
                self.world.bodies[h].set_linvel(vec3(v), false);
            }
        }
    }

    /// J, stored in the springs and between bodies.
    pub(super) fn stored_energy(&self) -> f64 {
        let mut e = 0.0;
        for f in &self.scene.forces {
            match f {
                ForceSpec::Spring(s) => {
                    let ((pa, _), (pb, _)) = self.spring_ends(s);
                    let x = (pb - pa).length() as f64 - s.rest_length_m;
                    e += 0.5 * s.stiffness_n_m * x * x;
                }
                ForceSpec::Between {
                    a,
                    b,
                    law,
                    softening_m,
                    ..
                } => {
                    if let (Some(ba), Some(bb)) = (self.body(a), self.body(b)) {
                        let pair = Pair::new(law, (ba.volume, bb.volume));
                        let d = self.world.bodies[bb.handle].center_of_mass()
                            - self.world.bodies[ba.handle].center_of_mass();
                        e += pair.energy(softened(d.length() as f64, *softening_m));
                    }
                }
                _ => {}
            }
        }
        e
    }

    /// The reduced mass of two bodies (a fixed, kinematic or `world` end counts as infinite).
    fn reduced_mass(&self, a: &str, b: &str) -> f64 {
        let m = |id: &str| {
            self.handle(id)
                .map(|h| &self.world.bodies[h])
                .filter(|rb| rb.is_dynamic())
                .map(|rb| rb.mass() as f64)
        };
        match (m(a), m(b)) {
            (Some(x), Some(y)) => x * y / (x + y),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => 0.0,
        }
    }

    /// A point fixed to body `id` (or the world) and its velocity.
    pub(super) fn anchor(&self, id: &str, local: V3) -> (Vector, Vector) {
        match self.handle(id) {
            Some(h) => {
                let rb = &self.world.bodies[h];
                let p = rb.position().transform_point(vec3(local));
                (p, rb.velocity_at_point(p))
            }
            None => (vec3(local), Vector::ZERO),
        }
    }

    /// Whether `point` is inside zone `id`.
    pub(super) fn inside(&self, id: &str, point: Vector) -> bool {
        self.scene.zones.iter().any(|z| {
            z.id == id
                && (0..3).all(|k| (point[k] as f64 - z.center_m[k]).abs() <= z.size_m[k] / 2.0)
        })
    }
}

impl ForceSpec {
    /// Hz of a `Drive` or `Shake`; 0 for the others.
    pub fn frequency_hz(&self) -> f64 {
        match self {
            ForceSpec::Drive { frequency_hz, .. } | ForceSpec::Shake { frequency_hz, .. } => {
                *frequency_hz
            }
            _ => 0.0,
        }
    }
}
