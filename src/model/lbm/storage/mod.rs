//! How a lattice keeps its populations between steps: as `f32` (every exhibit: their grids sit
//! in cache, where arithmetic binds), or in 16 bits ([`F16s`]) where memory binds — half the
//! bytes a cell update moves, at a stated cost in precision.
//!
//! [`F16s`] is FluidX3D's "FP16S" (Lehmann, Krause, Amati, Sega, Harting & Gekle 2022, Phys.
//! Rev. E 106:015308): each population is stored as its departure from the rest state,
//! f_i − w_i, scaled by 2¹⁵ into an IEEE half (11 significant bits; ±2 at most after the
//! scale), and the collision still works in f32. Stored that way the populations of a slow
//! flow keep about three and a half significant digits of what moves it, where f_i itself
//! would keep them of the constant w_i. The paper finds it as accurate as f32 for most flows
//! (their Poiseuille, Taylor–Green, Kármán street checks). Here Poiseuille flow and a closed
//! box's mass hold to f32's tolerances (tests), and `caravan bench` runs the Schäfer–Turek
//! cylinder with it beside f32: drag, pressure drop, recirculation and Strouhal number agree
//! with f32's, the lift does not (it jitters in 16 bits; the README's numbers), so `verify`
//! and the exhibits keep f32.
//!
//! The conversions are exact IEEE ones (round to nearest, ties to even): one instruction for
//! sixteen values with AVX-512, eight with F16C (every AVX2 CPU has it), and a software one in
//! the plain kernel that gives the same bits (a test holds them to each other).

use super::lanes::Real;
use super::{OPP, Q, Relax, W, collide_or_not, kernels};
use crate::model::simd::{Isa, Kernel};
use half::{f32_to_half, half_to_f32};
use std::borrow::Cow;

/// A population as the lattice keeps it. The collision and every boundary rule work in f32:
/// [`Storage::load`] and [`Storage::store`] convert direction `i`'s value each way.
pub trait Storage: Copy + Default + PartialEq + std::fmt::Debug + Send + Sync + 'static {
    /// Direction `i`'s population.
    fn load(self, i: usize) -> f32;

    /// Direction `i`'s population `v` as kept.
    fn store(v: f32, i: usize) -> Self;

    /// Collides `m` cells already pulled: `src[i]` holds direction `i`'s populations as they
    /// arrived, `dst[i]` gets them after the collision.
    fn collide_run(kernel: Kernel, src: [&[Self]; Q], dst: [&mut [Self]; Q], m: usize, p: Relax);

    /// Collides `m` cells in place (streaming in place, the AA pattern): `planes[d]` holds
    /// direction `d`'s populations as they arrived and gets the opposite direction's after the
    /// collision.
    fn collide_swap(kernel: Kernel, planes: [&mut [Self]; Q], m: usize, p: Relax);

    /// Nine planes of `n` cells as f32 (borrowed where they are f32 already).
    fn planes_f32(kernel: Kernel, f: &[Self], n: usize) -> Cow<'_, [f32]>;
}

/// Bytes one cell update moves to and from memory with storage `S`: nine reads and nine
/// writes.
pub const fn bytes_per_cell_update<S: Storage>() -> f64 {
    (2 * Q * std::mem::size_of::<S>()) as f64
}

impl Storage for f32 {
    #[inline(always)]
    fn load(self, _: usize) -> f32 {
        self
    }

    #[inline(always)]
    fn store(v: f32, _: usize) -> f32 {
        v
    }

    #[inline(always)]
    fn collide_run(kernel: Kernel, src: [&[f32]; Q], dst: [&mut [f32]; Q], m: usize, p: Relax) {
        kernels::row(kernel, src, dst, m, p)
    }

    #[inline(always)]
    fn collide_swap(kernel: Kernel, planes: [&mut [f32]; Q], m: usize, p: Relax) {
        kernels::swap_row(kernel, planes, m, p)
    }

    fn planes_f32(_: Kernel, f: &[f32], _: usize) -> Cow<'_, [f32]> {
        Cow::Borrowed(f)
    }
}

