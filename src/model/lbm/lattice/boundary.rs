//! The lattice's special cells: the rule each takes in each direction (streaming, walls,
//! the obstacles' interpolated bounce-back, the inlet, open edges), built when the obstacles
//! change, and the pass that applies them after the vectorised interior each step.

use super::super::kernels::{moments, row};
use super::super::storage::Storage;
use super::super::*;
use super::places::{Apart, Place, Posts};
use super::rows::{Cells, Rows};
use super::{Lattice, NONE};
use std::ops::Range;

/// Special cells collided together, by the interior's vector loop: one at a time, the
/// compiler's attempt at vectorising a single cell's collision across its nine directions cost
/// more in shuffles and stalled loads than the collision itself. 64: a call of the loop has a
/// fixed cost (likely its checks that the nine planes in and out do not overlap, and the
/// dispatch), which 16 cells did not cover — `simulate` 3 000 ticks, AMD EPYC: `between_balls`
/// 3.23 s at 16, 3.16 at 32, 2.89 at 64, 2.98 at 128, 2.84 at 256; `falling_ball` 2.38, 2.34,
/// 2.07, 2.03, 2.04 (means of three).
const BATCH: usize = 64;

/// Where a special cell's population in one direction comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rule {
    /// Plain streaming from this cell.
    Stream(u32),
    /// An obstacle link at fraction `q` of the way to the solid node; `far` is the next fluid
    /// node away from the wall (or [`NONE`]).
    Obstacle { q: f32, far: u32 },
    /// Half-way bounce-back (no-slip wall, or a corner).
    BounceBack,
    /// Specular reflection: the mirrored direction from this cell.
    Mirror(u32, u8),
    /// The left edge of this row: bounce-back with the row's wall velocity, or open if it has
    /// none.
    Inlet(u32),
    /// Open: anti-bounce-back at the reference pressure.
    Open,
    /// A moving body's link: as `Obstacle`, the wall moving with body `body`.
    Moving { q: f32, far: u32, body: u16 },
}

#[derive(Debug, Clone)]
pub(super) struct Special {
    pub(super) cell: u32,
    pub(super) rules: [Rule; Q],
}

impl Special {
    /// The rules of the fluid cell (x, y), moving bodies' links included or not.
    pub(super) fn at<S: Storage>(l: &Lattice<S>, x: usize, y: usize, bodies: bool) -> Special {
        Special {
            cell: l.idx(x, y) as u32,
            rules: std::array::from_fn(|i| l.rule(x, y, i, bodies)),
        }
    }
}

impl<S: Storage> Lattice<S> {
    /// Replaces the obstacles and rebuilds the boundary rules. Cells that turn solid lose their
    /// fluid; cells uncovered get the fluid at rest.
    pub fn set_shapes(&mut self, shapes: Vec<Shape>) {
        let (nx, ny, n) = (self.nx, self.ny, self.cells());
        let was = std::mem::take(&mut self.solid);
        self.solid = super::super::shape::rasterise(&shapes, nx, ny);
        let rest = equilibrium(1.0, 0.0, 0.0);
        for c in 0..n {
            if was.get(c).copied().unwrap_or(false) && !self.solid[c] {
                self.put(c, &rest);
            }
        }
        self.fluid = self
            .solid
            .iter()
            .zip(&self.body_at)
            .map(|(s, b)| if *s || *b > 0 { 0.0 } else { 1.0 })
            .collect();
        self.shapes = shapes;
        self.solids = (0..n as u32).filter(|c| self.solid[*c as usize]).collect();
        self.specials.clear();
        // A top or bottom row with no solid in it or the row inside it streams plainly in
        // every direction that does not leave the grid.
        let clear = |rows: [usize; 2]| {
            rows.iter()
                .all(|&y| (0..nx).all(|x| !self.solid[y * nx + x]))
        };
        self.edge_rows = if self.fast_edges && !self.in_place() {
            [(0, [0, 1]), (ny - 1, [ny - 2, ny - 1])]
                .into_iter()
                .filter(|(_, rows)| clear(*rows))
                .map(|(y, _)| y)
                .collect()
        } else {
            Vec::new()
        };
        for y in 0..ny {
            for x in 0..nx {
                let c = self.idx(x, y);
                if self.solid[c] {
                    continue;
                }
                if self.edge_rows.contains(&y) && x > 0 && x < nx - 1 {
                    continue;
                }
                let edge = x == 0 || y == 0 || x == nx - 1 || y == ny - 1;
                let near_solid = (1..Q).any(|i| {
                    let (sx, sy) = (x as i64 - CX[i] as i64, y as i64 - CY[i] as i64);
                    self.inside(sx, sy) && self.solid[self.idx(sx as usize, sy as usize)]
                });
                if edge || near_solid {
                    self.specials.push(Special::at(self, x, y, false));
                }
            }
        }
        self.relay_bodies();
    }

