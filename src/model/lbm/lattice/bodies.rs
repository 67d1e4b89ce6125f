//! Bodies that move through the fluid and that the fluid moves: each step their cells are
//! solid, the fluid cells beside them take the moving wall's interpolated bounce-back, and the
//! momentum exchanged on those links is the force and torque on them (`boundary.rs`). A cell a
//! body leaves gets fluid at the wall's velocity and its neighbours' density; a cell it covers
//! gives its fluid's momentum to the body (Aidun, Lu & Ding 1998, J. Fluid Mech. 373:287, §2.3),
//! so that the body and the fluid together keep their momentum.

use super::super::kernels::moments;
use super::super::storage::Storage;
use super::super::*;
use super::Lattice;
use super::boundary::{Rule, Special, within};
use super::places::{Apart, Posts};
use super::rows::{Cells, Rows};
use std::ops::Range;

/// A solid moving through the fluid: its shape where it is now, and its motion (lattice units:
/// cells per step, radians per step).
#[derive(Debug, Clone, PartialEq)]
pub struct MovingBody {
    pub shape: Shape,
    pub centre: [f64; 2],
    pub velocity: [f64; 2],
    pub omega: f64,
}

impl MovingBody {
    /// Neither moving nor turning.
    pub fn is_still(&self) -> bool {
        self.velocity == [0.0; 2] && self.omega == 0.0
    }

    /// The velocity of the body's point `p`: v + ω × (p − centre).
    pub fn wall_velocity(&self, p: [f64; 2]) -> [f32; 2] {
        let r = [p[0] - self.centre[0], p[1] - self.centre[1]];
        [
            (self.velocity[0] - self.omega * r[1]) as f32,
            (self.velocity[1] + self.omega * r[0]) as f32,
        ]
    }
}

impl<S: Storage> Lattice<S> {
    /// Puts the bodies where they are now: the cells under them, the links beside them. Call it
    /// before each step they have moved in (it costs the cells round them, not the grid).
    pub fn set_bodies(&mut self, bodies: Vec<MovingBody>) {
        let (nx, ny) = (self.nx, self.ny);
        let mut cover: Vec<(u32, u16)> = Vec::new();
        for (k, b) in bodies.iter().enumerate() {
            for (x, y) in b.shape.cells(nx, ny) {
                let c = y * nx + x;
                if !self.solid[c] && b.shape.contains([x as f64, y as f64]) {
                    cover.push((c as u32, k as u16 + 1));
                }
            }
        }
        cover.sort_by_key(|c| c.0);
        cover.dedup_by_key(|c| c.0);
        // Moved within the same cells (most steps: a body crosses a cell in tens of steps):
        // only the links' wall distances change.
        if cover == self.body_cells && bodies.len() == self.bodies.len() {
            self.bodies = bodies;
            self.refresh_links();
            return;
        }
        let mut impulse = vec![[0.0f64; 3]; bodies.len()];
        // Cells covered now that were not: their fluid's momentum goes to the body.
        for &(c, k) in &cover {
            if self.body_at[c as usize] == 0 {
                let (r, ux, uy) = self.moments(c as usize);
                let b = &bodies[k as usize - 1];
                let p = [(c as usize % nx) as f64, (c as usize / nx) as f64];
                let m = [(r * ux) as f64, (r * uy) as f64];
                add_at(&mut impulse[k as usize - 1], b, p, m);
            }
        }
        let old = std::mem::take(&mut self.body_cells);
        for &(c, _) in &old {
            self.body_at[c as usize] = 0;
            self.fluid[c as usize] = 1.0;
        }
        for &(c, k) in &cover {
            self.body_at[c as usize] = k;
            self.fluid[c as usize] = 0.0;
        }
        // Cells uncovered: fluid at the wall's velocity and the density of the fluid round
        // them; the body gives that momentum.
        for &(c, k) in &old {
            let c = c as usize;
            if self.body_at[c] != 0 {
                continue;
            }
            let (x, y) = ((c % nx) as i64, (c / nx) as i64);
            let around: Vec<f32> = (1..Q)
                .map(|i| (x + CX[i] as i64, y + CY[i] as i64))
                .filter(|&(a, b)| self.open_fluid(a, b) && !old_has(&old, a, b, nx))
                .map(|(a, b)| self.moments(self.idx(a as usize, b as usize)).0)
                .collect();
            let rho = if around.is_empty() {
                1.0
            } else {
                around.iter().sum::<f32>() / around.len() as f32
            };
            let p = [x as f64, y as f64];
            let Some(b) = bodies.get(k as usize - 1) else {
                continue;
            };
            let u = b.wall_velocity(p);
            let e = equilibrium(rho, u[0], u[1]);
            self.put(c, &e);
            let m = [-(rho * u[0]) as f64, -(rho * u[1]) as f64];
            add_at(&mut impulse[k as usize - 1], b, p, m);
        }
        self.body_cells = cover;
        self.bodies = bodies;
        if self.body_impulse.len() != impulse.len() {
            self.body_impulse = vec![[0.0; 3]; impulse.len()];
        }
        for (acc, i) in self.body_impulse.iter_mut().zip(&impulse) {
            for (a, b) in acc.iter_mut().zip(i) {
                *a += b;
            }
        }
        self.relay_bodies();
    }

