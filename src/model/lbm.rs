//! A D2Q9 lattice Boltzmann fluid solver in lattice units (Δx = Δt = 1, c_s² = 1/3).
//!
//! - Collision: regularised BGK (Latt & Chopard 2006, Math. Comput. Simul. 72:165): the
//!   non-equilibrium part is projected on its second-order (stress) moment before relaxing,
//!   which removes the ghost modes that make plain BGK blow up at low viscosity. Viscosity
//!   ν = (τ − ½)/3 plus a Smagorinsky eddy viscosity (Hou, Sterling, Chen & Doolen 1996, Fields
//!   Inst. Commun. 6:151) computed locally from the non-equilibrium stress Π, so strong jets
//!   stay stable: τ = ½(τ₀ + √(τ₀² + 18√2·C²·|Π|/ρ)). (Plain BGK and TRT were tried first: a
//!   top-hat jet at τ = 0.5005 diverged within 50 steps; this one stays bounded.)
//! - Streaming: "pull", fused with the collision in one pass over memory (read 9 values from the
//!   neighbours, collide, write 9), two buffers swapped each step. Storage is one plane per
//!   direction (structure of arrays, f32), so the interior loop is straight-line arithmetic
//!   over contiguous slices that the compiler vectorises; on x86-64 an AVX2 copy of it is
//!   chosen at run time.
//! - Everything that is not plain interior (the domain's edges, fluid cells next to an
//!   obstacle, the obstacle's own cells) is a short list of "special" cells with a rule per
//!   direction, precomputed when the geometry changes and applied after the interior pass.
//! - Obstacles: interpolated bounce-back (Bouzidi, Firdaouss & Lallemand 2001, Phys. Fluids
//!   13:3452) with the exact wall distance of each link, so a round bottle is round and not a
//!   staircase; the force on them by momentum exchange (Ladd 1994, J. Fluid Mech. 271:285).
//! - Left edge: a wall with a velocity profile (bounce-back with the wall's momentum, Ladd
//!   1994), which is both the channel inlet and the nozzle; rows without a velocity are open.
//!   Right edge: open at the reference pressure (anti-bounce-back). Top and bottom: no-slip or
//!   free-slip walls, or open.
//! - A velocity limiter keeps |u| ≤ [`U_LIMIT`] in the collision; nothing an input can set
//!   makes the scheme diverge, and [`Lattice::max_speed`] lets the caller detect and recover
//!   from anything that still does.

use std::ops::Range;

pub const Q: usize = 9;
pub const CX: [i32; Q] = [0, 1, 0, -1, 0, 1, -1, -1, 1];
pub const CY: [i32; Q] = [0, 0, 1, 0, -1, 1, 1, -1, -1];
pub const OPP: [usize; Q] = [0, 3, 4, 1, 2, 7, 8, 5, 6];
/// The direction reflected in a horizontal wall: (cx, cy) → (cx, −cy).
const MIRROR_Y: [usize; Q] = [0, 1, 4, 3, 2, 8, 7, 6, 5];
pub const W: [f32; Q] = [
    4.0 / 9.0,
    1.0 / 9.0,
    1.0 / 9.0,
    1.0 / 9.0,
    1.0 / 9.0,
    1.0 / 36.0,
    1.0 / 36.0,
    1.0 / 36.0,
    1.0 / 36.0,
];
/// Velocity components beyond ± this (lattice units; the sound speed is 0.577) are limited in
/// the collision.
pub const U_LIMIT: f32 = 0.35;
/// Bytes one cell update moves to and from memory: 9 reads and 9 writes of f32.
pub const BYTES_PER_CELL_UPDATE: f64 = (2 * Q * 4) as f64;

/// Top and bottom edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideWalls {
    /// Half-way bounce-back: the channel walls of the cylinder benchmark.
    NoSlip,
    /// Specular reflection: a wall that does not slow the air along it.
    FreeSlip,
    /// Open to still air at the reference pressure: air leaves and enters freely.
    Open,
}

/// A solid shape in lattice coordinates (cell centres at integers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Circle { x: f64, y: f64, r: f64 },
    Rect { x0: f64, y0: f64, x1: f64, y1: f64 },
}

impl Shape {
    pub fn contains(&self, p: [f64; 2]) -> bool {
        match *self {
            Shape::Circle { x, y, r } => (p[0] - x).powi(2) + (p[1] - y).powi(2) <= r * r,
            Shape::Rect { x0, y0, x1, y1 } => p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1,
        }
    }

