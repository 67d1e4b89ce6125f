//! The probes' measurements: what they watch over time (angles turned, turning points,
//! arrivals) and their values now, with the energies they read.

use super::*;

impl MechanicsWorld {
    /// After each substep: angles, turning points and zone entries, timed within the step.
    pub(super) fn watch(&mut self, dt: f64) {
        // Taken out while the probes are read from the scene (no copy of them each step).
        let mut watches = std::mem::take(&mut self.watches);
        let since = self.released_at;
        for (p, w) in self.scene.probes.iter().zip(watches.iter_mut()) {
            match &p.of {
                Probe::Angle { body, axis } => {
                    if let Some(h) = self.handle(body) {
                        w.angle += self.world.bodies[h].angvel()[axis.index()] as f64 * dt;
                    }
                }
                Probe::Period { body, axis } => {
                    let Some(h) = self.handle(body) else { continue };
                    let v = self.world.bodies[h].linvel()[axis.index()] as f64;
                    let t = self.t;
                    if let Some(prev) = w.last_v
                        && since.is_some()
                        && ((prev > 0.0 && v <= 0.0) || (prev < 0.0 && v >= 0.0))
                    {
                        // The turning point, where the velocity crosses zero, interpolated.
                        w.turns.push(t - dt * v / (v - prev));
                    }
                    w.last_v = Some(v);
                }
                Probe::Arrival { zone, body } => {
                    let (Some(h), Some(z)) = (
                        self.handle(body),
                        self.scene.zones.iter().find(|z| z.id == *zone),
                    ) else {
                        continue;
                    };
                    let rb = &self.world.bodies[h];
                    let c = rb.center_of_mass();
                    let inside =
                        (0..3).all(|k| (c[k] as f64 - z.center_m[k]).abs() <= z.size_m[k] / 2.0);
                    if inside
                        && !w.was_inside
                        && w.arrived.is_none()
                        && let Some(t0) = since
                    {
                        // Back to the moment the centre crossed into the box, along this
                        // step's velocity (exact for the straight path of one 4 ms step).
                        let v = rb.linvel();
                        let back = (0..3)
                            .filter(|&k| v[k].abs() > 1e-9)
                            .map(|k| {
                                let edge =
                                    z.center_m[k] - (v[k] as f64).signum() * z.size_m[k] / 2.0;
                                (c[k] as f64 - edge) / v[k] as f64
                            })
                            .fold(0.0f64, f64::max)
                            .min(dt);
                        w.arrived = Some(self.t - back - t0);
                        self.events.push(zone.clone());
                    }
                    w.was_inside = inside;
                }
                _ => {}
            }
        }
        self.watches = watches;
    }

    /// Each probe's value now, in the order declared; None where it has none yet.
    pub fn probe_values(&self) -> Vec<Option<f64>> {
        let g = vec3(self.scene.gravity_m_s2);
        self.scene
            .probes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let body = |id: &str| self.handle(id).map(|h| &self.world.bodies[h]);
                let w = &self.watches[i];
                match &p.of {
                    Probe::Speed(b) => body(b).map(|rb| rb.linvel().length() as f64),
                    Probe::Height(b) => body(b).map(|rb| rb.center_of_mass().y as f64),
                    Probe::Position { body: b, axis } => {
                        body(b).map(|rb| rb.center_of_mass()[axis.index()] as f64)
                    }
                    Probe::Angle { body: b, .. } => body(b).map(|_| w.angle.to_degrees()),
                    Probe::AngularSpeed(b) => body(b).map(|rb| rb.angvel().length() as f64),
                    Probe::Kinetic(b) => body(b).map(kinetic),
                    Probe::Potential(b) => body(b).map(|rb| potential(rb, g)),
                    Probe::Energy(b) => body(b).map(|rb| kinetic(rb) + potential(rb, g)),
                    Probe::SinceRelease => self.released_at.map(|t0| self.t - t0),
                    Probe::Arrival { .. } => w.arrived,
                    Probe::Period { .. } => (w.turns.len() >= 3).then(|| {
                        2.0 * (w.turns[w.turns.len() - 1] - w.turns[0]) / (w.turns.len() - 1) as f64
                    }),
                    Probe::ContactHeight(b) => self.contact_height(b),
                }
            })
            .collect()
    }

    fn contact_height(&self, id: &str) -> Option<f64> {
        let b = self.bodies.iter().flatten().find(|b| b.id == id)?;
        let (mut sum, mut n) = (0.0, 0usize);
        for c in &b.colliders {
            for pair in self.world.narrow_phase.contact_pairs_with(*c) {
                // The point on the other body's surface.
                let other_is_2 = pair.collider1 == *c;
                let oh = if other_is_2 {
                    pair.collider2
                } else {
                    pair.collider1
                };
                let Some(other) = self.world.colliders.get(oh) else {
                    continue;
                };
                for m in &pair.manifolds {
                    for pt in m.points.iter().filter(|pt| pt.dist <= 1e-3) {
                        let local = if other_is_2 { pt.local_p2 } else { pt.local_p1 };
                        sum += other.position().transform_point(local).y as f64;
                        n += 1;
                    }
                }
            }
        }
        (n > 0).then(|| sum / n as f64)
    }
}

fn kinetic(rb: &RigidBody) -> f64 {
    let m = rb.mass() as f64;
    let v = rb.linvel();
    let mp = &rb.mass_properties().local_mprops;
    // ω in the principal frame of the body's inertia.
    let frame = *rb.rotation() * mp.principal_inertia_local_frame;
    let w = frame.inverse() * rb.angvel();
    let i = mp.principal_inertia();
    0.5 * m * v.length_squared() as f64
        + 0.5 * (i.x * w.x * w.x + i.y * w.y * w.y + i.z * w.z * w.z) as f64
}

fn potential(rb: &RigidBody, g: Vector) -> f64 {
    -(rb.mass() * g.dot(rb.center_of_mass())) as f64
}