/// A population in 16 bits: (f_i − w_i)·2¹⁵ as an IEEE half (the bits; Rust has no stable
/// `f16`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(transparent)]
pub struct F16s(pub u16);

/// 2¹⁵ and its inverse: the scale (exact in both directions).
const SCALE: f32 = 32768.0;
const UNSCALE: f32 = 1.0 / 32768.0;

impl Storage for F16s {
    #[inline(always)]
    fn load(self, i: usize) -> f32 {
        half_to_f32(self.0) * UNSCALE + W[i]
    }

    #[inline(always)]
    fn store(v: f32, i: usize) -> F16s {
        F16s(f32_to_half((v - W[i]) * SCALE))
    }

    /// Sixteen cells at a time: their nine directions widened into f32 vectors, collided,
    /// narrowed back, in registers (a first version that widened 256 cells into an f32 block,
    /// collided the block with the f32 loop and narrowed it ran at half the f32 loop's speed
    /// in L1: three passes over the block, and the conversions' stores).
    fn collide_run(kernel: Kernel, src: [&[F16s]; Q], dst: [&mut [F16s]; Q], m: usize, p: Relax) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Kernel` names only instructions the CPU reported (F16C with AVX2: see
        // `Kernel::best`).
        match kernel.isa() {
            Isa::Avx512 => return unsafe { x86::row_avx512(src, dst, m, p) },
            Isa::Avx2 => return unsafe { x86::row_f16c(src, dst, m, p) },
            Isa::Plain => {}
        }
        let _ = kernel;
        row::<Software>(src, dst, m, p)
    }

    fn collide_swap(kernel: Kernel, planes: [&mut [F16s]; Q], m: usize, p: Relax) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as in `collide_run`.
        match kernel.isa() {
            Isa::Avx512 => return unsafe { x86::swap_avx512(planes, m, p) },
            Isa::Avx2 => return unsafe { x86::swap_f16c(planes, m, p) },
            Isa::Plain => {}
        }
        let _ = kernel;
        swap::<Software>(planes, m, p)
    }

    fn planes_f32(kernel: Kernel, f: &[F16s], n: usize) -> Cow<'_, [f32]> {
        let mut out = vec![0.0f32; Q * n];
        for (i, (plane, to)) in f.chunks_exact(n).zip(out.chunks_exact_mut(n)).enumerate() {
            widen(kernel, plane, to, W[i]);
        }
        Cow::Owned(out)
    }
}

/// A vector of f32 ([`Real`]) and the conversions of as many halves to it and back, with the
/// scale and direction weight `w`'s shift, by one instruction set.
trait Halves {
    type V: Real;
    const LANES: usize;
    /// The first `LANES` of `h`.
    fn widen(h: &[F16s], w: f32) -> Self::V;
    /// Into the first `LANES` of `out`.
    fn narrow(v: Self::V, w: f32, out: &mut [F16s]);
}

/// The conversions in software, one cell at a time (the plain kernel's).
struct Software;

impl Halves for Software {
    type V = f32;
    const LANES: usize = 1;

    #[inline(always)]
    fn widen(h: &[F16s], w: f32) -> f32 {
        half_to_f32(h[0].0) * UNSCALE + w
    }

    #[inline(always)]
    fn narrow(v: f32, w: f32, out: &mut [F16s]) {
        out[0] = F16s(f32_to_half((v - w) * SCALE));
    }
}

/// The widest vector of [`Halves`].
const MAX_LANES: usize = 16;

/// `[e(0), e(1), …, e(8)]` for `nine!(i => e(i))`, written out. A closure in the loops below
/// (`array::from_fn`'s) is a function of its own, compiled without the AVX-512 of the loop it
/// sits in unless the compiler inlines it, and once it did not: the 16-bit lattice ran at
/// 156 MLUPS where it runs at 440 (`caravan bench`, AMD EPYC), each widening a call.
macro_rules! nine {
    ($i:ident => $e:expr) => {
        [
            {
                let $i = 0;
                $e
            },
            {
                let $i = 1;
                $e
            },
            {
                let $i = 2;
                $e
            },
            {
                let $i = 3;
                $e
            },
            {
                let $i = 4;
                $e
            },
            {
                let $i = 5;
                $e
            },
            {
                let $i = 6;
                $e
            },
            {
                let $i = 7;
                $e
            },
            {
                let $i = 8;
                $e
            },
        ]
    };
}

/// [`F16s::collide_run`]'s loop with the conversions of `H`, for each form of the collision.
#[inline(always)]
fn row<H: Halves>(src: [&[F16s]; Q], dst: [&mut [F16s]; Q], m: usize, p: Relax) {
    by_form!(p, cells::<H>(src, dst, m, p))
}

/// A vector of cells at a time: their nine directions widened, collided as the f32 loop
/// collides (the same operations in the same order), narrowed; the last few among air at
/// rest (stored as 0).
#[inline(always)]
fn cells<H: Halves, const COLLIDES: bool, const LAMINAR: bool>(
    src: [&[F16s]; Q],
    dst: [&mut [F16s]; Q],
    m: usize,
    p: Relax,
) {
    let src = src.map(|s| &s[..m]);
    let mut dst = dst.map(|d| &mut d[..m]);
    let whole = m / H::LANES * H::LANES;
    for k in (0..whole).step_by(H::LANES) {
        let f = nine!(i => H::widen(&src[i][k..], W[i]));
        let g = collide_or_not::<H::V, COLLIDES, LAMINAR>(f, p);
        for (i, (d, v)) in dst.iter_mut().zip(g).enumerate() {
            H::narrow(v, W[i], &mut d[k..]);
        }
    }
    let tail = m - whole;
    if tail > 0 {
        let f = nine!(i => {
            let mut h = [F16s(0); MAX_LANES];
            h[..tail].copy_from_slice(&src[i][whole..]);
            H::widen(&h, W[i])
        });
        let g = collide_or_not::<H::V, COLLIDES, LAMINAR>(f, p);
        for (i, (d, v)) in dst.iter_mut().zip(g).enumerate() {
            let mut out = [F16s(0); MAX_LANES];
            H::narrow(v, W[i], &mut out);
            d[whole..].copy_from_slice(&out[..tail]);
        }
    }
}

/// [`F16s::collide_swap`]'s loop with the conversions of `H`, for each form of the collision.
#[inline(always)]
fn swap<H: Halves>(planes: [&mut [F16s]; Q], m: usize, p: Relax) {
    by_form!(p, swap_cells::<H>(planes, m, p))
}

/// As [`cells`], in place: each direction's place gets the opposite direction's population
/// (opposite directions have the same weight, so the same shift).
#[inline(always)]
fn swap_cells<H: Halves, const COLLIDES: bool, const LAMINAR: bool>(
    planes: [&mut [F16s]; Q],
    m: usize,
    p: Relax,
) {
    let mut planes = planes.map(|d| &mut d[..m]);
    let whole = m / H::LANES * H::LANES;
    for k in (0..whole).step_by(H::LANES) {
        let f = nine!(i => H::widen(&planes[i][k..], W[i]));
        let g = collide_or_not::<H::V, COLLIDES, LAMINAR>(f, p);
        for (i, d) in planes.iter_mut().enumerate() {
            H::narrow(g[OPP[i]], W[i], &mut d[k..]);
        }
    }
    let tail = m - whole;
    if tail > 0 {
        let f = nine!(i => {
            let mut h = [F16s(0); MAX_LANES];
            h[..tail].copy_from_slice(&planes[i][whole..]);
            H::widen(&h, W[i])
        });
        let g = collide_or_not::<H::V, COLLIDES, LAMINAR>(f, p);
        for (i, d) in planes.iter_mut().enumerate() {
            let mut out = [F16s(0); MAX_LANES];
            H::narrow(g[OPP[i]], W[i], &mut out);
            d[whole..].copy_from_slice(&out[..tail]);
        }
    }
}

/// `dst[k] = src[k]'s value ÷ 2¹⁵ + w` for the `dst.len()` first cells of `src`.
pub(super) fn widen(kernel: Kernel, src: &[F16s], dst: &mut [f32], w: f32) {
    let src = &src[..dst.len()];
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a `Kernel` names only instructions the CPU reported (F16C with AVX2: see
    // `Kernel::best`).
    match kernel.isa() {
        Isa::Avx512 => return unsafe { x86::widen_avx512(src, dst, w) },
        Isa::Avx2 => return unsafe { x86::widen_f16c(src, dst, w) },
        Isa::Plain => {}
    }
    let _ = kernel;
    widen_with::<Software>(src, dst, w)
}

/// [`widen`] by `H`'s vectors, the tail one by one.
#[inline(always)]
fn widen_with<H: Halves>(src: &[F16s], dst: &mut [f32], w: f32) {
    let whole = dst.len() / H::LANES * H::LANES;
    for k in (0..whole).step_by(H::LANES) {
        H::widen(&src[k..], w).write(&mut dst[k..]);
    }
    for k in whole..dst.len() {
        dst[k] = Software::widen(&src[k..], w);
    }
}

/// `dst[k] = (src[k] − w)·2¹⁵` as a half, for the `src.len()` first cells of `dst`: what
/// the row loop stores, a plane at a time (for the test that holds the kernels to each other
/// on every awkward number).
#[cfg(test)]
fn narrow(kernel: Kernel, src: &[f32], dst: &mut [F16s], w: f32) {
    let dst = &mut dst[..src.len()];
    #[cfg(target_arch = "x86_64")]
    // SAFETY: as in `widen`.
    match kernel.isa() {
        Isa::Avx512 => return unsafe { x86::narrow_avx512(src, dst, w) },
        Isa::Avx2 => return unsafe { x86::narrow_f16c(src, dst, w) },
        Isa::Plain => {}
    }
    let _ = kernel;
    narrow_with::<Software>(src, dst, w)
}

#[cfg(test)]
#[inline(always)]
fn narrow_with<H: Halves>(src: &[f32], dst: &mut [F16s], w: f32) {
    let whole = src.len() / H::LANES * H::LANES;
    for k in (0..whole).step_by(H::LANES) {
        H::narrow(H::V::read(&src[k..]), w, &mut dst[k..]);
    }
    for k in whole..src.len() {
        Software::narrow(src[k], w, &mut dst[k..]);
    }
}

mod half;
#[cfg(target_arch = "x86_64")]
mod x86;

#[cfg(test)]
mod tests {
    use super::half::awkward_f32s;
    use super::*;

    #[test]
    fn a_population_comes_back_within_half_a_step_of_its_departure_from_rest() {
        // Each direction's value about its own weight, from far below rest to twice it: what
        // is stored is f − w_i to 11 significant bits (off by half a unit in the last place at
        // most: 2⁻¹¹ of it), so air near rest keeps its small differences. f32 keeps all.
        for (i, w) in W.iter().enumerate() {
            for k in -200..=200 {
                let v = w * (1.0 + k as f32 / 200.0) + 1e-7 * k as f32;
                let back = F16s::store(v, i).load(i);
                let bound = (v - w).abs() * 2f32.powi(-11) + 1e-12;
                assert!((back - v).abs() <= bound, "direction {i}: {v} → {back}");
                assert_eq!(f32::store(v, i).load(i), v);
            }
        }
    }

    #[test]
    fn every_kernel_converts_to_the_same_bits() {
        // The instructions' conversions and the software ones, over lengths that leave tails,
        // with a shift: the same halves and the same f32s.
        let xs = awkward_f32s();
        for kernel in Kernel::available() {
            for (len, w) in [(xs.len(), 0.0), (1000, W[1]), (37, W[5]), (7, W[0])] {
                let src: Vec<f32> = xs[..len].iter().map(|x| x * UNSCALE + w).collect();
                let mut plain = vec![F16s(0); len];
                let mut got = vec![F16s(0); len];
                narrow_with::<Software>(&src, &mut plain, w);
                narrow(kernel, &src, &mut got, w);
                assert!(plain == got, "{}: narrowing {len}", kernel.name());
                let mut back = vec![0.0f32; len];
                let mut back_plain = vec![0.0f32; len];
                widen_with::<Software>(&plain, &mut back_plain, w);
                widen(kernel, &plain, &mut back, w);
                let same = back
                    .iter()
                    .zip(&back_plain)
                    .all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{}: widening {len}", kernel.name());
            }
        }
    }
}
