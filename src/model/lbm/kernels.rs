//! The lattice's straight-line loops: the interior and the top and bottom edge rows (pull,
//! collide, write), the velocity field, a cell's moments; each hot one compiled for the CPU's
//! widest vectors too ([`Kernel`]), chosen at run time.

use super::{CX, CY, MIRROR_Y, OPP, Q, Relax, SideWalls, anti_bounce_back, collide_as};
use crate::model::simd::Kernel;
use std::ops::Range;

/// The same rows of the nine planes of a population buffer (planes `n` cells apart): all one
/// worker writes in a step's parallel phase.
pub(super) struct Rows<'a> {
    planes: [&'a mut [f32]; Q],
    /// The cell index of each slice's first cell.
    first: usize,
}

impl<'a> Rows<'a> {
    /// Cells `first .. first + len` of each plane of the buffer at `buf`.
    ///
    /// # Safety
    /// `buf` holds nine planes of `n` cells, `first + len ≤ n`, and nothing else reads or
    /// writes those cells while the result lives.
    pub(super) unsafe fn of_raw(buf: *mut f32, n: usize, first: usize, len: usize) -> Self {
        Rows {
            // SAFETY: in bounds and not aliased, as the caller promises.
            planes: std::array::from_fn(|i| unsafe {
                std::slice::from_raw_parts_mut(buf.add(i * n + first), len)
            }),
            first,
        }
    }

    /// Cell `c`'s populations.
    #[inline(always)]
    pub(super) fn cell(&self, c: usize) -> [f32; Q] {
        std::array::from_fn(|i| self.planes[i][c - self.first])
    }

    #[inline(always)]
    pub(super) fn set(&mut self, i: usize, c: usize, v: f32) {
        self.planes[i][c - self.first] = v;
    }

    /// Cells `c .. c + m` of each plane.
    #[inline(always)]
    fn run(&mut self, c: usize, m: usize) -> [&mut [f32]; Q] {
        let mut it = self
            .planes
            .iter_mut()
            .map(|d| &mut d[c - self.first..][..m]);
        std::array::from_fn(|_| it.next().expect("nine planes"))
    }
}

/// Pulls, collides and writes `m` contiguous interior cells. `src[i]` starts at the cell the
/// first one pulls direction `i` from; `dst[i]` at the first cell itself.
#[inline(always)]
fn row_kernel(src: [&[f32]; Q], dst: [&mut [f32]; Q], m: usize, p: Relax) {
    if !p.collides {
        cells::<false, true>(src, dst, m, p)
    } else if p.laminar() {
        cells::<true, true>(src, dst, m, p)
    } else {
        cells::<true, false>(src, dst, m, p)
    }
}

