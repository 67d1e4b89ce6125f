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
//!   over contiguous slices that the compiler vectorises; on x86-64 an AVX2 and an AVX-512
//!   copy of it are chosen at run time. For grids too large for the caches a lattice can
//!   stream in place instead (`lattice/in_place.rs`, the AA pattern: one buffer, each line
//!   written where it was just read; the same bits), and keep its populations in 16 bits
//!   (`storage/`: half the bytes a cell update, at a stated cost in accuracy); every exhibit's
//!   grid sits in cache and keeps two buffers of f32.
//! - Everything that is not plain interior (the domain's edges, fluid cells next to an
//!   obstacle, the obstacle's own cells) is a short list of "special" cells with a rule per
//!   direction, precomputed when the geometry changes and applied after the interior pass;
//!   a top or bottom edge row with no obstacle near it takes its walls' rule in a vectorised
//!   row of its own instead.
//! - Obstacles: interpolated bounce-back (Bouzidi, Firdaouss & Lallemand 2001, Phys. Fluids
//!   13:3452) with the exact wall distance of each link, so a round bottle is round and not a
//!   staircase; the force on them by momentum exchange (Ladd 1994, J. Fluid Mech. 271:285).
//! - Left edge: a wall with a velocity profile (bounce-back with the wall's momentum, Ladd
//!   1994), which is both the channel inlet and the nozzle; rows without a velocity are open.
//!   Right edge: open at the reference pressure (anti-bounce-back). Top and bottom: no-slip or
//!   free-slip walls, or open.
//! - A velocity limiter keeps |u| ≤ [`U_LIMIT`] in the collision; nothing an input can set
//!   makes the scheme diverge, and [`Lattice::velocity`] (the largest speed, NaN where a cell
//!   is not finite) lets the caller detect and recover from anything that still does.

/// `$run::<…, COLLIDES, LAMINAR>(args)` for the form of the collision `$p` ([`Relax`])
/// takes: none ([`Relax::none`]), the laminar one, or the general one. The loops take the form
/// as const parameters: with the collision passed in as a closure a loop was not vectorised
/// (24 MLUPS).
macro_rules! by_form {
    ($p:expr, $run:ident $(::<$($t:ty),*>)? ($($arg:expr),*)) => {
        if !$p.collides {
            $run::<$($($t,)*)? false, true>($($arg),*)
        } else if $p.laminar() {
            $run::<$($($t,)*)? true, true>($($arg),*)
        } else {
            $run::<$($($t,)*)? true, false>($($arg),*)
        }
    };
}

mod kernels;
mod lanes;
mod lattice;
mod shape;
pub mod smoke;
mod storage;
#[cfg(test)]
mod tests;

use crate::model::simd::Kernel;
use lanes::Real;
pub use lattice::{Lattice, MovingBody, default_threads, set_default_threads, threads_for};
pub use shape::{Shape, rasterise};
pub use storage::{F16s, Storage, bytes_per_cell_update};

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
/// Arithmetic operations of one cell update as [`collide_as`] writes them (each addition,
/// subtraction, multiplication, division and square root one; the velocity limiter's four
/// comparisons and what the compiler folds or hoists out of the loop not counted), without and
/// with the eddy viscosity. Counted by hand: the moments 33 (opposite directions' sums and
/// differences 8, ρ 4 with the diagonals' sum, the momentum 4, 1/ρ 1, u 2, u·u 3, Π_neq 11),
/// the relaxation time 14 with the eddy viscosity (|Π| 7, 2τ 5, 1 − 2/(2τ) 2) and 0 without,
/// the equilibrium's and projection's terms 22 (1 − 1.5u² 3, ρ·w 3, trace and deviators 5,
/// their five weights 11), the nine populations 45 (c·u of the diagonals 2, four pairs of 10,
/// the rest one 3). Divisions and square roots: 1 and 0, 2 and 2.
pub const OPS_PER_CELL_UPDATE: [u32; 2] = [100, 114];

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

/// Relaxation parameters of the collision.
#[derive(Debug, Clone, Copy)]
pub struct Relax {
    pub tau0: f32,
    /// 18·√2·C² of the Smagorinsky model (0 = laminar).
    smag: f32,
    /// Off only in [`Relax::none`].
    collides: bool,
}

impl Relax {
    pub fn new(tau: f32, smagorinsky_constant: f32) -> Self {
        Self {
            tau0: tau,
            smag: 18.0 * std::f32::consts::SQRT_2 * smagorinsky_constant * smagorinsky_constant,
            collides: true,
        }
    }

    /// No collision at all: a step only moves the populations (streaming, the edges' and the
    /// obstacles' rules), with the same loads and stores as a real one. Not a fluid: what the
    /// step costs without its arithmetic, `caravan bench`'s bound of memory as the solver
    /// itself moves it.
    pub fn none() -> Self {
        Self {
            collides: false,
            ..Self::new(1.0, 0.0)
        }
    }