    /// Where the segment a → b (a outside) first meets the shape, as a fraction of its length.
    pub fn hit(&self, a: [f64; 2], b: [f64; 2]) -> Option<f64> {
        let d = [b[0] - a[0], b[1] - a[1]];
        match *self {
            Shape::Circle { x, y, r } => {
                let o = [a[0] - x, a[1] - y];
                let qa = d[0] * d[0] + d[1] * d[1];
                let qb = 2.0 * (o[0] * d[0] + o[1] * d[1]);
                let qc = o[0] * o[0] + o[1] * o[1] - r * r;
                let disc = qb * qb - 4.0 * qa * qc;
                if disc < 0.0 {
                    return None;
                }
                let t = (-qb - disc.sqrt()) / (2.0 * qa);
                (0.0..=1.0).contains(&t).then_some(t)
            }
            Shape::Rect { x0, y0, x1, y1 } => {
                // Slab method.
                let (mut t0, mut t1) = (0.0f64, 1.0f64);
                for (o, dd, lo, hi) in [(a[0], d[0], x0, x1), (a[1], d[1], y0, y1)] {
                    if dd.abs() < 1e-12 {
                        if o < lo || o > hi {
                            return None;
                        }
                    } else {
                        let (mut ta, mut tb) = ((lo - o) / dd, (hi - o) / dd);
                        if ta > tb {
                            std::mem::swap(&mut ta, &mut tb);
                        }
                        t0 = t0.max(ta);
                        t1 = t1.min(tb);
                    }
                }
                (t0 <= t1).then_some(t0)
            }
        }
    }
}

const NONE: u32 = u32::MAX;

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
struct Special {
    cell: u32,
    rules: [Rule; Q],
}

/// Relaxation parameters of the collision.
#[derive(Debug, Clone, Copy)]
pub struct Relax {
    pub tau0: f32,
    /// 18·√2·C² of the Smagorinsky model (0 = laminar).
    smag: f32,
}

impl Relax {
    pub fn new(tau: f32, smagorinsky_constant: f32) -> Self {
        Self {
            tau0: tau,
            smag: 18.0 * std::f32::consts::SQRT_2 * smagorinsky_constant * smagorinsky_constant,
        }
    }
}

/// Equilibrium populations for density `rho` and velocity `u`.
pub fn equilibrium(rho: f32, ux: f32, uy: f32) -> [f32; Q] {
    let u2 = ux * ux + uy * uy;
    let mut f = [0.0; Q];
    for i in 0..Q {
        let cu = CX[i] as f32 * ux + CY[i] as f32 * uy;
        f[i] = W[i] * rho * (1.0 + 3.0 * cu + 4.5 * cu * cu - 1.5 * u2);
    }
    f
}

/// One regularised Smagorinsky collision. Straight-line code so that a loop over cells vectorises.
#[inline(always)]
fn collide(f: [f32; Q], p: Relax) -> [f32; Q] {
    let [f0, f1, f2, f3, f4, f5, f6, f7, f8] = f;
    let rho = f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8;
    let inv = 1.0 / rho;
    let mut ux = (f1 - f3 + f5 - f6 - f7 + f8) * inv;
    let mut uy = (f2 - f4 + f5 + f6 - f7 - f8) * inv;
    // The limiter clamps each component: no square root, and it only ever acts on a state
    // that is already far outside what the scheme resolves.
    ux = ux.clamp(-U_LIMIT, U_LIMIT);
    uy = uy.clamp(-U_LIMIT, U_LIMIT);
    let (uxx, uyy, uxy) = (ux * ux, uy * uy, ux * uy);
    // Non-equilibrium momentum flux Π − Π_eq, Π_eq = ρ(c_s² I + u u).
    let diag = f5 + f6 + f7 + f8;
    let pxx = f1 + f3 + diag - rho * (1.0 / 3.0 + uxx);
    let pyy = f2 + f4 + diag - rho * (1.0 / 3.0 + uyy);
    let pxy = f5 + f7 - f6 - f8 - rho * uxy;
    let pi = (pxx * pxx + pyy * pyy + 2.0 * pxy * pxy).sqrt();
    let tau = 0.5 * (p.tau0 + (p.tau0 * p.tau0 + p.smag * pi * inv).sqrt());
    let keep = 1.0 - 1.0 / tau;
    let base = 1.0 - 1.5 * (uxx + uyy);
    let r0 = rho * (4.0 / 9.0);
    let r1 = rho * (1.0 / 9.0);
    let r2 = rho * (1.0 / 36.0);
    // Regularised non-equilibrium w_i·(9/2)·(c_i c_i − c_s² I):Π_neq, by direction class.
    let (trace, sxx, syy) = (pxx + pyy, 2.0 * pxx - pyy, 2.0 * pyy - pxx);
    let n0 = -(4.0 / 9.0) * 1.5 * trace;
    let nx = (1.0 / 9.0) * 1.5 * sxx;
    let ny = (1.0 / 9.0) * 1.5 * syy;
    let nd = (1.0 / 36.0) * (3.0 * trace + 9.0 * pxy);
    let na = (1.0 / 36.0) * (3.0 * trace - 9.0 * pxy);
    // A pair (i, ī) with c_i·u = cu shares the even part of the equilibrium.
    let pair = |w: f32, cu: f32, neq: f32| {
        let even = w * (base + 4.5 * cu * cu) + keep * neq;
        let odd = w * 3.0 * cu;
        (even + odd, even - odd)
    };
    let (g1, g3) = pair(r1, ux, nx);
    let (g2, g4) = pair(r1, uy, ny);
    let (g5, g7) = pair(r2, ux + uy, nd);
    let (g6, g8) = pair(r2, uy - ux, na);
    let g0 = r0 * base + keep * n0;
    [g0, g1, g2, g3, g4, g5, g6, g7, g8]
}

