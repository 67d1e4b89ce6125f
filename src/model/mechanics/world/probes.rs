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
                Probe::Period { body, axis, over_s } | Probe::Frequency { body, axis, over_s }
                    if since.is_some() =>
                {
                    self.watch_turns(w, body, *axis, *over_s);
                }
                Probe::Amplitude { body, axis, over_s } if since.is_some() => {
                    self.watch_turns(w, body, *axis, Some(*over_s));
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
                    let inside = self.inside(zone, c);
                    if inside
                        && !w.was_inside
                        && w.arrived.is_none()
                        && let Some(t0) = since
                    {
                        // Back to the moment the centre crossed into the box, along this
                        // step's velocity (exact for the straight path of one 1 ms step).
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

    /// Turning points of `body`'s velocity along `axis`: a zero crossing (timed and placed by
    /// interpolation within the substep) that counts once the velocity is past ±TURN_SPEED on
    /// its other side. Those older than `window` seconds (with none, all but the last) are
    /// let go.
    fn watch_turns(&self, w: &mut Watch, body: &str, axis: Axis, window: Option<f64>) {
        let Some(h) = self.handle(body) else { return };
        let rb = &self.world.bodies[h];
        let (v, x) = (
            rb.linvel()[axis.index()] as f64,
            rb.center_of_mass()[axis.index()] as f64,
        );
        let t = self.t;
        if let Some((pv, px)) = w.last
            && ((pv > 0.0 && v <= 0.0) || (pv < 0.0 && v >= 0.0))
        {
            let f = pv / (pv - v);
            let dt = TICK_S / SUBSTEPS as f64;
            w.crossing = Some((t - dt + f * dt, px + f * (x - px)));
        }
        w.last = Some((v, x));
        if v.abs() > TURN_SPEED {
            let side = if v > 0.0 { 1 } else { -1 };
            if w.side != 0
                && side != w.side
                && let Some(turn) = w.crossing.take()
            {
                w.turns.push(turn);
            }
            w.side = side;
        }
        let recent = &mut w.turns.recent;
        // The window's turns, and always the last one (a whole-run period needs only it).
        while recent.len() > 1
            && recent
                .front()
                .is_some_and(|f| window.is_none_or(|w| f.0 < t - w))
        {
            recent.pop_front();
        }
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
                    Probe::Period { over_s, .. } => period(&w.turns, *over_s, self.t),
                    Probe::Frequency { over_s, .. } => {
                        period(&w.turns, *over_s, self.t).map(|p| 1.0 / p)
                    }
                    Probe::Amplitude { over_s, .. } => {
                        let xs = w.turns.recent.iter().filter(|r| r.0 >= self.t - over_s);
                        let (lo, hi, n) = xs.fold((f64::MAX, f64::MIN, 0), |(lo, hi, n), r| {
                            (lo.min(r.1), hi.max(r.1), n + 1)
                        });
                        (n >= 2).then(|| (hi - lo) / 2.0)
                    }
                    Probe::Distance { a, b } => body(a).zip(body(b)).map(|(ra, rb)| {
                        (rb.center_of_mass() - ra.center_of_mass()).length() as f64
                    }),
                    Probe::TotalEnergy => Some(self.total_energy()),
                    Probe::ContactHeight(b) => self.contact_height(b),
                }
            })
            .collect()
    }

    /// J: every dynamic body's kinetic and potential energy (a held one's too: it is the
    /// scene's before it is let go), and what springs and `Between` forces store.
    pub fn total_energy(&self) -> f64 {
        let g = vec3(self.scene.gravity_m_s2);
        let bodies: f64 = self
            .bodies
            .iter()
            .flatten()
            .filter(|b| b.held || self.world.bodies[b.handle].is_dynamic())
            .map(|b| &self.world.bodies[b.handle])
            .map(|rb| kinetic(rb) + potential(rb, g))
            .sum();
        bodies + self.stored_energy()
    }

    fn contact_height(&self, id: &str) -> Option<f64> {
        let b = self.body(id)?;
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

/// s: twice the mean time between turning points, over the window ending at `now` or, with
/// none, the whole run, leaving out the half swings a beat node cut short or stretched (those
/// further than [`HALF_SWING_TOLERANCE`] from the median; see [`Turns`]). None before two
/// half swings have counted.
fn period(turns: &Turns, over_s: Option<f64>, now: f64) -> Option<f64> {
    let (sum, n) = match over_s {
        None => (turns.sum, turns.counted),
        Some(w) => {
            let times: Vec<f64> = turns
                .recent
                .iter()
                .map(|r| r.0)
                .filter(|t| *t >= now - w)
                .collect();
            let halves = || times.windows(2).map(|p| p[1] - p[0]);
            if times.len() < 4 {
                return None;
            }
            let m = median(halves());
            halves()
                .filter(|d| (d - m).abs() <= HALF_SWING_TOLERANCE * m)
                .fold((0.0, 0), |(s, n), d| (s + d, n + 1))
        }
    };
    (n >= 2).then(|| 2.0 * sum / n as f64)
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