    /// No eddy viscosity: τ is τ₀ everywhere.
    #[inline(always)]
    fn laminar(self) -> bool {
        self.smag == 0.0
    }

    /// [`OPS_PER_CELL_UPDATE`] for this collision (0 for [`Relax::none`]).
    pub fn ops_per_cell_update(self) -> u32 {
        if self.collides {
            OPS_PER_CELL_UPDATE[usize::from(!self.laminar())]
        } else {
            0
        }
    }
}

/// The interior's collision alone over cells already pulled: `src[i]` holds direction `i`'s
/// populations of the cells, `dst` receives theirs after the collision, all of one length, kept
/// as `S` (converted each way, as a step does). For `caravan bench`'s bound of arithmetic
/// (cells that stay in the first-level cache).
pub fn collide_cells<S: Storage>(kernel: Kernel, src: [&[S]; Q], dst: [&mut [S]; Q], p: Relax) {
    let m = dst[0].len();
    assert!(
        src.iter().all(|s| s.len() == m) && dst.iter().all(|d| d.len() == m),
        "nine planes of one length"
    );
    S::collide_run(kernel, src, dst, m, p)
}

/// [`collide_cells`] in place, as streaming in place collides: `planes[i]` holds direction
/// `i`'s populations of the cells and receives the opposite direction's after the collision.
pub fn collide_cells_in_place<S: Storage>(kernel: Kernel, planes: [&mut [S]; Q], p: Relax) {
    let m = planes[0].len();
    assert!(
        planes.iter().all(|d| d.len() == m),
        "nine planes of one length"
    );
    S::collide_swap(kernel, planes, m, p)
}

/// Equilibrium populations for density `rho` and velocity `u`. (Inlined: a moving body sets
/// each of its cells to one every step.)
#[inline]
pub fn equilibrium(rho: f32, ux: f32, uy: f32) -> [f32; Q] {
    let u2 = ux * ux + uy * uy;
    let mut f = [0.0; Q];
    for i in 0..Q {
        let cu = CX[i] as f32 * ux + CY[i] as f32 * uy;
        f[i] = W[i] * rho * (1.0 + 3.0 * cu + 4.5 * cu * cu - 1.5 * u2);
    }
    f
}

/// What an open edge sends in along `c_i`: anti-bounce-back at ρ = 1 (Izquierdo & Fueyo 2008,
/// Phys. Rev. E 78:046707) from `leaving`, the population going out along `c_ī`, and the edge
/// cell's own velocity `u`. One formula for every path that takes it, so that they give the
/// same bits.
#[inline(always)]
fn anti_bounce_back(leaving: f32, i: usize, u: [f32; 2]) -> f32 {
    let cu = CX[i] as f32 * u[0] + CY[i] as f32 * u[1];
    let u2 = u[0] * u[0] + u[1] * u[1];
    -leaving + 2.0 * W[i] * (1.0 + 4.5 * cu * cu - 1.5 * u2)
}

/// What a wall moving at `u` sends back along `c_i`: Ladd's (1994) bounce-back of `leaving`
/// (the population going out along `c_ī`) with the wall's momentum, f_i = f*_ī + 6·w_i·ρ_w·(c_i·u),
/// ρ_w = 1.
#[inline(always)]
fn moving_wall(leaving: f32, i: usize, u: [f32; 2]) -> f32 {
    leaving + wall_momentum(i, u)
}

/// Ladd's moving-wall term 6·w_i·ρ_w·(c_i·u), ρ_w = 1: what a wall moving at `u` adds along
/// `c_i` to what it bounces back.
#[inline(always)]
fn wall_momentum(i: usize, u: [f32; 2]) -> f32 {
    6.0 * W[i] * (CX[i] as f32 * u[0] + CY[i] as f32 * u[1])
}

/// One regularised Smagorinsky collision: one cell's, for tests (the lattice collides its
/// cells, special ones included, by the vector loop of `kernels`).
#[cfg(test)]
fn collide(f: [f32; Q], p: Relax) -> [f32; Q] {
    by_form!(p, collide_or_not::<f32>(f, p))
}

/// The collision in the form `COLLIDES` and `LAMINAR` say, on a cell (or vector of them).
#[inline(always)]
fn collide_or_not<T: Real, const COLLIDES: bool, const LAMINAR: bool>(
    f: [T; Q],
    p: Relax,
) -> [T; Q] {
    if COLLIDES {
        collide_as::<T, LAMINAR>(f, p)
    } else {
        f
    }
}