    fn inside(&self, x: i64, y: i64) -> bool {
        x >= 0 && y >= 0 && x < self.nx as i64 && y < self.ny as i64
    }

    pub(super) fn fluid(&self, x: i64, y: i64) -> bool {
        self.inside(x, y) && !self.solid[self.idx(x as usize, y as usize)]
    }

    /// Fluid, and under no moving body.
    pub(super) fn open_fluid(&self, x: i64, y: i64) -> bool {
        self.fluid(x, y) && self.body_at[self.idx(x as usize, y as usize)] == 0
    }

    fn rule(&self, x: usize, y: usize, i: usize, bodies: bool) -> Rule {
        let (xi, yi) = (x as i64, y as i64);
        let (sx, sy) = (xi - CX[i] as i64, yi - CY[i] as i64);
        if i == 0 {
            return Rule::Stream(self.idx(x, y) as u32);
        }
        if sy < 0 || sy >= self.ny as i64 {
            return match self.side_walls {
                SideWalls::NoSlip => Rule::BounceBack,
                SideWalls::FreeSlip if self.fluid(sx, yi) => {
                    Rule::Mirror(self.idx(sx as usize, y) as u32, MIRROR_Y[i] as u8)
                }
                SideWalls::FreeSlip => Rule::BounceBack,
                SideWalls::Open => Rule::Open,
            };
        }
        if sx < 0 {
            return Rule::Inlet(y as u32);
        }
        if sx >= self.nx as i64 {
            return if self.right_wall {
                Rule::BounceBack
            } else {
                Rule::Open
            };
        }
        let s = self.idx(sx as usize, sy as usize);
        if bodies && self.body_at[s] > 0 && !self.solid[s] {
            let body = self.body_at[s] - 1;
            let (a, b) = ([xi as f64, yi as f64], [sx as f64, sy as f64]);
            let shape = &self.bodies[body as usize].shape;
            let q = shape.hit(a, b).unwrap_or(0.5).clamp(1e-3, 1.0) as f32;
            let (fx, fy) = (xi + CX[i] as i64, yi + CY[i] as i64);
            let far = if self.open_fluid(fx, fy) {
                self.idx(fx as usize, fy as usize) as u32
            } else {
                NONE
            };
            return Rule::Moving { q, far, body };
        }
        if self.solid[s] {
            let a = [xi as f64, yi as f64];
            let b = [sx as f64, sy as f64];
            let near = |s: &&Shape| {
                let [lo, hi] = s.bounds();
                b[0] >= lo[0] && b[0] <= hi[0] && b[1] >= lo[1] && b[1] <= hi[1]
            };
            let q = self
                .shapes
                .iter()
                .filter(near)
                .filter_map(|s| s.hit(a, b))
                .fold(1.0f64, f64::min)
                .clamp(1e-3, 1.0) as f32;
            let (fx, fy) = (xi + CX[i] as i64, yi + CY[i] as i64);
            let far = if (bodies && self.open_fluid(fx, fy)) || (!bodies && self.fluid(fx, fy)) {
                self.idx(fx as usize, fy as usize) as u32
            } else {
                NONE
            };
            return Rule::Obstacle { q, far };
        }
        Rule::Stream(self.idx(sx as usize, sy as usize) as u32)
    }

