//! The lattice-Boltzmann figures, each beside the bound of the same run: a STREAM-style copy
//! of the same bytes (as large as the grid's arrays, so in cache where they are) divided by the
//! bytes a cell update moves. Copy and solver are counted alike, without the read for
//! ownership an ordinary store pays for each line it writes (so both move 1.5× what they are
//! counted: the ratio is what the solver gets of what memory gives a loop of loads and stores).

use crate::model::airflow::{AirflowInputs, AirflowModel, AirflowParams, Obstacle};
use crate::model::lbm::{BYTES_PER_CELL_UPDATE, Lattice, Q, Relax, Shape, SideWalls};
use crate::model::simd::Kernel;
use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

/// Rounds of each threaded figure: its spread is the steadiness the issue asks of two threads.
const ROUNDS: usize = 5;

/// Million lattice-cell updates per second of `lattice` over about `seconds`.
fn mlups(lattice: &mut Lattice, seconds: f64) -> f64 {
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
/// read, one write) over `threads` threads, in bytes per second. Each thread copies its share
/// again and again for about `seconds` (started once: a start costs as much as copying a small
/// grid). The loop multiplies by an opaque 1 so that the compiler keeps it a loop of loads and
/// stores like the solver's, rather than a call to memcpy with non-temporal stores.
pub(super) fn stream_copy(a: &[f32], c: &mut [f32], threads: usize, seconds: f64) -> f64 {
    let one = black_box(1.0f32);
    let chunk = a.len().div_ceil(threads);
    let t = Instant::now();
    let copy = |src: &[f32], dst: &mut [f32]| {
        let mut reps = 0u64;
        while reps < 3 || t.elapsed().as_secs_f64() < seconds {
            for (d, x) in dst.iter_mut().zip(src) {
                *d = *x * one;
            }
            black_box(&dst);
            reps += 1;
        }
        reps as f64 * src.len() as f64
    };
    let copied: f64 = std::thread::scope(|s| {
        let handles: Vec<_> = a
            .chunks(chunk)
            .zip(c.chunks_mut(chunk))
            .map(|(src, dst)| s.spawn(move || copy(src, dst)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a copy thread"))
            .sum()
    });
    copied * 8.0 / t.elapsed().as_secs_f64()
}

/// The most cell updates a second a copy of the grid's own size allows on `threads` threads.
fn roofline(cells: usize, threads: usize, seconds: f64) -> (f64, f64) {
    let a = vec![1.0f32; Q * cells];
    let mut c = vec![0.0f32; Q * cells];
    let bw = stream_copy(&a, &mut c, threads, seconds);
    (bw, bw / BYTES_PER_CELL_UPDATE / 1e6)
}

/// Median, and spread (largest less smallest) over the median, of `ROUNDS` runs.
fn rounds(mut f: impl FnMut() -> f64) -> (f64, f64) {
    let mut v: Vec<f64> = (0..ROUNDS).map(|_| f()).collect();
    v.sort_by(f64::total_cmp);
    let median = v[ROUNDS / 2];
    (median, (v[ROUNDS - 1] - v[0]) / median)
}

/// One grid: each kernel on one thread, then the best on every core, each beside its bound.
fn grid(name: &str, lattice: &mut Lattice, secs: f64, out: &mut impl Write) {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let (nx, ny, cells) = (lattice.nx, lattice.ny, lattice.cells());
    let (bw, roof) = roofline(cells, 1, secs);
    let _ = writeln!(
        out,
        "lbm {name} {nx}×{ny}: bound, 1 thread: a copy of its {:.1} MB at {:.1} GB/s ÷ {BYTES_PER_CELL_UPDATE} B/cell = {roof:.0} MLUPS",
        (2 * Q * cells * 4) as f64 / 1e6,
        bw / 1e9,
    );
    lattice.threads = 1;
    for k in Kernel::available() {
        lattice.kernel = k;
        let m = mlups(lattice, secs);
        let _ = writeln!(
            out,
            "lbm {name} {nx}×{ny}, 1 thread, {:<8} {m:>8.0} MLUPS = {:.0} % of its bound",
            k.name(),
            100.0 * m / roof
        );
    }
    if cores < 2 {
        return;
    }
    lattice.kernel = Kernel::best();
    let (one, one_spread) = rounds(|| mlups(lattice, secs));
    lattice.threads = cores;
    let (all, all_spread) = rounds(|| mlups(lattice, secs));
    let (bw, roof) = roofline(cells, cores, secs);
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
    let mut exhibit = AirflowModel::new(AirflowParams::default()).lattice;
    for row in exhibit.inlet.iter_mut().skip(58).take(12) {
        *row = Some([0.08, 0.0]);
    }
    grid("exhibit", &mut exhibit, secs, out);
    // The large grid: far out of cache, so memory bandwidth bounds it where the arithmetic
    // keeps up.
    let mut big = Lattice::new(2048, 1024, SideWalls::Open, Relax::new(0.52, 0.15));
    big.set_shapes(vec![Shape::Circle {
        x: 600.0,
        y: 512.0,
        r: 80.0,
    }]);
    for row in big.inlet.iter_mut().skip(400).take(224) {
        *row = Some([0.08, 0.0]);
    }
    grid("large", &mut big, secs.max(1.0), out);
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
