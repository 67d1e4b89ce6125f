//! Smoke carried by the air: a concentration per cell, moved each tick along the lattice's
//! velocity field (semi-Lagrangian), fading as it spreads. What the visitor sees the air do.

use crate::model::simd::Kernel;

/// One tick of smoke: `dst` is `src` traced back along the velocity `u` (lattice units) over
/// `steps` lattice steps, faded by `fade` and zero in solids (`fluid` 0). Bilinear; the
/// back-traced point is clamped just inside the grid (a NaN velocity traces back to the
/// grid's edge), so the four samples need no further checks.
///
/// With AVX-512 sixteen cells at a time, their four samples gathered: the compiler leaves
/// this loop scalar by itself (its cost model takes gathers as slow on a CPU it does not
/// know), and the smoke was 9 % of a museum's open hour. The same operations in the same
/// order: the same bits (a test holds the two to it).
pub fn advect(
    kernel: Kernel,
    src: &[f32],
    dst: &mut [f32],
    u: [&[f32]; 2],
    fluid: &[f32],
    nx: usize,
    steps: f32,
    fade: f32,
) {
    let ny = src.len().checked_div(nx).unwrap_or(0);
    if nx < 2 || ny < 2 {
        return;
    }
    let n = nx * ny;
    let f = Field {
        src: &src[..n],
        ux: &u[0][..n],
        uy: &u[1][..n],
        fluid: &fluid[..n],
        nx,
        ny,
        steps,
        fade,
    };
    let dst = &mut dst[..n];
    #[cfg(target_arch = "x86_64")]
    if kernel.isa() == crate::model::simd::Isa::Avx512 && n <= i32::MAX as usize {
        // SAFETY: a `Kernel` names only instructions the CPU reported.
        unsafe { avx512::advect(&f, dst) };
        return;
    }
    let _ = kernel;
    for y in 0..ny {
        for x in 0..nx {
            dst[y * nx + x] = f.cell(x, y);
        }
    }
}

/// What [`advect`] reads, cut to the grid's `nx × ny` cells.
struct Field<'a> {
    src: &'a [f32],
    ux: &'a [f32],
    uy: &'a [f32],
    fluid: &'a [f32],
    nx: usize,
    ny: usize,
    steps: f32,
    fade: f32,
}

impl Field<'_> {
    /// The largest back-traced x and y: just short of the last column and row, so that a
    /// sample's right and lower neighbours are in the grid.
    #[inline(always)]
    fn limits(&self) -> (f32, f32) {
        (self.nx as f32 - 1.001, self.ny as f32 - 1.001)
    }

    /// The smoke that reaches (x, y) this tick. A NaN back-traced coordinate is taken to 0:
    /// `max` returns its other operand for a NaN, as AVX-512's does.
    #[inline(always)]
    fn cell(&self, x: usize, y: usize) -> f32 {
        let (xmax, ymax) = self.limits();
        let c = y * self.nx + x;
        let sx = (x as f32 - self.ux[c] * self.steps).max(0.0).min(xmax);
        let sy = (y as f32 - self.uy[c] * self.steps).max(0.0).min(ymax);
        // Non-negative and finite: `as` truncates, as the vector conversion does.
        let (x0, y0) = (sx as usize, sy as usize);
        let (tx, ty) = (sx - x0 as f32, sy - y0 as f32);
        let i = y0 * self.nx + x0;
        // One check for the four samples (x0 ≤ nx − 2, y0 ≤ ny − 2 by the limits).
        let w = &self.src[i..i + self.nx + 2];
        let a = w[0] + (w[1] - w[0]) * tx;
        let b = w[self.nx] + (w[self.nx + 1] - w[self.nx]) * tx;
        (a + (b - a) * ty) * self.fade * self.fluid[c]
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::Field;
    use std::arch::x86_64::*;

    /// [`Field::cell`] for every cell, sixteen of a row at a time (the row's last few one by
    /// one).
    ///
    /// # Safety
    /// The CPU has AVX-512F; the grid has fewer than 2³¹ cells; `dst` has as many as `f`.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn advect(f: &Field, dst: &mut [f32]) {
        let (nx, ny) = (f.nx, f.ny);
        assert!(dst.len() == nx * ny && f.src.len() == nx * ny);
        let (xmax, ymax) = f.limits();
        let lanes = _mm512_setr_ps(
            0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0,
        );
        let (zero, steps, fade) = (
            _mm512_setzero_ps(),
            _mm512_set1_ps(f.steps),
            _mm512_set1_ps(f.fade),
        );
        let (xmax, ymax) = (_mm512_set1_ps(xmax), _mm512_set1_ps(ymax));
        let (width, one) = (_mm512_set1_epi32(nx as i32), _mm512_set1_epi32(1));
        let src = f.src.as_ptr();
        for y in 0..ny {
            let ys = _mm512_set1_ps(y as f32);
            let mut x = 0;
            while x + 16 <= nx {
                let c = y * nx + x;
                // SAFETY: c + 16 ≤ (y + 1)·nx ≤ the length of every array read and written.
                unsafe {
                    let ux = _mm512_loadu_ps(f.ux.as_ptr().add(c));
                    let uy = _mm512_loadu_ps(f.uy.as_ptr().add(c));
                    let xs = _mm512_add_ps(_mm512_set1_ps(x as f32), lanes);
                    let sx = _mm512_sub_ps(xs, _mm512_mul_ps(ux, steps));
                    let sy = _mm512_sub_ps(ys, _mm512_mul_ps(uy, steps));
                    let sx = _mm512_min_ps(_mm512_max_ps(sx, zero), xmax);
                    let sy = _mm512_min_ps(_mm512_max_ps(sy, zero), ymax);
                    let (x0, y0) = (_mm512_cvttps_epi32(sx), _mm512_cvttps_epi32(sy));
                    let tx = _mm512_sub_ps(sx, _mm512_cvtepi32_ps(x0));
                    let ty = _mm512_sub_ps(sy, _mm512_cvtepi32_ps(y0));
                    // Every index is at most (ny − 2)·nx + nx − 2 + nx + 1 < nx·ny.
                    let i = _mm512_add_epi32(_mm512_mullo_epi32(y0, width), x0);
                    let below = _mm512_add_epi32(i, width);
                    let w00 = _mm512_i32gather_ps::<4>(i, src);
                    let w01 = _mm512_i32gather_ps::<4>(_mm512_add_epi32(i, one), src);
                    let w10 = _mm512_i32gather_ps::<4>(below, src);
                    let w11 = _mm512_i32gather_ps::<4>(_mm512_add_epi32(below, one), src);
                    let a = _mm512_add_ps(w00, _mm512_mul_ps(_mm512_sub_ps(w01, w00), tx));
                    let b = _mm512_add_ps(w10, _mm512_mul_ps(_mm512_sub_ps(w11, w10), tx));
                    let v = _mm512_add_ps(a, _mm512_mul_ps(_mm512_sub_ps(b, a), ty));
                    let fl = _mm512_loadu_ps(f.fluid.as_ptr().add(c));
                    let v = _mm512_mul_ps(_mm512_mul_ps(v, fade), fl);
                    _mm512_storeu_ps(dst.as_mut_ptr().add(c), v);
                }
                x += 16;
            }
            for x in x..nx {
                dst[y * nx + x] = f.cell(x, y);
            }
        }
    }
}
