//! The conversions by instruction: `vcvtph2ps` / `vcvtps2ph`, round to nearest even. The scale
//! is a multiplication by a power of two (exact), the shift one rounded addition or
//! subtraction, as in the software ones.

use super::super::lanes::Real;
use super::super::lanes::x86::{F32x8, F32x16};
use super::{F16s, Halves, Q, Relax, SCALE, UNSCALE, row, swap, widen_with};
use std::arch::x86_64::*;

/// Round to nearest even (F16C's immediate has room for the mode only).
const NEAREST: i32 = _MM_FROUND_TO_NEAREST_INT;

#[target_feature(enable = "avx512f,avx2,fma,f16c")]
pub(super) fn row_avx512(src: [&[F16s]; Q], dst: [&mut [F16s]; Q], m: usize, p: Relax) {
    row::<Avx512>(src, dst, m, p)
}

#[target_feature(enable = "avx2,fma,f16c")]
pub(super) fn row_f16c(src: [&[F16s]; Q], dst: [&mut [F16s]; Q], m: usize, p: Relax) {
    row::<F16c>(src, dst, m, p)
}

#[target_feature(enable = "avx512f,avx2,fma,f16c")]
pub(super) fn swap_avx512(planes: [&mut [F16s]; Q], m: usize, p: Relax) {
    swap::<Avx512>(planes, m, p)
}

#[target_feature(enable = "avx2,fma,f16c")]
pub(super) fn swap_f16c(planes: [&mut [F16s]; Q], m: usize, p: Relax) {
    swap::<F16c>(planes, m, p)
}

/// Sixteen halves a `vcvtph2ps` / `vcvtps2ph`; only inlined into AVX-512 code.
struct Avx512;

impl Halves for Avx512 {
    type V = F32x16;
    const LANES: usize = 16;

    #[inline(always)]
    fn widen(h: &[F16s], w: f32) -> F32x16 {
        let h = &h[..16];
        // SAFETY: sixteen halves read; reached only from `row_avx512`.
        let v = unsafe { _mm512_cvtph_ps(_mm256_loadu_si256(h.as_ptr().cast())) };
        F32x16(v) * F32x16::splat(UNSCALE) + F32x16::splat(w)
    }

    #[inline(always)]
    fn narrow(v: F32x16, w: f32, out: &mut [F16s]) {
        let out = &mut out[..16];
        let v = (v - F32x16::splat(w)) * F32x16::splat(SCALE);
        // SAFETY: sixteen halves written; as in `widen`.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), _mm512_cvtps_ph::<NEAREST>(v.0)) }
    }
}

/// Eight halves a `vcvtph2ps` / `vcvtps2ph` (F16C); only inlined into AVX2 code.
struct F16c;

impl Halves for F16c {
    type V = F32x8;
    const LANES: usize = 8;

    #[inline(always)]
    fn widen(h: &[F16s], w: f32) -> F32x8 {
        let h = &h[..8];
        // SAFETY: eight halves read; reached only from `row_f16c`.
        let v = unsafe { _mm256_cvtph_ps(_mm_loadu_si128(h.as_ptr().cast())) };
        F32x8(v) * F32x8::splat(UNSCALE) + F32x8::splat(w)
    }

    #[inline(always)]
    fn narrow(v: F32x8, w: f32, out: &mut [F16s]) {
        let out = &mut out[..8];
        let v = (v - F32x8::splat(w)) * F32x8::splat(SCALE);
        // SAFETY: eight halves written; as in `widen`.
        unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), _mm256_cvtps_ph::<NEAREST>(v.0)) }
    }
}

#[target_feature(enable = "avx512f,f16c")]
pub(super) fn widen_avx512(src: &[F16s], dst: &mut [f32], w: f32) {
    widen_with::<Avx512>(src, dst, w)
}

#[target_feature(enable = "avx2,f16c")]
pub(super) fn widen_f16c(src: &[F16s], dst: &mut [f32], w: f32) {
    widen_with::<F16c>(src, dst, w)
}

#[cfg(test)]
#[target_feature(enable = "avx512f,f16c")]
pub(super) fn narrow_avx512(src: &[f32], dst: &mut [F16s], w: f32) {
    super::narrow_with::<Avx512>(src, dst, w)
}

#[cfg(test)]
#[target_feature(enable = "avx2,f16c")]
pub(super) fn narrow_f16c(src: &[f32], dst: &mut [F16s], w: f32) {
    super::narrow_with::<F16c>(src, dst, w)
}
