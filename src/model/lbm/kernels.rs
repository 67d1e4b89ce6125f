//! The lattice's straight-line loops over f32 planes: a run of cells' collision (pulled
//! already), the velocity field, a cell's moments; each hot one compiled for the CPU's widest
//! vectors too ([`Kernel`](crate::model::simd::Kernel)), chosen at run time. The passes that
//! pull and write the lattice's own planes are in `lattice/rows.rs`.

use super::{CX, CY, Q, Relax, collide_or_not};

/// Pulls, collides and writes `m` contiguous interior cells. `src[i]` starts at the cell the
/// first one pulls direction `i` from; `dst[i]` at the first cell itself.
#[inline(always)]
fn row_kernel(src: [&[f32]; Q], dst: [&mut [f32]; Q], m: usize, p: Relax) {
    by_form!(p, cells(src, dst, m, p))
}

/// The loop of [`row_kernel`], one for each form of the collision, or none.
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
        let g = collide_or_not::<f32, COLLIDES, LAMINAR>(f, p);
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

crate::simd_kernel!(
    pub(super) fn row(src: [&[f32]; Q], dst: [&mut [f32]; Q], m: usize, p: Relax) = row_kernel
);

/// Collides `m` cells in place, as streaming in place (the AA pattern) keeps them: cell `k`'s
/// direction `d` arrives in `planes[d][k]`, and its population in the opposite direction
/// after the collision leaves from the same place. Each cell reads and writes only its own
/// nine places, so the nine slices are all a run needs.
#[inline(always)]
fn swap_kernel(planes: [&mut [f32]; Q], m: usize, p: Relax) {
    by_form!(p, swap_cells(planes, m, p))
}

/// The loop of [`swap_kernel`], one for each form of the collision, or none.
#[inline(always)]
fn swap_cells<const COLLIDES: bool, const LAMINAR: bool>(
    planes: [&mut [f32]; Q],
    m: usize,
    p: Relax,
) {
    let [p0, p1, p2, p3, p4, p5, p6, p7, p8] = planes.map(|d| &mut d[..m]);
    for k in 0..m {
        let f = [
            p0[k], p1[k], p2[k], p3[k], p4[k], p5[k], p6[k], p7[k], p8[k],
        ];
        let g = collide_or_not::<f32, COLLIDES, LAMINAR>(f, p);
        // Each place gets the opposite direction's population (`OPP`).
        p0[k] = g[0];
        p1[k] = g[3];
        p2[k] = g[4];
        p3[k] = g[1];
        p4[k] = g[2];
        p5[k] = g[7];
        p6[k] = g[8];
        p7[k] = g[5];
        p8[k] = g[6];
    }
}

crate::simd_kernel!(
    pub(super) fn swap_row(planes: [&mut [f32]; Q], m: usize, p: Relax) = swap_kernel
);

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

/// Density and velocity of a cell's populations.
pub(super) fn moments(f: [f32; Q]) -> (f32, f32, f32) {
    let rho: f32 = f.iter().sum();
    let jx: f32 = (0..Q).map(|i| CX[i] as f32 * f[i]).sum();
    let jy: f32 = (0..Q).map(|i| CY[i] as f32 * f[i]).sum();
    (rho, jx / rho, jy / rho)
}