    /// The wall distance of every moving link, for the bodies where they are now.
    fn refresh_links(&mut self) {
        let nx = self.nx;
        for sp in &mut self.body_specials {
            let (x, y) = (
                (sp.cell as usize % nx) as f64,
                (sp.cell as usize / nx) as f64,
            );
            for (i, rule) in sp.rules.iter_mut().enumerate() {
                if let Rule::Moving { q, body, .. } = rule {
                    let b = [x - CX[i] as f64, y - CY[i] as f64];
                    let shape = &self.bodies[*body as usize].shape;
                    *q = shape.hit([x, y], b).unwrap_or(0.5).clamp(1e-3, 1.0) as f32;
                }
            }
        }
    }

    /// The fluid cells next to a body, with their rules.
    pub(super) fn relay_bodies(&mut self) {
        let nx = self.nx;
        let mut near: Vec<usize> = Vec::new();
        for &(c, _) in &self.body_cells {
            let (x, y) = ((c as usize % nx) as i64, (c as usize / nx) as i64);
            for i in 1..Q {
                let (a, b) = (x + CX[i] as i64, y + CY[i] as i64);
                if self.open_fluid(a, b) {
                    near.push(self.idx(a as usize, b as usize));
                }
            }
        }
        near.sort_unstable();
        near.dedup();
        self.body_specials = near
            .into_iter()
            .map(|c| Special::at(self, c % nx, c / nx, true))
            .collect();
        self.bands.0 = 0;
    }

    /// The moving bodies' links and cells among `cells` (indices) for one step, from `src`
    /// into `dst`; each link's force and torque goes onto `links` with its body's index, in
    /// the cells' order ([`Lattice::body_force_of`] sums them).
    pub(super) fn body_pass(
        &self,
        src: &[S],
        dst: &mut Rows<S>,
        cells: Range<u32>,
        links: &mut Vec<(u16, [f64; 3])>,
    ) {
        let list = within(&self.body_specials, |s| s.cell, &cells);
        let before = Posts::<S, Apart>::new(src, self.nx, self.cells());
        self.apply(list, before, None, links, &mut |c, g| dst.set(c, g));
        self.fill_bodies(dst, cells);
    }

    /// The moving bodies' cells among `cells`: fluid at the wall's velocity, at ρ = 1.
    pub(super) fn fill_bodies(&self, dst: &mut impl Cells, cells: Range<u32>) {
        // A body held still has air at rest in every cell (the same bits as the equilibrium at
        // its zero velocity): its cells need no equilibrium worked out each step, which was
        // 11 % of `between_balls`' time (`perf`, AMD EPYC).
        let rest = equilibrium(1.0, 0.0, 0.0);
        for &(c, k) in within(&self.body_cells, |c| c.0, &cells) {
            let c = c as usize;
            let b = &self.bodies[k as usize - 1];
            let e = if b.is_still() {
                rest
            } else {
                let u = b.wall_velocity([(c % self.nx) as f64, (c / self.nx) as f64]);
                equilibrium(1.0, u[0], u[1])
            };
            dst.set(c, &e);
        }
    }

    /// The force and torque on each body from its links' (in the cells' order, band after
    /// band: the same bits on any number of threads), with, on the first step after they
    /// moved, the momentum of the cells they covered and uncovered.
    pub(super) fn body_force_of<'a>(
        &self,
        links: impl Iterator<Item = &'a (u16, [f64; 3])>,
        first: bool,
    ) -> Vec<[f64; 3]> {
        let mut force = if first {
            self.body_impulse.clone()
        } else {
            Vec::new()
        };
        force.resize(self.bodies.len(), [0.0; 3]);
        for (body, f) in links {
            let sum = &mut force[*body as usize];
            for (s, v) in sum.iter_mut().zip(f) {
                *s += v;
            }
        }
        force
    }

    /// The fans' cells among `cells` (indices): the velocity they drive at the density they
    /// have after the step.
    pub(super) fn fan_pass(&self, dst: &mut impl Cells, cells: Range<u32>) {
        for &(c, u) in self.fans.iter().filter(|f| cells.contains(&f.0)) {
            let c = c as usize;
            let (rho, ..) = moments(dst.cell(c));
            let e = equilibrium(rho, u[0], u[1]);
            dst.set(c, &e);
        }
    }
}

fn old_has(old: &[(u32, u16)], x: i64, y: i64, nx: usize) -> bool {
    let c = (y as usize * nx + x as usize) as u32;
    old.binary_search_by_key(&c, |e| e.0).is_ok()
}

/// Momentum `m` given to body `b` at the point `p`: its force and its torque about the centre.
fn add_at(acc: &mut [f64; 3], b: &MovingBody, p: [f64; 2], m: [f64; 2]) {
    let r = [p[0] - b.centre[0], p[1] - b.centre[1]];
    acc[0] += m[0];
    acc[1] += m[1];
    acc[2] += r[0] * m[1] - r[1] * m[0];
}
