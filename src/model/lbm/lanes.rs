//! The numbers the collision is written over ([`Real`]): one `f32` (the loops over f32 planes,
//! which the compiler vectorises on its own), or one vector of them written with the CPU's
//! instructions (the 16-bit storage's loop, where the conversions are instructions the
//! compiler does not produce from Rust). Each operation is the same IEEE operation lane by
//! lane, in the same order, so every form gives the same bits.

use std::ops::{Add, Div, Mul, Sub};

/// A number, or a vector of them, that the collision can run on.
pub(super) trait Real:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    /// `v` in every lane.
    fn splat(v: f32) -> Self;
    fn sqrt(self) -> Self;
    /// As `f32::clamp`: a NaN stays a NaN.
    fn clamp(self, lo: f32, hi: f32) -> Self;
    /// The lanes from the first of `v` (for the tests' conversions of whole planes).
    #[cfg(test)]
    fn read(v: &[f32]) -> Self;
    /// The lanes into the first of `out`.
    fn write(self, out: &mut [f32]);
}

impl Real for f32 {
    #[inline(always)]
    fn splat(v: f32) -> f32 {
        v
    }

    #[inline(always)]
    fn sqrt(self) -> f32 {
        f32::sqrt(self)
    }

    #[inline(always)]
    fn clamp(self, lo: f32, hi: f32) -> f32 {
        f32::clamp(self, lo, hi)
    }

    #[cfg(test)]
    #[inline(always)]
    fn read(v: &[f32]) -> f32 {
        v[0]
    }

    #[inline(always)]
    fn write(self, out: &mut [f32]) {
        out[0] = self;
    }
}

/// Vectors of f32 by x86 instruction set: `F32x16` for AVX-512, `F32x8` for AVX2. Their
/// operations are inlined into code compiled for those instructions only (the 16-bit storage's
/// `row_avx512` and `row_f16c`), which is what makes the `unsafe` in them sound.
#[cfg(target_arch = "x86_64")]
pub(super) mod x86 {
    use super::Real;
    use std::arch::x86_64::*;
    use std::ops::{Add, Div, Mul, Sub};

    macro_rules! vector {
        ($name:ident, $v:ty, $lanes:literal, $set1:ident, $add:ident, $sub:ident, $mul:ident,
         $div:ident, $sqrt:ident, $min:ident, $max:ident, $load:ident, $store:ident) => {
            #[derive(Clone, Copy)]
            pub(in super::super) struct $name(pub $v);

            impl Add for $name {
                type Output = Self;
                #[inline(always)]
                fn add(self, o: Self) -> Self {
                    // SAFETY: only inlined where the instructions are enabled (see above).
                    Self(unsafe { $add(self.0, o.0) })
                }
            }

            impl Sub for $name {
                type Output = Self;
                #[inline(always)]
                fn sub(self, o: Self) -> Self {
                    // SAFETY: as in `add`.
                    Self(unsafe { $sub(self.0, o.0) })
                }
            }

            impl Mul for $name {
                type Output = Self;
                #[inline(always)]
                fn mul(self, o: Self) -> Self {
                    // SAFETY: as in `add`.
                    Self(unsafe { $mul(self.0, o.0) })
                }
            }

            impl Div for $name {
                type Output = Self;
                #[inline(always)]
                fn div(self, o: Self) -> Self {
                    // SAFETY: as in `add`.
                    Self(unsafe { $div(self.0, o.0) })
                }
            }

            impl Real for $name {
                #[inline(always)]
                fn splat(v: f32) -> Self {
                    // SAFETY: as in `add`.
                    Self(unsafe { $set1(v) })
                }

                #[inline(always)]
                fn sqrt(self) -> Self {
                    // SAFETY: as in `add`.
                    Self(unsafe { $sqrt(self.0) })
                }

                /// `max` and `min` return their second operand where either is a NaN: with
                /// the value second, a NaN passes through as `f32::clamp` lets it.
                #[inline(always)]
                fn clamp(self, lo: f32, hi: f32) -> Self {
                    // SAFETY: as in `add`.
                    Self(unsafe { $min($set1(hi), $max($set1(lo), self.0)) })
                }

                #[cfg(test)]
                #[inline(always)]
                fn read(v: &[f32]) -> Self {
                    let v = &v[..$lanes];
                    // SAFETY: as in `add`; the lanes are in bounds.
                    Self(unsafe { $load(v.as_ptr()) })
                }

                #[inline(always)]
                fn write(self, out: &mut [f32]) {
                    let out = &mut out[..$lanes];
                    // SAFETY: as in `read`.
                    unsafe { $store(out.as_mut_ptr(), self.0) }
                }
            }
        };
    }

    vector!(
        F32x16,
        __m512,
        16,
        _mm512_set1_ps,
        _mm512_add_ps,
        _mm512_sub_ps,
        _mm512_mul_ps,
        _mm512_div_ps,
        _mm512_sqrt_ps,
        _mm512_min_ps,
        _mm512_max_ps,
        _mm512_loadu_ps,
        _mm512_storeu_ps
    );
    vector!(
        F32x8,
        __m256,
        8,
        _mm256_set1_ps,
        _mm256_add_ps,
        _mm256_sub_ps,
        _mm256_mul_ps,
        _mm256_div_ps,
        _mm256_sqrt_ps,
        _mm256_min_ps,
        _mm256_max_ps,
        _mm256_loadu_ps,
        _mm256_storeu_ps
    );
}

/// Numbers that count the operations done on them (tests only).
#[cfg(test)]
pub(super) mod counting {
    use super::Real;
    use std::ops::{Add, Div, Mul, Sub};

    /// A number that counts the operations done on it, for the test that holds
    /// [`OPS_PER_CELL_UPDATE`](super::super::OPS_PER_CELL_UPDATE) to the collision as
    /// written: an operation on two constants is one the compiler folds, and is not counted.
    #[derive(Clone, Copy)]
    pub(in super::super) struct Counted {
        pub v: f32,
        /// Made by `splat` (or from constants only).
        pub constant: bool,
    }

    thread_local! {
        pub(in super::super) static OPERATIONS: std::cell::Cell<u32> =
            const { std::cell::Cell::new(0) };
    }

    impl Counted {
        fn op(a: Self, b: Self, v: f32) -> Self {
            let constant = a.constant && b.constant;
            if !constant {
                OPERATIONS.with(|n| n.set(n.get() + 1));
            }
            Counted { v, constant }
        }
    }

    macro_rules! counted_op {
        ($tr:ident, $f:ident, $op:tt) => {
                    impl $tr for Counted {
                type Output = Self;
                fn $f(self, o: Self) -> Self {
                    Counted::op(self, o, self.v $op o.v)
                }
            }
        };
    }
    counted_op!(Add, add, +);
    counted_op!(Sub, sub, -);
    counted_op!(Mul, mul, *);
    counted_op!(Div, div, /);

    impl Real for Counted {
        fn splat(v: f32) -> Self {
            Counted { v, constant: true }
        }

        fn sqrt(self) -> Self {
            Counted::op(self, self, self.v.sqrt())
        }

        /// The limiter's comparisons are not counted.
        fn clamp(self, lo: f32, hi: f32) -> Self {
            Counted {
                v: self.v.clamp(lo, hi),
                ..self
            }
        }

        /// A value from memory: not a constant.
        fn read(v: &[f32]) -> Self {
            Counted {
                v: v[0],
                constant: false,
            }
        }

        fn write(self, out: &mut [f32]) {
            out[0] = self.v;
        }
    }
}