/// The loop of [`row_kernel`], one for each form of the collision, or none. (Const parameters:
/// with the collision passed in as a closure the loop was not vectorised, 24 MLUPS.)
#[inline(always)]
fn cells<const COLLIDES: bool, const LAMINAR: bool>(
    src: [&[f32]; Q],
    dst: [&mut [f32]; Q],
    m: usize,
    p: Relax,
) {
    let [s0, s1, s2, s3, s4, s5, s6, s7, s8] = src.map(|s| &s[..m]);
    let [d0, d1, d2, d3, d4, d5, d6, d7, d8] = dst.map(|d| &mut d[..m]);
    for k in 0..m {
        let f = [
            s0[k], s1[k], s2[k], s3[k], s4[k], s5[k], s6[k], s7[k], s8[k],
        ];
        let g = if COLLIDES {
            collide_as::<LAMINAR>(f, p)
        } else {
            f
        };
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

/// Row `y` (0 or ny − 1, cells 1 … nx − 2) of the top or bottom edge, `walls` its kind: the
/// directions that come from outside the grid get what the special-cell rules would give them
/// — anti-bounce-back at ρ = 1 with the cell's own velocity where the edge is open, the cell's
/// own opposite population at a no-slip wall, the mirrored one from the cell beside it at a
/// free-slip wall — the others stream; then the collision, by the interior's own row loop.
/// (One loop doing both stayed scalar, the compiler unable to prove its indices in bounds:
/// 45–50 ns a cell; this way 15.)
#[inline(always)]
fn edge_row_kernel(
    src: &[f32],
    dst: &mut Rows,
    nx: usize,
    n: usize,
    y: usize,
    walls: SideWalls,
    p: Relax,
) {
    // Which directions come in from outside, known when compiled.
    if y == 0 {
        edge_row_of::<true>(src, dst, nx, n, y, walls, p)
    } else {
        edge_row_of::<false>(src, dst, nx, n, y, walls, p)
    }
}

#[inline(always)]
fn edge_row_of<const BOTTOM: bool>(
    src: &[f32],
    dst: &mut Rows,
    nx: usize,
    n: usize,
    y: usize,
    walls: SideWalls,
    p: Relax,
) {
    let m = nx - 2;
    // The directions that come from outside: at the bottom row those with cy = +1, at the top
    // those with cy = −1.
    let inward: [usize; 3] = if BOTTOM { [2, 5, 6] } else { [4, 7, 8] };
    // Plane `i` from the cell (x − cx, y − cy) on, for the row's cells x = 1 … nx − 2.
    let from = |i: usize, cx: i32, cy: i32| {
        let start = i * n + (y as i64 - cy as i64) as usize * nx + (1 - cx) as usize;
        &src[start..start + m]
    };
    // An open edge's inward populations for the whole row first (their own loop, which
    // vectorises); then the row as the interior's is, pulling those three from there.
    let mut from_outside = Vec::new();
    if walls == SideWalls::Open {
        from_outside = vec![0.0f32; 3 * m];
        let [o0, o1, o2, o3, o4, o5, o6, o7, o8]: [&[f32]; Q] =
            std::array::from_fn(|i| from(i, 0, 0));
        let (a, rest) = from_outside.split_at_mut(m);
        let (b, c) = rest.split_at_mut(m);
        let (a, b, c) = (&mut a[..m], &mut b[..m], &mut c[..m]);
        for k in 0..m {
            let f = [
                o0[k], o1[k], o2[k], o3[k], o4[k], o5[k], o6[k], o7[k], o8[k],
            ];
            let rho = f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7] + f[8];
            let ux = (f[1] - f[3] + f[5] - f[6] - f[7] + f[8]) / rho;
            let uy = (f[2] - f[4] + f[5] + f[6] - f[7] - f[8]) / rho;
            let anti = |i: usize| anti_bounce_back(f[OPP[i]], i, [ux, uy]);
            a[k] = anti(inward[0]);
            b[k] = anti(inward[1]);
            c[k] = anti(inward[2]);
        }
    }
    let pulled: [&[f32]; Q] = std::array::from_fn(|i| match inward.iter().position(|d| *d == i) {
        None => from(i, CX[i], CY[i]),
        Some(j) => match walls {
            SideWalls::Open => &from_outside[j * m..(j + 1) * m],
            SideWalls::NoSlip => from(OPP[i], 0, 0),
            SideWalls::FreeSlip => from(MIRROR_Y[i], CX[i], 0),
        },
    });
    row_kernel(pulled, dst.run(y * nx + 1, m), m, p);
}

crate::simd_kernel!(
    pub(super) fn edge_row(
        src: &[f32],
        dst: &mut Rows,
        nx: usize,
        n: usize,
        y: usize,
        walls: SideWalls,
        p: Relax,
    ) = edge_row_kernel
);

crate::simd_kernel!(
    pub(super) fn row(src: [&[f32]; Q], dst: [&mut [f32]; Q], m: usize, p: Relax) = row_kernel
);

/// The interior rows `rows` (1 ≤ y < ny − 1) of one step, as one run of cells from the first
/// row's x = 1 to the last row's x = nx − 2: the edge cells between one row and the next are
/// pulled and collided too (from the cells beside them in memory, finite), and written over
/// by the boundary pass after, as every edge cell is a special one. One run has one scalar
/// tail, where a row each had theirs: up to 15 cells of 254, a quarter of the row's time
/// (measured with `perf`, Intel Xeon, AVX-512).
pub(super) fn interior_band(
    src: &[f32],
    dst: &mut Rows,
    nx: usize,
    n: usize,
    rows: Range<usize>,
    p: Relax,
    kernel: Kernel,
) {
    if rows.is_empty() {
        return;
    }
    let first = rows.start * nx + 1;
    let m = rows.len() * nx - 2;
    let src_run: [&[f32]; Q] = std::array::from_fn(|i| {
        let from = first as i64 - CX[i] as i64 - CY[i] as i64 * nx as i64;
        let start = i * n + from as usize;
        &src[start..start + m]
    });
    row(kernel, src_run, dst.run(first, m), m, p);
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

crate::simd_kernel!(
    pub(super) fn velocity(f: &[f32], fluid: &[f32], ux: &mut [f32], uy: &mut [f32]) -> f32 = velocity_kernel
);

/// Density and velocity of cell `c` of a buffer whose planes are `n` cells apart.
pub(super) fn moments_of(f: &[f32], n: usize, c: usize) -> (f32, f32, f32) {
    moments(std::array::from_fn(|i| f[i * n + c]))
}

/// Density and velocity of a cell's populations.
pub(super) fn moments(f: [f32; Q]) -> (f32, f32, f32) {
    let rho: f32 = f.iter().sum();
    let jx: f32 = (0..Q).map(|i| CX[i] as f32 * f[i]).sum();
    let jy: f32 = (0..Q).map(|i| CY[i] as f32 * f[i]).sum();
    (rho, jx / rho, jy / rho)
}
