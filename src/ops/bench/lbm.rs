//! The lattice-Boltzmann figures, each beside the bound of the same run: a STREAM-style copy
//! of the same bytes (as large as the grid's arrays, so in cache where they are) divided by the
//! bytes a cell update moves. Copy and solver are counted alike, without the read for
//! ownership an ordinary store pays for each line it writes (so both move 1.5× what they are
//! counted: the ratio is what the solver gets of what memory gives a loop of loads and stores);
//! for a lattice that streams in place, an update in place of its one buffer, which like the
//! solver then writes each line where it has just read it.
//! And beside the bound of arithmetic: the collision's operations a cell at the vector peak of
//! each kernel's multiplies and adds, and the interior's own loop on cells that stay in the
//! first-level cache (what the arithmetic allows when memory costs nothing). And between the
//! two, the lattice's own step with the collision taken out ([`Relax::none`]): the same nine
//! loads and nine stores a cell and the edges' rules, which is what the solver's memory
//! traffic costs as it moves it (eighteen streams at once, where the copy has two). Each grid
//! runs again streaming in place ([`Lattice::set_in_place`]: one buffer, the same bits), and
//! the large one with its populations in 16 bits ([`F16s`]: half the bytes, the conversions in
//! its loop, bounds and all) both ways, and beside it what 16 bits cost in accuracy on the
//! Schäfer–Turek cylinder.

use crate::model::airflow::{AirflowInputs, AirflowModel, AirflowParams, Obstacle};
use crate::model::cylinder;
use crate::model::lbm::{
    F16s, Lattice, Q, Relax, Shape, SideWalls, Storage, bytes_per_cell_update, collide_cells,
    collide_cells_in_place, equilibrium,
};
use crate::model::simd::{Isa, Kernel};
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

/// Rounds of each threaded figure: its spread is the steadiness the issue asks of two threads.
const ROUNDS: usize = 5;

/// Million lattice-cell updates per second of `lattice` over about `seconds`.
fn mlups<S: Storage>(lattice: &mut Lattice<S>, seconds: f64) -> f64 {
    lattice.step();
    let cells = lattice.cells() as f64;
    let mut steps = 0u64;
    let t = Instant::now();
    // Ten steps a call, as the exhibit runs its substeps.
    while t.elapsed().as_secs_f64() < seconds {
        lattice.run(10);
        steps += 10;
    }
    steps as f64 * cells / t.elapsed().as_secs_f64() / 1e6
}

/// A STREAM-style copy (McCalpin's "copy": c = a, counted as 8 bytes per f32 element: one
/// read, one write) over `threads` threads, in bytes per second. The loop multiplies by an
/// opaque 1 so that the compiler keeps it a loop of loads and stores like the solver's, rather
/// than a call to memcpy with non-temporal stores.
pub(super) fn stream_copy(a: &[f32], c: &mut [f32], threads: usize, seconds: f64) -> f64 {
    let one = black_box(1.0f32);
    let chunk = a.len().div_ceil(threads);
    let parts = a.chunks(chunk).zip(c.chunks_mut(chunk));
    passes(parts.collect(), seconds, |(src, dst)| {
        for (d, x) in dst.iter_mut().zip(src.iter()) {
            *d = *x * one;
        }
        src.len()
    })
}

/// An update in place (`a = a·1`, counted as 8 bytes per f32 element: one read, one write)
/// over `threads` threads, in bytes per second: a streaming-in-place lattice's bound, whose
/// stores go to lines it has just read (no read for ownership, as an ordinary copy pays).
fn stream_update(a: &mut [f32], threads: usize, seconds: f64) -> f64 {
    let one = black_box(1.0f32);
    let chunk = a.len().div_ceil(threads);
    passes(a.chunks_mut(chunk).collect(), seconds, |part| {
        for x in part.iter_mut() {
            *x *= one;
        }
        part.len()
    })
}