    /// The special cells and solids of one step among `cells` (indices), from `src` into
    /// `dst`; the momentum each obstacle link there takes goes onto `links`, in order.
    pub(super) fn boundary_pass(
        &self,
        src: &[S],
        dst: &mut Rows<S>,
        cells: Range<u32>,
        links: &mut Vec<[f64; 2]>,
    ) {
        let specials = within(&self.specials, |s| s.cell, &cells);
        let before = Posts::<S, Apart>::new(src, self.nx, self.cells());
        let mut write = |c: usize, g: &[f32; Q]| dst.set(c, g);
        self.apply(specials, before, Some(links), &mut Vec::new(), &mut write);
        self.rest_solids(dst, cells);
    }

    /// The solids among `cells` get air at rest (so that what the interior's loop makes of
    /// them stays finite).
    pub(super) fn rest_solids(&self, dst: &mut impl Cells, cells: Range<u32>) {
        let rest = equilibrium(1.0, 0.0, 0.0);
        for &c in within(&self.solids, |c| *c, &cells) {
            dst.set(c as usize, &rest);
        }
    }

    /// Applies the rules of `list` to the populations `before`, giving each cell's after its
    /// collision to `out`; adds the momentum given to the obstacles on each link onto `links`
    /// (if wanted), and each moving body's link's force and torque onto `bodies` with the
    /// body's index, in order.
    #[inline(never)]
    pub(super) fn apply<P: Place>(
        &self,
        list: &[Special],
        before: Posts<S, P>,
        mut links: Option<&mut Vec<[f64; 2]>>,
        bodies: &mut Vec<(u16, [f64; 3])>,
        out: &mut impl FnMut(usize, &[f32; Q]),
    ) {
        // What comes into each cell of a batch, by direction, and what its collision gives.
        let mut pulled = [[0.0f32; BATCH]; Q];
        let mut collided = [[0.0f32; BATCH]; Q];
        for batch in list.chunks(BATCH) {
            for (j, sp) in batch.iter().enumerate() {
                let fin = self.pull(sp, before, links.as_deref_mut(), bodies);
                for (plane, v) in pulled.iter_mut().zip(fin) {
                    plane[j] = v;
                }
            }
            let m = batch.len();
            let mut planes = collided.iter_mut();
            row(
                self.kernel,
                std::array::from_fn(|i| &pulled[i][..m]),
                std::array::from_fn(|_| &mut planes.next().expect("nine planes")[..m]),
                m,
                self.relax,
            );
            for (j, sp) in batch.iter().enumerate() {
                out(sp.cell as usize, &std::array::from_fn(|i| collided[i][j]));
            }
        }
    }

