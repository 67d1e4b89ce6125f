//! The forces of each step: rolling resistance, the file's forces (damped springs between
//! bodies, linear drag, constant forces) and a visitor's grab (a critically damped spring).

use super::*;

impl MechanicsWorld {
    pub(super) fn apply_forces(&mut self, grab: Option<Grab>, dt: f64) {
        let g = self.scene.gravity_m_s2;
        let g_mag = crate::model::norm(g);
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
        for f in &self.scene.forces {
            match f {
                ForceSpec::Spring {
                    a,
                    b,
                    anchor_a_m,
                    anchor_b_m,
                    rest_length_m,
                    stiffness_n_m,
                    damping_n_s_m,
                    ..
                } => {
                    let (pa, va) = self.anchor(a, *anchor_a_m);
                    let (pb, vb) = self.anchor(b, *anchor_b_m);
                    let d = pb - pa;
                    let len = d.length();
                    if len < 1e-9 {
                        continue;
                    }
                    let dir = d / len;
                    let stretch = len as f64 - rest_length_m;
                    let closing = (vb - va).dot(dir) as f64;
                    let f = dir * (stiffness_n_m * stretch + damping_n_s_m * closing) as f32;
                    for (id, p, sign) in [(a, pa, 1.0f32), (b, pb, -1.0)] {
                        if let Some(h) = self.handle(id) {
                            self.world.bodies[h].add_force_at_point(f * sign, p, true);
                        }
                    }
                }
                ForceSpec::Drag {
                    body,
                    coefficient_n_s_m,
                    ..
                } => {
                    if let Some(h) = self.handle(body) {
                        let rb = &mut self.world.bodies[h];
                        let v = rb.linvel();
                        rb.add_force(v * -(*coefficient_n_s_m as f32), true);
                    }
                }
                ForceSpec::Constant {
                    id,
                    body,
                    force_n,
                    torque_n_m,
                    ..
                } => {
                    if self.forces_on.get(id) == Some(&true)
                        && let Some(h) = self.handle(body)
                    {
                        let rb = &mut self.world.bodies[h];
                        rb.add_force(vec3(*force_n), true);
                        rb.add_torque(vec3(*torque_n_m), true);
                    }
                }
            }
        }
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

    /// A point fixed to body `id` (or the world) and its velocity.
    fn anchor(&self, id: &str, local: V3) -> (Vector, Vector) {
        match self.handle(id) {
            Some(h) => {
                let rb = &self.world.bodies[h];
                let p = rb.position().transform_point(vec3(local));
                (p, rb.velocity_at_point(p))
            }
            None => (vec3(local), Vector::ZERO),
        }
    }
}
