//! The lattice's special cells: the rule each takes in each direction (streaming, walls,
//! the obstacles' interpolated bounce-back, the inlet, open edges), built when the obstacles
//! change, and the pass that applies them after the vectorised interior each step.

use super::super::kernels::moments_of;
use super::super::*;
use super::{Lattice, NONE};

/// Where a special cell's population in one direction comes from.
#[derive(Debug, Clone, Copy)]
enum Rule {
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
}

#[derive(Debug, Clone)]
pub(super) struct Special {
    cell: u32,
    rules: [Rule; Q],
}

impl Lattice {
    /// Replaces the obstacles and rebuilds the boundary rules. Cells that turn solid lose their
    /// fluid; cells uncovered get the fluid at rest.
    pub fn set_shapes(&mut self, shapes: Vec<Shape>) {
        let (nx, ny, n) = (self.nx, self.ny, self.cells());
        let was = std::mem::take(&mut self.solid);
        self.solid = (0..n)
            .map(|c| {
                let p = [(c % nx) as f64, (c / nx) as f64];
                shapes.iter().any(|s| s.contains(p))
            })
            .collect();
        let rest = equilibrium(1.0, 0.0, 0.0);
        for c in 0..n {
            if was.get(c).copied().unwrap_or(false) && !self.solid[c] {
                for (i, v) in rest.iter().enumerate() {
                    self.f[i * n + c] = *v;
                }
            }
        }
        self.fluid = self
            .solid
            .iter()
            .map(|s| if *s { 0.0 } else { 1.0 })
            .collect();
        self.shapes = shapes;
        self.solids = (0..n as u32).filter(|c| self.solid[*c as usize]).collect();
        self.specials.clear();
        // An open top or bottom row with no solid in it or the row inside it streams plainly
        // in every direction that does not leave the grid.
        let clear = |rows: [usize; 2]| {
            rows.iter()
                .all(|&y| (0..nx).all(|x| !self.solid[y * nx + x]))
        };
        self.open_rows = if self.side_walls == SideWalls::Open && self.fast_edges {
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
                if self.open_rows.contains(&y) && x > 0 && x < nx - 1 {
                    continue;
                }
                let edge = x == 0 || y == 0 || x == nx - 1 || y == ny - 1;
                let near_solid = (1..Q).any(|i| {
                    let (sx, sy) = (x as i64 - CX[i] as i64, y as i64 - CY[i] as i64);
                    self.inside(sx, sy) && self.solid[self.idx(sx as usize, sy as usize)]
                });
                if edge || near_solid {
                    let rules = std::array::from_fn(|i| self.rule(x, y, i));
                    self.specials.push(Special {
                        cell: c as u32,
                        rules,
                    });
                }
            }
        }
    }

    fn inside(&self, x: i64, y: i64) -> bool {
        x >= 0 && y >= 0 && x < self.nx as i64 && y < self.ny as i64
    }

    pub(super) fn fluid(&self, x: i64, y: i64) -> bool {
        self.inside(x, y) && !self.solid[self.idx(x as usize, y as usize)]
    }

    fn rule(&self, x: usize, y: usize, i: usize) -> Rule {
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
            return Rule::Open;
        }
        if self.solid[self.idx(sx as usize, sy as usize)] {
            let a = [xi as f64, yi as f64];
            let b = [sx as f64, sy as f64];
            let q = self
                .shapes
                .iter()
                .filter_map(|s| s.hit(a, b))
                .fold(1.0f64, f64::min)
                .clamp(1e-3, 1.0) as f32;
            let (fx, fy) = (xi + CX[i] as i64, yi + CY[i] as i64);
            let far = if self.fluid(fx, fy) {
                self.idx(fx as usize, fy as usize) as u32
            } else {
                NONE
            };
            return Rule::Obstacle { q, far };
        }
        Rule::Stream(self.idx(sx as usize, sy as usize) as u32)
    }

    /// The special cells of one step, from `src` into `dst`; returns the force on the
    /// obstacles.
    pub(super) fn boundary_pass(&self, src: &[f32], dst: &mut [f32]) -> [f64; 2] {
        let n = self.cells();
        let mut force = [0.0f64; 2];
        for sp in &self.specials {
            let c = sp.cell as usize;
            let mut fin = [0.0f32; Q];
            // The velocity an open edge extrapolates: this cell's, computed once if needed.
            let mut edge_u: Option<[f32; 2]> = None;
            for i in 0..Q {
                let o = OPP[i];
                let rule = match sp.rules[i] {
                    Rule::Inlet(row) => match self.inlet[row as usize] {
                        Some(u) => {
                            // Ladd's moving wall: f_i = f*_ī + 6·w_i·ρ_w·(c_i·u_w), ρ_w = 1.
                            let cu = CX[i] as f32 * u[0] + CY[i] as f32 * u[1];
                            fin[i] = src[o * n + c] + 6.0 * W[i] * cu;
                            continue;
                        }
                        None => Rule::Open,
                    },
                    r => r,
                };
                fin[i] = match rule {
                    Rule::Stream(s) => src[i * n + s as usize],
                    Rule::BounceBack => src[o * n + c],
                    Rule::Mirror(s, d) => src[d as usize * n + s as usize],
                    Rule::Open | Rule::Inlet(_) => {
                        // Anti-bounce-back at ρ = 1 (Izquierdo & Fueyo 2008, Phys. Rev. E
                        // 78:046707) with the edge cell's own velocity.
                        let u = *edge_u.get_or_insert_with(|| {
                            let (_, ux, uy) = moments_of(src, n, c);
                            [ux, uy]
                        });
                        let cu = CX[i] as f32 * u[0] + CY[i] as f32 * u[1];
                        let u2 = u[0] * u[0] + u[1] * u[1];
                        -src[o * n + c] + 2.0 * W[i] * (1.0 + 4.5 * cu * cu - 1.5 * u2)
                    }
                    Rule::Obstacle { q, far } => {
                        let out = src[o * n + c];
                        let back = if q >= 0.5 {
                            out / (2.0 * q) + (1.0 - 1.0 / (2.0 * q)) * src[i * n + c]
                        } else if far != NONE {
                            2.0 * q * out + (1.0 - 2.0 * q) * src[o * n + far as usize]
                        } else {
                            out
                        };
                        // Momentum given to the solid: what went in along c_ī plus what came back.
                        let m = (out + back) as f64;
                        force[0] += m * CX[o] as f64;
                        force[1] += m * CY[o] as f64;
                        back
                    }
                };
            }
            let g = collide(fin, self.relax);
            for i in 0..Q {
                dst[i * n + c] = g[i];
            }
        }
        let rest = equilibrium(1.0, 0.0, 0.0);
        for &c in &self.solids {
            for i in 0..Q {
                dst[i * n + c as usize] = rest[i];
            }
        }
        force
    }
}