/// `pass` over each of `parts` on a thread of its own, again and again for about `seconds`
/// (each thread started once: a start costs as much as a pass over a small grid); bytes a
/// second, 8 for each f32 element a pass returns it went over.
fn passes<P: Send>(parts: Vec<P>, seconds: f64, pass: impl Fn(&mut P) -> usize + Sync) -> f64 {
    let t = Instant::now();
    let elements: usize = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|mut part| {
                let (pass, t) = (&pass, &t);
                s.spawn(move || {
                    let (mut reps, mut done) = (0u64, 0usize);
                    while reps < 3 || t.elapsed().as_secs_f64() < seconds {
                        done += pass(black_box(&mut part));
                        reps += 1;
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a bandwidth thread"))
            .sum()
    });
    elements as f64 * 8.0 / t.elapsed().as_secs_f64()
}

/// The bandwidth of a copy of a grid's own size (nine planes of `cells` populations of `S`,
/// into nine more) on `threads` threads, or of their update in place for a lattice that
/// streams in place, and the most cell updates a second it allows.
fn roofline<S: Storage>(cells: usize, threads: usize, seconds: f64, in_place: bool) -> (f64, f64) {
    let floats = (Q * cells * std::mem::size_of::<S>()).div_ceil(4);
    let mut a = vec![1.0f32; floats];
    let bw = if in_place {
        stream_update(&mut a, threads, seconds)
    } else {
        let mut c = vec![0.0f32; floats];
        stream_copy(&a, &mut c, threads, seconds)
    };
    (bw, bw / bytes_per_cell_update::<S>() / 1e6)
}

/// Independent vectors of the peak loop: enough to cover a multiply's and an add's latency
/// (3–4 cycles each) on two pipes of each, few enough to stay in registers (16 of AVX2's).
const CHAINS: usize = 12;

/// `CHAINS` vectors of one instruction set's width, each stepped x ← x·a + b `reps` times: a
/// multiply and an add (the collision's are separate too: Rust fuses nothing). Written with
/// the vectors' own instructions: as a plain loop over arrays the compiler turned it into
/// gathers and scatters (2 GFLOP/s with AVX-512).
macro_rules! mul_add_chains {
    ($name:ident, $feature:literal, $v:ty, $set1:ident, $mul:ident, $add:ident, $store:ident, $lanes:literal) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = $feature)]
        fn $name(reps: u64, a: f32, b: f32) -> f32 {
            use std::arch::x86_64::*;
            let (a, b) = ($set1(a), $set1(b));
            let mut x: [$v; CHAINS] = [$set1(1.0); CHAINS];
            for _ in 0..reps {
                for v in x.iter_mut() {
                    *v = $add($mul(*v, a), b);
                }
            }
            let mut sum = 0.0;
            for v in x {
                let mut lanes = [0.0f32; $lanes];
                // SAFETY: `lanes` holds one vector's floats.
                unsafe { $store(lanes.as_mut_ptr(), v) };
                sum += lanes.iter().sum::<f32>();
            }
            sum
        }
    };
}
mul_add_chains!(
    mul_add_avx512,
    "avx512f",
    __m512,
    _mm512_set1_ps,
    _mm512_mul_ps,
    _mm512_add_ps,
    _mm512_storeu_ps,
    16
);
mul_add_chains!(
    mul_add_avx2,
    "avx2",
    __m256,
    _mm256_set1_ps,
    _mm256_mul_ps,
    _mm256_add_ps,
    _mm256_storeu_ps,
    8
);
mul_add_chains!(
    mul_add_sse2,
    "sse2",
    __m128,
    _mm_set1_ps,
    _mm_mul_ps,
    _mm_add_ps,
    _mm_storeu_ps,
    4
);

