//! Pendulum rods, held exactly by the world rather than by a rapier joint. Rapier's joints end
//! each step with a velocity pass against the moved bodies that takes about 1.4 % of a
//! pendulum's energy a minute (measured: 0.3 m, 30°); a museum's pendulum must not slow down
//! by itself. This is RATTLE (Andersen, J. Comput. Phys. 52, 24 (1983)), velocity Verlet with
//! constraints: after the step's drift each bob is put back on its circle and in its plane,
//! the move given to its velocity as the rod's impulse (SHAKE); after the second half-kick
//! the velocity along the rod and out of the plane is taken out. It keeps a pendulum's energy
//! (tested: 0.1 % over a minute), and a chain (a pendulum hung from another's bob) is held
//! link by link, a few passes a step.
//!
//! The bob hangs from its centre and does not turn with the rod: a point mass on a massless
//! rod. (A bob fixed to its rod swings √(1 + 2r²/(5L²)) slower: 0.03 % for 12 mm on 0.3 m.)

use super::*;

/// Passes over the rods a step: one is exact for a single pendulum; chains converge in a few.
const PASSES: usize = 8;
/// m: how near its circle a bob must be to stop early.
const TOLERANCE_M: f64 = 1e-7;

impl MechanicsWorld {
    /// Before the step: each rod's direction, along which its bob is put back afterwards
    /// (SHAKE corrects along the constraint's gradient where the step began).
    pub(super) fn note_rods(&mut self) {
        self.rod_dirs.clear();
        for i in 0..self.rods.len() {
            let dir = self.rod_state(i).map_or(Vector::ZERO, |s| {
                let (d, n) = (s.2, s.1);
                (d - n * d.dot(n)).normalize_or_zero()
            });
            self.rod_dirs.push(dir);
        }
    }

    /// After the step's drift: each bob back at its rod's length from the pivot (moved along
    /// the rod's direction before the step) and into its plane, each end by its share (by
    /// inverse mass), its velocity by the move over dt: the rod's impulse.
    pub(super) fn hold_rods(&mut self, dt: f64) {
        for _ in 0..PASSES {
            let mut worst = 0.0f64;
            for i in 0..self.rods.len() {
                let Some((_, n, d, wa, wb)) = self.rod_state(i) else {
                    continue;
                };
                let (a, b, length) = (self.rods[i].a, self.rods[i].b, self.rods[i].length);
                let u = self.rod_dirs.get(i).copied().unwrap_or(Vector::ZERO);
                // Out of the plane: straight back along its normal.
                let off = d.dot(n) as f64;
                // Along u: the s with |d − off·n − s·u| = length (the nearer root).
                let in_plane = d - n * off as f32;
                let (du, dd) = (in_plane.dot(u) as f64, in_plane.length_squared() as f64);
                let disc = du * du - (dd - length * length);
                let s = if u == Vector::ZERO || disc < 0.0 {
                    // No direction to go by (the first step of a bob let go): the nearest point.
                    let reach = dd.sqrt().max(1e-12);
                    let u = in_plane / reach as f32;
                    self.move_ends(
                        a,
                        b,
                        wa,
                        wb,
                        -(u * (reach - length) as f32) - n * off as f32,
                        dt,
                    );
                    worst = worst.max((reach - length).abs().max(off.abs()));
                    continue;
                } else {
                    du - disc.sqrt()
                };
                worst = worst.max(s.abs().max(off.abs()));
                self.move_ends(a, b, wa, wb, -(u * s as f32) - n * off as f32, dt);
            }
            if worst < TOLERANCE_M {
                break;
            }
        }
    }

    /// Moves the bob by `miss` × its share and the pivot's body the other way by its share,
    /// with the velocity that move takes over `dt`.
    fn move_ends(
        &mut self,
        a: RigidBodyHandle,
        b: RigidBodyHandle,
        wa: f64,
        wb: f64,
        miss: Vector,
        dt: f64,
    ) {
        for (h, share) in [(b, wb / (wa + wb)), (a, -wa / (wa + wb))] {
            if share != 0.0 {
                let rb = &mut self.world.bodies[h];
                let step = miss * share as f32;
                rb.set_translation(rb.translation() + step, true);
                rb.set_linvel(rb.linvel() + step / dt as f32, true);
            }
        }
    }

    /// After the second half-kick: each bob moves only across its rod and in its plane.
    pub(super) fn rods_slide_only(&mut self) {
        for _ in 0..PASSES {
            let mut worst = 0.0f64;
            for i in 0..self.rods.len() {
                let Some((p, n, d, wa, wb)) = self.rod_state(i) else {
                    continue;
                };
                let (a, b) = (self.rods[i].a, self.rods[i].b);
                let along = d.normalize_or_zero();
                let v_rel =
                    self.world.bodies[b].linvel() - self.world.bodies[a].velocity_at_point(p);
                for u in [along, n] {
                    let slip = v_rel.dot(u) as f64;
                    worst = worst.max(slip.abs());
                    // The impulse that stops the slip, shared by inverse mass.
                    let j = -slip / (wa + wb);
                    for (h, w) in [(b, wb), (a, -wa)] {
                        if w != 0.0 {
                            let rb = &mut self.world.bodies[h];
                            rb.set_linvel(rb.linvel() + u * (j * w) as f32, true);
                        }
                    }
                }
            }
            if worst < TOLERANCE_M {
                break;
            }
        }
    }

    /// Rod `i` now: the pivot (world), the plane's normal, the bob's centre from the pivot, and
    /// the inverse masses of its ends (0 for a fixed, kinematic or held end). None when
    /// neither end can move.
    fn rod_state(&self, i: usize) -> Option<(Vector, Vector, Vector, f64, f64)> {
        let rod = &self.rods[i];
        let (ra, rb) = (&self.world.bodies[rod.a], &self.world.bodies[rod.b]);
        let w = |r: &RigidBody| {
            if r.is_dynamic() && r.mass() > 0.0 {
                1.0 / r.mass() as f64
            } else {
                0.0
            }
        };
        let (wa, wb) = (w(ra), w(rb));
        if wa + wb == 0.0 {
            return None;
        }
        let p = ra.position().transform_point(rod.pivot);
        let n = (*ra.rotation() * rod.axis).normalize_or_zero();
        Some((p, n, rb.center_of_mass() - p, wa, wb))
    }
}