/// Pulls, collides and writes `m` contiguous interior cells. `src[i]` starts at the cell the
/// first one pulls direction `i` from; `dst[i]` at the first cell itself.
#[inline(always)]
fn row_kernel(src: [&[f32]; Q], dst: [&mut [f32]; Q], m: usize, p: Relax) {
    let [s0, s1, s2, s3, s4, s5, s6, s7, s8] = src.map(|s| &s[..m]);
    let [d0, d1, d2, d3, d4, d5, d6, d7, d8] = dst.map(|d| &mut d[..m]);
    for k in 0..m {
        let g = collide(
            [
                s0[k], s1[k], s2[k], s3[k], s4[k], s5[k], s6[k], s7[k], s8[k],
            ],
            p,
        );
        d0[k] = g[0];
        d1[k] = g[1];
        d2[k] = g[2];
        d3[k] = g[3];
        d4[k] = g[4];
        d5[k] = g[5];
        d6[k] = g[6];
        d7[k] = g[7];
        d8[k] = g[8];
    }
}

/// Row `y` (0 or ny − 1, cells 1 … nx − 2) of an open top or bottom edge: directions that
/// come from outside the grid get anti-bounce-back at ρ = 1 with the cell's own velocity (as
/// the special-cell rule `Open` does), the others stream; then the collision. Straight-line
/// over contiguous slices, so it vectorises like the interior.
#[inline(always)]
fn open_row_kernel(
    src: &[f32],
    dst: &mut [f32],
    nx: usize,
    n: usize,
    y: usize,
    bottom: bool,
    p: Relax,
) {
    let m = nx - 2;
    // For the bottom row the directions with cy = +1 come from outside, for the top cy = −1.
    let outside = |i: usize| if bottom { CY[i] == 1 } else { CY[i] == -1 };
    let own: [&[f32]; Q] = std::array::from_fn(|i| &src[i * n + y * nx + 1..][..m]);
    let pulled: [&[f32]; Q] = std::array::from_fn(|i| {
        if outside(i) {
            own[i]
        } else {
            let sy = (y as i64 - CY[i] as i64) as usize;
            let start = i * n + sy * nx + (1 - CX[i]) as usize;
            &src[start..start + m]
        }
    });
    let open: [bool; Q] = std::array::from_fn(outside);
    let out: [&mut [f32]; Q] = {
        let mut planes = dst.chunks_exact_mut(n);
        std::array::from_fn(|_| {
            let plane = planes.next().expect("nine planes");
            &mut plane[y * nx + 1..][..m]
        })
    };
    for k in 0..m {
        let f: [f32; Q] = std::array::from_fn(|i| own[i][k]);
        let rho = f.iter().sum::<f32>();
        let ux = (f[1] - f[3] + f[5] - f[6] - f[7] + f[8]) / rho;
        let uy = (f[2] - f[4] + f[5] + f[6] - f[7] - f[8]) / rho;
        let u2 = ux * ux + uy * uy;
        let fin: [f32; Q] = std::array::from_fn(|i| {
            if open[i] {
                let cu = CX[i] as f32 * ux + CY[i] as f32 * uy;
                -f[OPP[i]] + 2.0 * W[i] * (1.0 + 4.5 * cu * cu - 1.5 * u2)
            } else {
                pulled[i][k]
            }
        });
        let g = collide(fin, p);
        for i in 0..Q {
            out[i][k] = g[i];
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn open_row_avx2(
    src: &[f32],
    dst: &mut [f32],
    nx: usize,
    n: usize,
    y: usize,
    bottom: bool,
    p: Relax,
) {
    open_row_kernel(src, dst, nx, n, y, bottom, p)
}

fn open_row(
    src: &[f32],
    dst: &mut [f32],
    nx: usize,
    n: usize,
    y: usize,
    bottom: bool,
    p: Relax,
    avx2: bool,
) {
    #[cfg(target_arch = "x86_64")]
    if avx2 {
        // SAFETY: `avx2` is true only where the CPU reported AVX2 and FMA.
        return unsafe { open_row_avx2(src, dst, nx, n, y, bottom, p) };
    }
    let _ = avx2;
    open_row_kernel(src, dst, nx, n, y, bottom, p)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn row_kernel_avx2(src: [&[f32]; Q], dst: [&mut [f32]; Q], m: usize, p: Relax) {
    row_kernel(src, dst, m, p)
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The interior rows `rows` (1 ≤ y < ny − 1, x from 1 to nx − 2) of one step; `dst[i]` holds
/// exactly those rows of plane `i`.
fn interior_band(
    src: &[f32],
    mut dst: [&mut [f32]; Q],
    nx: usize,
    n: usize,
    rows: Range<usize>,
    p: Relax,
    avx2: bool,
) {
    let m = nx - 2;
    let y0 = rows.start;
    for y in rows {
        let src_rows: [&[f32]; Q] = std::array::from_fn(|i| {
            let sy = (y as i64 - CY[i] as i64) as usize;
            let start = i * n + sy * nx + (1 - CX[i]) as usize;
            &src[start..start + m]
        });
        let off = (y - y0) * nx + 1;
        let dst_rows: [&mut [f32]; Q] = {
            let mut it = dst.iter_mut().map(|d| &mut d[off..off + m]);
            std::array::from_fn(|_| it.next().expect("nine planes"))
        };
        #[cfg(target_arch = "x86_64")]
        if avx2 {
            // SAFETY: `avx2` is true only where the CPU reported AVX2 and FMA.
            unsafe { row_kernel_avx2(src_rows, dst_rows, m, p) };
            continue;
        }
        let _ = avx2;
        row_kernel(src_rows, dst_rows, m, p);
    }
}

/// Velocities of all cells, 0 where `fluid` is 0; the largest speed, NaN if any is not finite.
/// Eight independent lanes for the maximum and the finiteness sum, so that it vectorises.
#[inline(always)]
fn velocity_kernel(f: &[f32], fluid: &[f32], ux: &mut [f32], uy: &mut [f32]) -> f32 {
    let n = fluid.len();
    let [f0, f1, f2, f3, f4, f5, f6, f7, f8]: [&[f32]; Q] =
        std::array::from_fn(|i| &f[i * n..(i + 1) * n]);
    let (ux, uy) = (&mut ux[..n], &mut uy[..n]);
    // A plain map first (it vectorises), then the reductions in eight lanes.
    for c in 0..n {
        let rho = f0[c] + f1[c] + f2[c] + f3[c] + f4[c] + f5[c] + f6[c] + f7[c] + f8[c];
        let k = fluid[c] / rho;
        ux[c] = (f1[c] - f3[c] + f5[c] - f6[c] - f7[c] + f8[c]) * k;
        uy[c] = (f2[c] - f4[c] + f5[c] + f6[c] - f7[c] - f8[c]) * k;
    }
    let mut max2 = [0.0f32; 8];
    let mut sum = [0.0f32; 8];
    let lanes = ux.chunks_exact(8).zip(uy.chunks_exact(8));
    let tail = ux.chunks_exact(8).remainder().iter();
    let tail = tail.zip(uy.chunks_exact(8).remainder());
    for (x, y) in lanes {
        for l in 0..8 {
            let s = x[l] * x[l] + y[l] * y[l];
            max2[l] = max2[l].max(s);
            sum[l] += s;
        }
    }
    for (x, y) in tail {
        let s = x * x + y * y;
        max2[0] = max2[0].max(s);
        sum[0] += s;
    }
    let total: f32 = sum.iter().sum();
    if total.is_finite() {
        max2.iter().fold(0.0f32, |a, b| a.max(*b)).sqrt()
    } else {
        f32::NAN
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn velocity_avx2(f: &[f32], fluid: &[f32], ux: &mut [f32], uy: &mut [f32]) -> f32 {
    velocity_kernel(f, fluid, ux, uy)
}

fn moments_of(f: &[f32], n: usize, c: usize) -> (f32, f32, f32) {
    let f: [f32; Q] = std::array::from_fn(|i| f[i * n + c]);
    let rho: f32 = f.iter().sum();
    let jx: f32 = (0..Q).map(|i| CX[i] as f32 * f[i]).sum();
    let jy: f32 = (0..Q).map(|i| CY[i] as f32 * f[i]).sum();
    (rho, jx / rho, jy / rho)
}

/// A barrier that spins: a phase here lasts tens of microseconds, about what putting a thread
/// to sleep and waking it costs (`std::sync::Barrier` made two threads slower than one on the
/// exhibit's grid). After a while it yields, in case there are more threads than cores.
struct SpinBarrier {
    n: usize,
    arrived: std::sync::atomic::AtomicUsize,
    generation: std::sync::atomic::AtomicUsize,
}

impl SpinBarrier {
    fn new(n: usize) -> Self {
        Self {
            n,
            arrived: 0.into(),
            generation: 0.into(),
        }
    }

    fn wait(&self) {
        use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release};
        let generation = self.generation.load(Acquire);
        if self.arrived.fetch_add(1, AcqRel) + 1 == self.n {
            self.arrived.store(0, Relaxed);
            self.generation.fetch_add(1, Release);
            return;
        }
        let mut spins = 0u32;
        while self.generation.load(Acquire) == generation {
            if spins < 20_000 {
                std::hint::spin_loop();
                spins += 1;
            } else {
                std::thread::yield_now();
            }
        }
    }
}

/// A buffer's base pointer, shared by the workers of [`Lattice::run`].
#[derive(Clone, Copy)]
struct RawBuf(*mut f32);
// SAFETY: the workers access the buffers only as `Lattice::run` lays out (disjoint writes,
// phases ordered by a barrier).
unsafe impl Send for RawBuf {}
unsafe impl Sync for RawBuf {}

pub struct Lattice {
    pub nx: usize,
    pub ny: usize,
    f: Vec<f32>,
    g: Vec<f32>,
    solid: Vec<bool>,
    /// 1 in fluid cells, 0 in solid ones.
    fluid: Vec<f32>,
    shapes: Vec<Shape>,
    specials: Vec<Special>,
    solids: Vec<u32>,
    /// Edge rows (0 and/or ny − 1) whose inner cells are open edge and plain streaming, done
    /// by [`open_row`] rather than one by one as special cells.
    open_rows: Vec<usize>,
    /// Off: every edge cell goes through the generic special-cell path (for tests).
    pub fast_edges: bool,
    side_walls: SideWalls,
    /// The left edge, one per row: a wall moving at this velocity (lattice units), or open.
    pub inlet: Vec<Option<[f32; 2]>>,
    pub relax: Relax,
    /// Force of the fluid on the obstacles in the last step, lattice units.
    pub force: [f64; 2],
    /// Threads for the interior pass.
    pub threads: usize,
    avx2: bool,
    pub steps: u64,
}

impl Lattice {
    /// A fluid at rest (ρ = 1), no obstacles.
    pub fn new(nx: usize, ny: usize, side_walls: SideWalls, relax: Relax) -> Self {
        assert!(nx >= 3 && ny >= 3, "a lattice needs an interior");
        let n = nx * ny;
        let rest = equilibrium(1.0, 0.0, 0.0);
        let mut f = vec![0.0; Q * n];
        for i in 0..Q {
            f[i * n..(i + 1) * n].fill(rest[i]);
        }
        let mut l = Self {
            nx,
            ny,
            g: f.clone(),
            f,
            solid: vec![false; n],
            fluid: vec![1.0; n],
            shapes: Vec::new(),
            specials: Vec::new(),
            solids: Vec::new(),
            open_rows: Vec::new(),
            fast_edges: true,
            side_walls,
            inlet: vec![Some([0.0; 2]); ny],
            relax,
            force: [0.0; 2],
            threads: 1,
            avx2: has_avx2(),
            steps: 0,
        };
        l.set_shapes(Vec::new());
        l
    }

    pub fn cells(&self) -> usize {
        self.nx * self.ny
    }

    pub fn idx(&self, x: usize, y: usize) -> usize {
        y * self.nx + x
    }

    /// 1 per fluid cell, 0 per solid one.
    pub fn fluid_mask(&self) -> &[f32] {
        &self.fluid
    }

    pub fn is_solid(&self, x: usize, y: usize) -> bool {
        self.solid[self.idx(x, y)]
    }

    /// Pulls each listed cell a fraction `σ` of the way towards still air (ρ = 1, u = 0): an
    /// absorbing "sponge" layer.
    pub fn damp(&mut self, cells: &[(u32, f32)]) {
        let n = self.cells();
        let rest = equilibrium(1.0, 0.0, 0.0);
        // Plane by plane: each pass walks one array in order.
        for (i, r) in rest.iter().enumerate() {
            let plane = &mut self.f[i * n..(i + 1) * n];
            for &(c, sigma) in cells {
                let v = &mut plane[c as usize];
                *v += sigma * (r - *v);
            }
        }
    }

    /// Sets every cell to the equilibrium of `field(x, y) = (ρ, ux, uy)`.
    pub fn init(&mut self, field: impl Fn(usize, usize) -> (f32, f32, f32)) {
        let n = self.cells();
        for y in 0..self.ny {
            for x in 0..self.nx {
                let c = self.idx(x, y);
                let (r, ux, uy) = if self.solid[c] {
                    (1.0, 0.0, 0.0)
                } else {
                    field(x, y)
                };
                let e = equilibrium(r, ux, uy);
                for (i, v) in e.iter().enumerate() {
                    self.f[i * n + c] = *v;
                    self.g[i * n + c] = *v;
                }
            }
        }
    }

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

    fn fluid(&self, x: i64, y: i64) -> bool {
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

    /// One time step: stream and collide every cell.
    pub fn step(&mut self) {
        self.run(1);
    }

    /// `steps` time steps. With `threads` > 1 the workers are started once for all of them and
    /// meet at a barrier between the interior pass (each its own band of rows) and the boundary
    /// pass (one thread, the others wait), so a small grid pays two barrier waits per step
    /// rather than a thread start.
    pub fn run(&mut self, steps: usize) {
        if steps == 0 {
            return;
        }
        let (nx, ny, n) = (self.nx, self.ny, self.cells());
        let (p, avx2) = (self.relax, self.avx2);
        let interior = 1..ny - 1;
        let threads = self.threads.clamp(1, interior.len().max(1));
        let per = interior.len().div_ceil(threads);
        let band_rows = |k: usize| {
            let y0 = (1 + k * per).min(ny - 1);
            y0..(y0 + per).min(ny - 1)
        };
        let mut a = std::mem::take(&mut self.f);
        let mut b = std::mem::take(&mut self.g);
        let len = a.len();
        let bufs = [RawBuf(a.as_mut_ptr()), RawBuf(b.as_mut_ptr())];
        let this = &*self;
        let barrier = SpinBarrier::new(threads);
        let worker = |k: usize| -> [f64; 2] {
            let rows = band_rows(k);
            let mut force = [0.0; 2];
            for step in 0..steps {
                let (src, dst) = (bufs[step % 2], bufs[(step + 1) % 2]);
                {
                    // SAFETY: both buffers are `len` floats and outlive this scope. In this
                    // phase every worker reads `src` only and writes only its own rows of
                    // `dst`, disjoint from every other worker's; the references end before the
                    // barrier, which orders this phase against the next.
                    let src = unsafe { std::slice::from_raw_parts(src.0.cast_const(), len) };
                    let band: [&mut [f32]; Q] = std::array::from_fn(|i| unsafe {
                        std::slice::from_raw_parts_mut(
                            dst.0.add(i * n + rows.start * nx),
                            rows.len() * nx,
                        )
                    });
                    if !rows.is_empty() {
                        interior_band(src, band, nx, n, rows.clone(), p, avx2);
                    }
                }
                barrier.wait();
                if k == 0 {
                    // SAFETY: the other workers are waiting at the barrier and hold no
                    // reference into either buffer.
                    let src = unsafe { std::slice::from_raw_parts(src.0.cast_const(), len) };
                    let dst = unsafe { std::slice::from_raw_parts_mut(dst.0, len) };
                    force = this.boundary_pass(src, dst);
                    for &y in &this.open_rows {
                        open_row(src, dst, nx, n, y, y == 0, p, avx2);
                    }
                }
                barrier.wait();
            }
            force
        };
        let force = std::thread::scope(|scope| {
            let worker = &worker;
            for k in 1..threads {
                scope.spawn(move || worker(k));
            }
            worker(0)
        });
        if steps % 2 == 1 {
            std::mem::swap(&mut a, &mut b);
        }
        self.f = a;
        self.g = b;
        self.force = force;
        self.steps += steps as u64;
    }

    /// The special cells of one step, from `src` into `dst`; returns the force on the
    /// obstacles.
    fn boundary_pass(&self, src: &[f32], dst: &mut [f32]) -> [f64; 2] {
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

    /// Density and velocity of cell `c`.
    pub fn moments(&self, c: usize) -> (f32, f32, f32) {
        moments_of(&self.f, self.cells(), c)
    }

    /// Velocity field into `ux`, `uy` (zero in solids); returns the largest speed, or NaN if
    /// any cell is not finite.
    pub fn velocity(&self, ux: &mut [f32], uy: &mut [f32]) -> f32 {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is true only where the CPU reported AVX2 and FMA.
            return unsafe { velocity_avx2(&self.f, &self.fluid, ux, uy) };
        }
        velocity_kernel(&self.f, &self.fluid, ux, uy)
    }

    /// Bilinear interpolation of (ρ, ux, uy) at a point (lattice coordinates) from the fluid
    /// cells round it only (NaN where there are none).
    pub fn sample(&self, p: [f64; 2]) -> [f64; 3] {
        let (x0, y0) = (p[0].floor(), p[1].floor());
        let (tx, ty) = (p[0] - x0, p[1] - y0);
        let mut sum = [0.0; 3];
        let mut wsum = 0.0;
        for (dx, dy, w) in [
            (0, 0, (1.0 - tx) * (1.0 - ty)),
            (1, 0, tx * (1.0 - ty)),
            (0, 1, (1.0 - tx) * ty),
            (1, 1, tx * ty),
        ] {
            let (x, y) = (x0 as i64 + dx, y0 as i64 + dy);
            if self.fluid(x, y) && w > 0.0 {
                let (r, ux, uy) = self.moments(self.idx(x as usize, y as usize));
                for (s, v) in sum.iter_mut().zip([r, ux, uy]) {
                    *s += w * v as f64;
                }
                wsum += w;
            }
        }
        if wsum > 0.0 {
            sum.map(|s| s / wsum)
        } else {
            [f64::NAN; 3]
        }
    }

    pub fn density_at(&self, p: [f64; 2]) -> f64 {
        self.sample(p)[0]
    }

    pub fn velocity_at(&self, p: [f64; 2]) -> [f64; 2] {
        let s = self.sample(p);
        [s[1], s[2]]
    }

    /// Total mass (sum of densities over fluid cells).
    pub fn mass(&self) -> f64 {
        (0..self.cells())
            .filter(|c| !self.solid[*c])
            .map(|c| self.moments(c).0 as f64)
            .sum()
    }

    /// Cells that take the generic boundary path (for tests).
    pub fn special_count(&self) -> usize {
        self.specials.len()
    }

    pub fn uses_avx2(&self) -> bool {
        self.avx2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relax(tau: f32) -> Relax {
        Relax::new(tau, 0.0)
    }

    /// A cylinder of radius 6 at `centre` and a jet of velocity `u` from the left edge's `rows`.
    fn jet_at_a_cylinder(l: &mut Lattice, centre: [f64; 2], rows: Range<usize>, u: [f32; 2]) {
        l.set_shapes(vec![Shape::Circle {
            x: centre[0],
            y: centre[1],
            r: 6.0,
        }]);
        for y in rows {
            l.inlet[y] = Some(u);
        }
    }

    #[test]
    fn lattice_constants_are_a_consistent_d2q9() {
        let sum: f32 = W.iter().sum();
        assert!((sum - 1.0).abs() < 1e-6);
        for i in 0..Q {
            assert_eq!(CX[OPP[i]], -CX[i]);
            assert_eq!(CY[OPP[i]], -CY[i]);
            assert_eq!(CX[MIRROR_Y[i]], CX[i]);
            assert_eq!(CY[MIRROR_Y[i]], -CY[i]);
        }
        // Second moment of the weights is c_s² = 1/3.
        let cs2: f32 = (0..Q).map(|i| W[i] * (CX[i] * CX[i]) as f32).sum();
        assert!((cs2 - 1.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn collision_conserves_mass_and_momentum() {
        let mut f = equilibrium(1.02, 0.05, -0.03);
        f[1] += 0.01;
        f[6] -= 0.004;
        let g = collide(f, Relax::new(0.6, 0.15));
        let m = |f: &[f32; Q]| {
            (
                f.iter().sum::<f32>(),
                (0..Q).map(|i| CX[i] as f32 * f[i]).sum::<f32>(),
                (0..Q).map(|i| CY[i] as f32 * f[i]).sum::<f32>(),
            )
        };
        let (a, b) = (m(&f), m(&g));
        assert!((a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6 && (a.2 - b.2).abs() < 1e-6);
    }

    #[test]
    fn a_closed_box_keeps_its_mass() {
        let mut l = Lattice::new(40, 30, SideWalls::NoSlip, relax(0.7));
        l.set_shapes(vec![Shape::Circle {
            x: 20.0,
            y: 15.0,
            r: 5.3,
        }]);
        // A swirl to move things about; the left edge is a wall at rest, the outlet is the only
        // opening, so give it nothing to do: mass changes only through it.
        l.init(|x, y| {
            let (dx, dy) = (x as f32 - 20.0, y as f32 - 15.0);
            (1.0, -0.02 * dy / 15.0, 0.02 * dx / 20.0)
        });
        let m0 = l.mass();
        for _ in 0..200 {
            l.step();
        }
        let m1 = l.mass();
        assert!((m1 - m0).abs() / m0 < 5e-3, "{m0} → {m1}");
    }

    /// Plane Poiseuille flow: a channel driven by a parabolic inlet keeps the parabola, and the
    /// centre speed is u_max (the analytic solution of the Navier–Stokes equations).
    #[test]
    fn poiseuille_profile_is_kept() {
        let (nx, ny) = (60, 21);
        let umax = 0.05f32;
        let mut l = Lattice::new(nx, ny, SideWalls::NoSlip, relax(0.65));
        let h = ny as f32;
        let prof = |y: usize| {
            let s = y as f32 + 0.5;
            4.0 * umax * s * (h - s) / (h * h)
        };
        for y in 0..ny {
            l.inlet[y] = Some([prof(y), 0.0]);
        }
        l.init(|_, y| (1.0, prof(y), 0.0));
        for _ in 0..3000 {
            l.step();
        }
        // The shape is the parabola to 0.5 %; the centre speed is u_max to 2 % (the density
        // rises towards the inlet with the pressure that drives the flow: u = j/ρ).
        let centre = l.moments(l.idx(nx / 2, ny / 2)).1;
        assert!((centre / umax - 1.0).abs() < 0.02, "{centre}");
        for y in 0..ny {
            let (_, ux, uy) = l.moments(l.idx(nx / 2, y));
            let shape = ux / centre - prof(y) / prof(ny / 2);
            assert!(
                shape.abs() < 0.005 && uy.abs() < 1e-3 * umax,
                "row {y}: {ux} vs {}",
                prof(y)
            );
        }
    }

    #[test]
    fn circle_links_have_exact_wall_distances() {
        let c = Shape::Circle {
            x: 10.0,
            y: 10.0,
            r: 3.5,
        };
        // From (5,10) to (6,10)... the wall at x = 6.5 along y = 10.
        assert_eq!(c.hit([6.0, 10.0], [7.0, 10.0]), Some(0.5));
        assert!(c.hit([0.0, 0.0], [1.0, 0.0]).is_none());
        let r = Shape::Rect {
            x0: 4.5,
            y0: 4.5,
            x1: 8.5,
            y1: 8.5,
        };
        let t = r.hit([3.0, 6.0], [5.0, 6.0]).unwrap();
        assert!((t - 0.75).abs() < 1e-12);
    }

    #[test]
    fn threads_give_the_same_bits_as_one() {
        let run = |threads: usize| {
            let mut l = Lattice::new(64, 33, SideWalls::Open, Relax::new(0.52, 0.15));
            l.threads = threads;
            jet_at_a_cylinder(&mut l, [24.0, 16.0], 12..20, [0.1, 0.0]);
            // 40 single steps, then 61 at once (odd: the buffers end swapped).
            for _ in 0..40 {
                l.step();
            }
            l.run(61);
            (l.f.clone(), l.force)
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
    }

    #[test]
    fn the_vectorised_open_edge_rows_agree_with_the_generic_rule() {
        let run = |fast: bool| {
            let mut l = Lattice::new(80, 40, SideWalls::Open, Relax::new(0.53, 0.15));
            l.fast_edges = fast;
            jet_at_a_cylinder(&mut l, [30.0, 20.0], 14..26, [0.08, 0.01]);
            l.run(400);
            let (mut ux, mut uy) = (vec![0.0; l.cells()], vec![0.0; l.cells()]);
            l.velocity(&mut ux, &mut uy);
            (ux, uy, l.special_count())
        };
        let (a, b) = (run(true), run(false));
        // 2 × 78 edge cells leave the special list.
        assert_eq!(b.2 - a.2, 2 * 78);
        let diff = |p: &[f32], q: &[f32]| {
            p.iter()
                .zip(q)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0f32, f32::max)
        };
        // The same scheme, summed in another order: equal to rounding.
        assert!(diff(&a.0, &b.0) < 1e-5 && diff(&a.1, &b.1) < 1e-5);
        assert!(a.0.iter().any(|u| u.abs() > 0.01), "the jet moved the air");
    }

    #[test]
    fn nothing_blows_up_at_the_limits() {
        // The stiffest setting an input can reach: lowest viscosity, jet at the lattice limit,
        // Smagorinsky on. It stays finite and under the limiter.
        let mut l = Lattice::new(96, 48, SideWalls::FreeSlip, Relax::new(0.5005, 0.1));
        l.set_shapes(vec![Shape::Rect {
            x0: 30.0,
            y0: 16.0,
            x1: 42.0,
            y1: 32.0,
        }]);
        for y in 18..30 {
            l.inlet[y] = Some([0.3, 0.1]);
        }
        l.run(2000);
        let (mut ux, mut uy) = (vec![0.0; l.cells()], vec![0.0; l.cells()]);
        let m = l.velocity(&mut ux, &mut uy);
        assert!(m.is_finite() && m < 0.6, "{m}");
    }
}