    /// What comes into special cell `sp` from each direction by its rules, before the
    /// collision.
    #[inline(always)]
    fn pull<P: Place>(
        &self,
        sp: &Special,
        before: Posts<S, P>,
        mut links: Option<&mut Vec<[f64; 2]>>,
        bodies: &mut Vec<(u16, [f64; 3])>,
    ) -> [f32; Q] {
        let c = sp.cell as usize;
        let mut fin = [0.0f32; Q];
        // The velocity an open edge extrapolates: this cell's, computed once if needed.
        let mut edge_u: Option<[f32; 2]> = None;
        for i in 0..Q {
            let o = OPP[i];
            fin[i] = match sp.rules[i] {
                Rule::Stream(s) => before.at(s as usize, i),
                Rule::Mirror(s, d) => before.at(s as usize, d as usize),
                edge @ (Rule::BounceBack | Rule::Inlet(_) | Rule::Open) => {
                    self.edge_in(edge, before, c, i, &mut edge_u)
                }
                Rule::Obstacle { q, far } => {
                    let out = before.at(c, o);
                    let back = if q >= 0.5 {
                        out / (2.0 * q) + (1.0 - 1.0 / (2.0 * q)) * before.at(c, i)
                    } else if far != NONE {
                        2.0 * q * out + (1.0 - 2.0 * q) * before.at(far as usize, o)
                    } else {
                        out
                    };
                    // Momentum given to the solid: what went in along c_ī plus what came back.
                    let m = (out + back) as f64;
                    if let Some(links) = links.as_deref_mut() {
                        links.push([m * CX[o] as f64, m * CY[o] as f64]);
                    }
                    back
                }
                Rule::Moving { q, far, body } => {
                    let b = &self.bodies[body as usize];
                    let (x, y) = ((c % self.nx) as f64, (c / self.nx) as f64);
                    let hit = [x + q as f64 * CX[o] as f64, y + q as f64 * CY[o] as f64];
                    let uw = b.wall_velocity(hit);
                    // Ladd's moving wall, 6·w_i·(c_i·u_w) (ρ_w = 1), with Bouzidi's
                    // interpolation as Lallemand & Luo (2003, J. Comput. Phys. 184:406,
                    // eq. 7) give it: the wall's term over 2q where q ≥ ½.
                    let cu = wall_momentum(i, uw);
                    let out = before.at(c, o);
                    let back = if q >= 0.5 {
                        (out + cu) / (2.0 * q) + (1.0 - 1.0 / (2.0 * q)) * before.at(c, i)
                    } else if far != NONE {
                        2.0 * q * out + (1.0 - 2.0 * q) * before.at(far as usize, o) + cu
                    } else {
                        out + cu
                    };
                    // Galilean-invariant momentum exchange (Wen, Zhang, Tu, Wang & Fang
                    // 2014, J. Comput. Phys. 266:161): (c_ī − u_w)·out − (c_i − u_w)·back.
                    let (sum, diff) = ((out + back) as f64, (out - back) as f64);
                    let fx = sum * CX[o] as f64 - uw[0] as f64 * diff;
                    let fy = sum * CY[o] as f64 - uw[1] as f64 * diff;
                    let r = [hit[0] - b.centre[0], hit[1] - b.centre[1]];
                    bodies.push((body, [fx, fy, r[0] * fy - r[1] * fx]));
                    back
                }
            };
        }
        fin
    }

    /// What comes into cell `c` along `c_i` from a wall or an edge of the grid, by `rule`
    /// (bounce-back, the left edge's row, open); `edge_u` is the cell's velocity, computed
    /// the first time an open edge needs it.
    #[inline(always)]
    fn edge_in<P: Place>(
        &self,
        rule: Rule,
        before: Posts<S, P>,
        c: usize,
        i: usize,
        edge_u: &mut Option<[f32; 2]>,
    ) -> f32 {
        let leaving = before.at(c, OPP[i]);
        let open = |edge_u: &mut Option<[f32; 2]>| {
            let u = *edge_u.get_or_insert_with(|| {
                let (_, ux, uy) = moments(std::array::from_fn(|j| before.at(c, j)));
                [ux, uy]
            });
            anti_bounce_back(leaving, i, u)
        };
        match rule {
            Rule::Inlet(row) => match self.inlet[row as usize] {
                Some(u) => moving_wall(leaving, i, u),
                None => open(edge_u),
            },
            Rule::Open => open(edge_u),
            _ => leaving,
        }
    }
}

/// The part of `list` (sorted by cell) whose cells are in `cells`.
pub(super) fn within<'a, T>(
    list: &'a [T],
    cell: impl Fn(&T) -> u32,
    cells: &Range<u32>,
) -> &'a [T] {
    let a = list.partition_point(|t| cell(t) < cells.start);
    let b = list.partition_point(|t| cell(t) < cells.end);
    &list[a..b]
}