/// The most floating-point operations a second one thread does at `kernel`'s width: its
/// vectors' multiplies and adds, one lane one operation, over about `seconds`.
fn vector_peak(kernel: Kernel, seconds: f64) -> f64 {
    #[cfg(target_arch = "x86_64")]
    let (run, lanes): (unsafe fn(u64, f32, f32) -> f32, u64) = match kernel.isa() {
        Isa::Avx512 => (mul_add_avx512, 16),
        Isa::Avx2 => (mul_add_avx2, 8),
        // SSE2: what the plain kernel is compiled for.
        Isa::Plain => (mul_add_sse2, 4),
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (run, lanes): (unsafe fn(u64, f32, f32) -> f32, u64) = {
        // No vector instructions measured elsewhere: a peak of 0.
        unsafe fn none(_: u64, _: f32, _: f32) -> f32 {
            0.0
        }
        let _ = kernel;
        (none, 0)
    };
    // a·x + b with a just under 1 stays finite and normal for any number of steps.
    let (a, b) = (black_box(0.999_f32), black_box(0.001_f32));
    let reps = 100_000u64;
    let (mut calls, t) = (0u64, Instant::now());
    while calls < 2 || t.elapsed().as_secs_f64() < seconds {
        // SAFETY: a `Kernel` names only instructions the CPU reported, and every x86-64 CPU
        // has SSE2.
        black_box(unsafe { run(black_box(reps), a, b) });
        calls += 1;
    }
    (calls * reps * 2 * CHAINS as u64 * lanes) as f64 / t.elapsed().as_secs_f64()
}

/// Cells a second (millions) of the interior's collision on 512 cells whose planes stay in
/// the first-level cache (18 planes of 512 populations kept as `S`, or 9 for the loop in place,
/// converted each way as a step converts them), over about `seconds`.
fn in_cache_mlups<S: Storage>(kernel: Kernel, p: Relax, seconds: f64, in_place: bool) -> f64 {
    const CELLS: usize = 512;
    // Air a little off rest, cell by cell, so that every lane's arithmetic is a real one.
    let src: Vec<Vec<S>> = (0..Q)
        .map(|i| {
            (0..CELLS)
                .map(|c| {
                    let f = equilibrium(1.0, 0.02 * (c % 7) as f32, -0.01 * (c % 5) as f32)[i];
                    S::store(f, i)
                })
                .collect()
        })
        .collect();
    let mut dst = src.clone();
    let (mut calls, t) = (0u64, Instant::now());
    // The clock read once every 64 calls (a call is about a microsecond).
    while calls < 1024 || t.elapsed().as_secs_f64() < seconds {
        for _ in 0..64 {
            let mut planes = dst.iter_mut();
            let d: [&mut [S]; Q] = std::array::from_fn(|_| planes.next().expect("nine").as_mut());
            if in_place {
                // The same cells collided again and again, their directions swapped each time.
                collide_cells_in_place(kernel, d, p);
            } else {
                let s: [&[S]; Q] = std::array::from_fn(|i| src[i].as_slice());
                collide_cells(kernel, s, d, p);
            }
            black_box(&dst);
        }
        calls += 64;
    }
    (calls * CELLS as u64) as f64 / t.elapsed().as_secs_f64() / 1e6
}

/// The bounds of arithmetic on `kernel`: the collision's operations at its vector peak, and
/// its loop (in place or not) on cells in the first-level cache. Returns the latter (MLUPS).
fn arithmetic<S: Storage>(
    kernel: Kernel,
    p: Relax,
    in_place: bool,
    secs: f64,
    name: &str,
    out: &mut impl Write,
) -> f64 {
    let ops = p.ops_per_cell_update();
    let peak = vector_peak(kernel, secs);
    let at_peak = peak / ops as f64 / 1e6;
    let in_cache = in_cache_mlups::<S>(kernel, p, secs, in_place);
    let _ = writeln!(
        out,
        "lbm {name} arithmetic, {:<8} {ops} operations a cell update at the peak of {:.0} GFLOP/s (multiplies and adds on {CHAINS} vectors) = {at_peak:.0} MLUPS; its loop on cells in L1 {in_cache:.0} MLUPS = {:.0} % of that peak",
        kernel.name(),
        peak / 1e9,
        100.0 * in_cache / at_peak,
    );
    in_cache
}

/// Median, and spread (largest less smallest) over the median, of `ROUNDS` runs.
fn rounds(mut f: impl FnMut() -> f64) -> (f64, f64) {
    let mut v: Vec<f64> = (0..ROUNDS).map(|_| f()).collect();
    v.sort_by(f64::total_cmp);
    let median = v[ROUNDS / 2];
    (median, (v[ROUNDS - 1] - v[0]) / median)
}

/// One grid: each kernel on one thread, then the best on every core, each beside its bound.
fn grid<S: Storage>(name: &str, make: impl Fn() -> Lattice<S>, secs: f64, out: &mut impl Write) {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    // The step with no collision, each kernel, on a lattice of its own: free streaming is no
    // fluid, and would leave the measured one in a state no exhibit reaches.
    let moved: Vec<f64> = {
        let mut bare = make();
        bare.relax = Relax::none();
        bare.threads = 1;
        Kernel::available()
            .into_iter()
            .map(|k| {
                bare.kernel = k;
                mlups(&mut bare, secs)
            })
            .collect()
    };
    let lattice = &mut make();
    let (nx, ny, cells) = (lattice.nx, lattice.ny, lattice.cells());
    let in_place = lattice.in_place();
    let (bw, roof) = roofline::<S>(cells, 1, secs, in_place);
    let buffer = (Q * cells * std::mem::size_of::<S>()) as f64 / 1e6;
    let (what, bound_of, mb) = if in_place {
        ("an update in place", "update", buffer)
    } else {
        ("a copy", "copy", 2.0 * buffer)
    };
    let _ = writeln!(
        out,
        "lbm {name} {nx}×{ny}: bound, 1 thread: {what} of its {mb:.1} MB at {:.1} GB/s ÷ {} B/cell = {roof:.0} MLUPS",
        bw / 1e9,
        bytes_per_cell_update::<S>(),
    );
    lattice.threads = 1;
    for (k, moved) in Kernel::available().into_iter().zip(moved) {
        let in_cache = arithmetic::<S>(k, lattice.relax, in_place, secs, name, out);
        lattice.kernel = k;
        let m = mlups(lattice, secs);
        let (bound, by) = if moved < in_cache {
            (moved, "the step's moves")
        } else {
            (in_cache, "arithmetic")
        };
        let _ = writeln!(
            out,
            "lbm {name} {nx}×{ny}, 1 thread, {:<8} {m:>8.0} MLUPS = {:.0} % of the {bound_of}'s bound, {:.0} % of its step with no collision ({moved:.0} MLUPS), {:.0} % of the loop's in L1: {:.0} % of the lower ({by})",
            k.name(),
            100.0 * m / roof,
            100.0 * m / moved,
            100.0 * m / in_cache,
            100.0 * m / bound,
        );
    }
    if cores < 2 {
        return;
    }
    lattice.kernel = Kernel::best();
    let (one, one_spread) = rounds(|| mlups(lattice, secs));
    lattice.threads = cores;
    let (all, all_spread) = rounds(|| mlups(lattice, secs));
    let (bw, roof) = roofline::<S>(cells, cores, secs, in_place);
    let _ = writeln!(
        out,
        "lbm {name} {nx}×{ny}, {cores} threads, {:<8} {all:>8.0} MLUPS = {:.2}× one thread's {one:.0} (medians of {ROUNDS}, spread {:.0} % and {:.0} %) = {:.0} % of the bound on {cores} ({:.1} GB/s → {roof:.0} MLUPS)",
        lattice.kernel.name(),
        all / one,
        100.0 * all_spread,
        100.0 * one_spread,
        100.0 * all / roof,
        bw / 1e9,
    );
}

pub(super) fn figures(quick: bool, out: &mut impl Write) {
    let secs = if quick { 0.3 } else { 2.0 };
    let exhibit = || {
        let mut l = AirflowModel::new(AirflowParams::default()).lattice;
        for row in l.inlet.iter_mut().skip(58).take(12) {
            *row = Some([0.08, 0.0]);
        }
        l
    };
    // Each grid with two buffers, then streaming in place (one buffer, each line written
    // where it was read). The large grid: far out of cache, so memory bandwidth bounds it
    // where the arithmetic keeps up; and with its populations in 16 bits, half the bytes a
    // cell update.
    both_ways("exhibit", exhibit, secs, out);
    both_ways("large", large_grid::<f32>, secs.max(1.0), out);
    both_ways("large 16-bit", large_grid::<F16s>, secs.max(1.0), out);
    sixteen_bit_accuracy(quick, out);
    let mut model = AirflowModel::new(AirflowParams::default());
    let inputs = AirflowInputs {
        jet_speed_m_s: 10.0,
        nozzle_y: 0.0,
        nozzle_angle_deg: 0.0,
        obstacle: Obstacle::Round,
    };
    for _ in 0..60 {
        model.tick(&inputs);
    }
    let ticks = if quick { 60 } else { 600 };
    let (mut worst, mut sum) = (0.0f64, 0.0f64);
    for _ in 0..ticks {
        let t = Instant::now();
        model.tick(&inputs);
        let dt = t.elapsed().as_secs_f64();
        worst = worst.max(dt);
        sum += dt;
    }
    let _ = writeln!(
        out,
        "airflow model tick ({} substeps + smoke), one core {:>8.3} ms mean, {:.3} ms worst",
        model.p.grid.substeps,
        sum / ticks as f64 * 1e3,
        worst * 1e3
    );
}

/// [`grid`] for the lattices `make` makes, with two buffers and then streaming in place.
fn both_ways<S: Storage>(
    name: &str,
    make: impl Fn() -> Lattice<S>,
    secs: f64,
    out: &mut impl Write,
) {
    grid(name, &make, secs, out);
    let in_place = || {
        let mut l = make();
        l.set_in_place(true);
        l
    };
    grid(&format!("{name} in place"), in_place, secs, out);
}

/// A jet at a cylinder on 2048 × 1024 cells, its populations kept as `S`.
fn large_grid<S: Storage>() -> Lattice<S> {
    let mut l = Lattice::<S>::new_stored(2048, 1024, SideWalls::Open, Relax::new(0.52, 0.15));
    l.set_shapes(vec![Shape::Circle {
        x: 600.0,
        y: 512.0,
        r: 80.0,
    }]);
    for row in l.inlet.iter_mut().skip(400).take(224) {
        *row = Some([0.08, 0.0]);
    }
    l
}

/// What the 16-bit populations cost in accuracy, beside what they gain in speed above: the
/// Schäfer–Turek cylinder as `caravan verify` runs it (D = 20 cells with `--quick`, 40
/// without), each quantity's error against its reference with f32 populations and with 16-bit.
fn sixteen_bit_accuracy(quick: bool, out: &mut impl Write) {
    let n = if quick { 20 } else { 40 };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let f32s = cylinder::quantities::<f32>(n, threads);
    let halves = cylinder::quantities::<F16s>(n, threads);
    let pct = |q: &cylinder::Quantity, v: f64| 100.0 * (v - q.reference) / q.reference;
    let err = |q: &cylinder::Quantity| {
        let range = q.range.map(|[lo, hi]| {
            format!(
                " (the mean over 1000 steps of {:+.1} … {:+.1} %)",
                pct(q, lo),
                pct(q, hi)
            )
        });
        format!("{:+7.2} %{}", pct(q, q.measured), range.unwrap_or_default())
    };
    for (a, b) in f32s.iter().zip(&halves) {
        let _ = writeln!(
            out,
            "lbm 16-bit accuracy, Schäfer–Turek {} D={n}: {:<9} against {}: with 16-bit populations {}, with f32 {}",
            a.case,
            a.quantity.label(),
            a.reference,
            err(b),
            err(a),
        );
    }
}