/// `collide`, straight-line code so that a loop over cells vectorises; `LAMINAR` when the
/// Smagorinsky constant is 0, where τ is τ₀ and its chain of two square roots and a division
/// is left out: 2/(τ₀ + √(τ₀² + 0)) is 1/τ₀ to the bit (√ of a rounded square is the number
/// itself in IEEE arithmetic, and doubling is exact), so both give the same cells.
///
/// Written for a short chain of dependent operations, which is what bounds the loop (it runs
/// at a third of the vector peak): ρ, the momentum and the stress built from opposite
/// directions' sums and differences in trees (9 operations fewer, and ρ 4 deep rather than 8),
/// 2τ rather than τ (one multiplication fewer before the division), and C²/ρ formed while
/// |Π|'s square root is still under way. Its loop on cells in L1 ran 11, 15 and 10 % faster
/// for it (plain, AVX2, AVX-512: 254 → 281, 453 → 522, 662 → 728 MLUPS, means of four, AMD
/// EPYC Zen 5); `simulate vortex_street --ticks 6000` 4 % faster.
#[inline(always)]
fn collide_as<T: Real, const LAMINAR: bool>(f: [T; Q], p: Relax) -> [T; Q] {
    // A constant in every lane (folded when compiled).
    let c = T::splat;
    let [f0, f1, f2, f3, f4, f5, f6, f7, f8] = f;
    // Opposite directions' sums and differences: ρ, the momentum and the stress are all made
    // of them, and a difference of two nearly equal populations is exact, so a slow flow's
    // momentum loses nothing to rounding.
    let (x_sum, y_sum, ne_sum, nw_sum) = (f1 + f3, f2 + f4, f5 + f7, f6 + f8);
    let (x_diff, y_diff, ne_diff, nw_diff) = (f1 - f3, f2 - f4, f5 - f7, f6 - f8);
    let diag = ne_sum + nw_sum;
    let rho = (f0 + (x_sum + y_sum)) + diag;
    let inv = c(1.0) / rho;
    let mut ux = (x_diff + (ne_diff - nw_diff)) * inv;
    let mut uy = (y_diff + (ne_diff + nw_diff)) * inv;
    // The limiter clamps each component: no square root, and it only ever acts on a state
    // that is already far outside what the scheme resolves.
    ux = ux.clamp(-U_LIMIT, U_LIMIT);
    uy = uy.clamp(-U_LIMIT, U_LIMIT);
    let (uxx, uyy, uxy) = (ux * ux, uy * uy, ux * uy);
    // Non-equilibrium momentum flux Π − Π_eq, Π_eq = ρ(c_s² I + u u).
    let pxx = x_sum + diag - rho * (c(1.0 / 3.0) + uxx);
    let pyy = y_sum + diag - rho * (c(1.0 / 3.0) + uyy);
    let pxy = ne_sum - nw_sum - rho * uxy;
    let keep = if LAMINAR {
        c(1.0 - 1.0 / p.tau0)
    } else {
        let pi = (pxx * pxx + pyy * pyy + c(2.0) * pxy * pxy).sqrt();
        let two_tau = c(p.tau0) + (c(p.tau0 * p.tau0) + (c(p.smag) * inv) * pi).sqrt();
        c(1.0) - c(2.0) / two_tau
    };
    let base = c(1.0) - c(1.5) * (uxx + uyy);
    let r0 = rho * c(4.0 / 9.0);
    let r1 = rho * c(1.0 / 9.0);
    let r2 = rho * c(1.0 / 36.0);
    // Regularised non-equilibrium w_i·(9/2)·(c_i c_i − c_s² I):Π_neq, by direction class.
    let (trace, sxx, syy) = (pxx + pyy, c(2.0) * pxx - pyy, c(2.0) * pyy - pxx);
    let n0 = c(-(4.0 / 9.0) * 1.5) * trace;
    let nx = c((1.0 / 9.0) * 1.5) * sxx;
    let ny = c((1.0 / 9.0) * 1.5) * syy;
    let nd = c(1.0 / 36.0) * (c(3.0) * trace + c(9.0) * pxy);
    let na = c(1.0 / 36.0) * (c(3.0) * trace - c(9.0) * pxy);
    // A pair (i, ī) with c_i·u = cu shares the even part of the equilibrium. (A function, not
    // a closure: a closure is not always inlined, and one called from vector code compiled for
    // AVX-512 ran at a tenth of its speed.)
    #[inline(always)]
    fn pair<T: Real>(w: T, cu: T, neq: T, base: T, keep: T) -> (T, T) {
        let even = w * (base + T::splat(4.5) * cu * cu) + keep * neq;
        let odd = w * T::splat(3.0) * cu;
        (even + odd, even - odd)
    }
    let (g1, g3) = pair(r1, ux, nx, base, keep);
    let (g2, g4) = pair(r1, uy, ny, base, keep);
    let (g5, g7) = pair(r2, ux + uy, nd, base, keep);
    let (g6, g8) = pair(r2, uy - ux, na, base, keep);
    let g0 = r0 * base + keep * n0;
    [g0, g1, g2, g3, g4, g5, g6, g7, g8]
}
