//! Which vector instructions the straight-line kernels (the lattice's rows, the wave field's)
//! are compiled for: each kernel is one generic loop, compiled again under
//! `#[target_feature]` for AVX2 and for AVX-512 ([`simd_kernel!`](crate::simd_kernel)) and
//! chosen at run time, so one binary runs at each CPU's best and a test can hold every variant
//! to the plain one's bits on one machine.

/// The instruction sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Isa {
    Plain,
    Avx2,
    Avx512,
}

/// An instruction set this CPU has: only [`Kernel::best`] and [`Kernel::available`] make one
/// other than [`Kernel::PLAIN`], so running a kernel compiled for it is sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kernel(Isa);

impl Kernel {
    pub const PLAIN: Kernel = Kernel(Isa::Plain);

    /// The widest this CPU has, or narrower where `CARAVAN_SIMD` (`plain`, `avx2`) caps it.
    pub fn best() -> Kernel {
        static BEST: std::sync::OnceLock<Kernel> = std::sync::OnceLock::new();
        *BEST.get_or_init(|| {
            let cap = match std::env::var("CARAVAN_SIMD").as_deref() {
                Ok("plain") => Isa::Plain,
                Ok("avx2") => Isa::Avx2,
                _ => Isa::Avx512,
            };
            Kernel(Kernel::widest().0.min(cap))
        })
    }

    /// The widest this CPU has.
    fn widest() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            // FMA with each: the kernels are compiled with it (they still round alike: Rust
            // never fuses a multiply and an add on its own). F16C with each: the lattice's
            // 16-bit storage converts with it (every CPU with AVX2 has it).
            let f16c = has!("f16c");
            if has!("avx512f") && has!("fma") && f16c {
                return Kernel(Isa::Avx512);
            }
            if has!("avx2") && has!("fma") && f16c {
                return Kernel(Isa::Avx2);
            }
        }
        Kernel::PLAIN
    }

    /// Every kernel this CPU can run, narrowest first.
    pub fn available() -> Vec<Kernel> {
        let best = Kernel::best().0;
        [Isa::Plain, Isa::Avx2, Isa::Avx512]
            .into_iter()
            .filter(|k| *k <= best)
            .map(Kernel)
            .collect()
    }

    /// This kernel, or `isa` where that is narrower (a narrower one is always there).
    pub fn at_most(self, isa: Isa) -> Kernel {
        Kernel(self.0.min(isa))
    }

    pub fn isa(self) -> Isa {
        self.0
    }

    pub fn name(self) -> &'static str {
        match self.0 {
            Isa::Plain => "plain",
            Isa::Avx2 => "AVX2",
            Isa::Avx512 => "AVX-512",
        }
    }
}

/// `fn NAME(kernel: Kernel, ARGS…) -> R = PLAIN`: runs `PLAIN(ARGS…)` (an `#[inline(always)]`
/// loop) compiled for `kernel`'s instructions.
#[macro_export]
macro_rules! simd_kernel {
    ($(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? = $plain:ident) => {
        $(#[$m])*
        #[allow(clippy::too_many_arguments)]
        $vis fn $name(kernel: $crate::model::simd::Kernel, $($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                fn avx2($($arg: $ty),*) $(-> $ret)? {
                    $plain($($arg),*)
                }
                #[target_feature(enable = "avx512f,avx2,fma")]
                fn avx512($($arg: $ty),*) $(-> $ret)? {
                    $plain($($arg),*)
                }
                match kernel.isa() {
                    // SAFETY: a `Kernel` names only instructions the CPU reported.
                    $crate::model::simd::Isa::Avx512 => return unsafe { avx512($($arg),*) },
                    $crate::model::simd::Isa::Avx2 => return unsafe { avx2($($arg),*) },
                    $crate::model::simd::Isa::Plain => {}
                }
            }
            let _ = kernel;
            $plain($($arg),*)
        }
    };
}
