//! The lattice: its populations and geometry, and the time step that runs the kernels over
//! it (on one or more threads); its special cells in `boundary.rs`.

mod bodies;
mod boundary;
mod buffer;
mod in_place;
mod places;
mod pool;
mod rows;
pub use bodies::MovingBody;
use boundary::Special;
use buffer::Buffer;
use places::Layout;
use pool::SpinBarrier;

use super::kernels::{moments, velocity};
use super::storage::Storage;
use super::*;
use crate::model::simd::Kernel;
use rows::{Rows, edge_row, interior_band};
use std::ops::Range;

const NONE: u32 = u32::MAX;
/// What a special cell's step costs in plain interior cells' (for splitting the rows between
/// threads): `perf` on the exhibit's grid, one thread, AVX-512, Intel Xeon: the 388 special
/// cells 11.3 % of a step, the 32 004 interior ones 48.5 %.
const SPECIAL_COST: f64 = 19.0;
/// Threads each new lattice steps on: 1 unless the program says otherwise
/// ([`set_default_threads`]); tests run many lattices side by side and keep 1.
static DEFAULT_THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

/// Sets the threads each lattice made from now on steps on (at least 1). The cells are the
/// same bits on any number.
pub fn set_default_threads(threads: usize) {
    DEFAULT_THREADS.store(threads.max(1), std::sync::atomic::Ordering::Relaxed);
}

/// The threads each lattice made now steps on.
pub fn default_threads() -> usize {
    DEFAULT_THREADS.load(std::sync::atomic::Ordering::Relaxed)
}

/// The threads a lattice should step on with `cores` cores, with or without a window to draw:
/// a window's renderer wants two cores of its own (its thread and the app's), and past two the
/// exhibit's grid (128 rows) was not measured. Two threads ran the exhibit's grid 1.8–2.0× as
/// fast as one (`caravan bench --quick`, Intel Xeon, 2 vCPU).
pub fn threads_for(cores: usize, window: bool) -> usize {
    let free = if window {
        cores.saturating_sub(2)
    } else {
        cores
    };
    free.clamp(1, 2)
}

/// What each band leaves after the last step: the momentum of its obstacle links and of its
/// moving bodies' links, in order.
type Left = (Vec<[f64; 2]>, Vec<(u16, [f64; 3])>);

/// A buffer's base pointer, shared by the workers of [`Lattice::run`].
struct RawBuf<S>(*mut S);
impl<S> Clone for RawBuf<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for RawBuf<S> {}
// SAFETY: the workers access the buffers only as `Lattice::run` lays out (disjoint writes,
// phases ordered by a barrier).
unsafe impl<S: Send> Send for RawBuf<S> {}
unsafe impl<S: Sync> Sync for RawBuf<S> {}

/// The lattice, its populations kept as `S` ([`Storage`]): f32 unless said otherwise.
pub struct Lattice<S: Storage = f32> {
    pub nx: usize,
    pub ny: usize,
    /// The populations, placed as `layout` says; `g` the second buffer of two (empty in
    /// place).
    f: Buffer<S>,
    g: Buffer<S>,
    layout: Layout,
    solid: Vec<bool>,
    /// 1 in fluid cells, 0 in solid ones.
    fluid: Vec<f32>,
    shapes: Vec<Shape>,
    specials: Vec<Special>,
    solids: Vec<u32>,
    /// Edge rows (0 and/or ny − 1) whose inner cells are the side walls' rule and plain
    /// streaming (no obstacle in them or the row inside), done by [`edge_row`] rather than one
    /// by one as special cells.
    edge_rows: Vec<usize>,
    /// Off: every edge cell goes through the generic special-cell path (for tests).
    pub fast_edges: bool,
    side_walls: SideWalls,
    /// The left edge, one per row: a wall moving at this velocity (lattice units), or open.
    pub inlet: Vec<Option<[f32; 2]>>,
    /// The right edge a no-slip wall (half-way bounce-back) rather than open; takes effect
    /// at the next `set_shapes`.
    pub right_wall: bool,
    pub relax: Relax,
    /// Force of the fluid on the obstacles in the last step, lattice units.
    pub force: [f64; 2],
    /// Bodies that move through the fluid (`bodies.rs`), the body (index + 1) over each cell
    /// or 0, their cells and the cells next to them (rebuilt as they move).
    bodies: Vec<MovingBody>,
    body_at: Vec<u16>,
    body_cells: Vec<(u32, u16)>,
    body_specials: Vec<Special>,
    /// Momentum the bodies took from cells they covered and gave to cells they uncovered when
    /// last moved, counted into the next step's force on them.
    body_impulse: Vec<[f64; 3]>,
    /// Force and torque (about its centre) of the fluid on each body in the last step.
    pub body_force: Vec<[f64; 3]>,
    /// Cells whose velocity a fan sets each step (to the equilibrium at their own density).
    pub fans: Vec<(u32, [f32; 2])>,
    /// Threads a step runs on.
    pub threads: usize,
    /// The threads beyond the caller's, kept from one step to the next.
    pool: pool::Pool,
    /// The rows' split between threads and the number of threads it is for (0: none yet, or
    /// the special cells have changed since).
    bands: (usize, Vec<Range<usize>>),
    /// The vector instructions the straight-line loops run with (the CPU's widest).
    pub kernel: Kernel,
    pub steps: u64,
}

impl Lattice {
    /// A fluid at rest (ρ = 1), no obstacles, its populations kept as f32.
    pub fn new(nx: usize, ny: usize, side_walls: SideWalls, relax: Relax) -> Self {
        Self::new_stored(nx, ny, side_walls, relax)
    }
}

impl<S: Storage> Lattice<S> {
    /// A fluid at rest (ρ = 1), no obstacles, its populations kept as `S`.
    pub fn new_stored(nx: usize, ny: usize, side_walls: SideWalls, relax: Relax) -> Self {
        assert!(nx >= 3 && ny >= 3, "a lattice needs an interior");
        let n = nx * ny;
        let rest = equilibrium(1.0, 0.0, 0.0);
        let mut f = Buffer::filled(Q * n, S::default());
        for i in 0..Q {
            f[i * n..(i + 1) * n].fill(S::store(rest[i], i));
        }
        let mut l = Self {
            nx,
            ny,
            g: f.clone(),
            f,
            layout: Layout::Apart,
            solid: vec![false; n],
            fluid: vec![1.0; n],
            shapes: Vec::new(),
            specials: Vec::new(),
            solids: Vec::new(),
            edge_rows: Vec::new(),
            fast_edges: true,
            side_walls,
            inlet: vec![Some([0.0; 2]); ny],
            right_wall: false,
            relax,
            force: [0.0; 2],
            bodies: Vec::new(),
            body_at: vec![0; n],
            body_cells: Vec::new(),
            body_specials: Vec::new(),
            body_impulse: Vec::new(),
            body_force: Vec::new(),
            fans: Vec::new(),
            threads: default_threads(),
            pool: Default::default(),
            bands: (0, Vec::new()),
            kernel: Kernel::best(),
            steps: 0,
        };
        l.set_shapes(Vec::new());
        l
    }

    pub fn cells(&self) -> usize {
        self.nx * self.ny
    }

    pub fn idx(&self, x: usize, y: usize) -> usize {
        y * self.nx + x
    }

    /// 1 per fluid cell, 0 per solid one.
    pub fn fluid_mask(&self) -> &[f32] {
        &self.fluid
    }

    pub fn is_solid(&self, x: usize, y: usize) -> bool {
        self.solid[self.idx(x, y)]
    }

    /// Pulls each listed cell a fraction `σ` of the way towards still air (ρ = 1, u = 0): an
    /// absorbing "sponge" layer.
    pub fn damp(&mut self, cells: &[(u32, f32)]) {
        let (nx, n, layout) = (self.nx, self.cells(), self.layout);
        let rest = equilibrium(1.0, 0.0, 0.0);
        // Direction by direction: with two buffers each pass walks one array in order.
        for (i, r) in rest.iter().enumerate() {
            for &(c, sigma) in cells {
                let v = &mut self.f[layout.slot(nx, n, c as usize, i)];
                let f = v.load(i);
                *v = S::store(f + sigma * (r - f), i);
            }
        }
    }

    /// Sets every cell to the equilibrium of `field(x, y) = (ρ, ux, uy)`.
    pub fn init(&mut self, field: impl Fn(usize, usize) -> (f32, f32, f32)) {
        for y in 0..self.ny {
            for x in 0..self.nx {
                let c = self.idx(x, y);
                let (r, ux, uy) = if self.solid[c] {
                    (1.0, 0.0, 0.0)
                } else {
                    field(x, y)
                };
                let e = equilibrium(r, ux, uy);
                self.put(c, &e);
            }
        }
    }

    /// Cell `c`'s populations after the last step's collision.
    fn post(&self, c: usize) -> [f32; Q] {
        let (nx, n) = (self.nx, self.cells());
        std::array::from_fn(|i| self.f[self.layout.slot(nx, n, c, i)].load(i))
    }

    /// Sets cell `c`'s populations (as after a collision).
    pub(in crate::model::lbm) fn put(&mut self, c: usize, f: &[f32; Q]) {
        let (nx, n, layout) = (self.nx, self.cells(), self.layout);
        for (i, v) in f.iter().enumerate() {
            self.f[layout.slot(nx, n, c, i)] = S::store(*v, i);
        }
    }

    /// One time step: stream and collide every cell.
    pub fn step(&mut self) {
        self.run(1);
    }

    /// `steps` time steps. With `threads` > 1 the lattice's kept threads (`pool.rs`) take a
    /// band of rows each and stream and collide it, its special cells, solids, moving bodies'
    /// links and fans included; they meet at a barrier once a step (twice in place).
    pub fn run(&mut self, steps: usize) {
        if steps == 0 {
            return;
        }
        let left = if self.in_place() {
            self.run_in_place(steps)
        } else {
            self.run_apart(steps)
        };
        self.sum_forces(&left, steps);
    }

    /// [`Lattice::run`] with two buffers, each band's step one phase: its interior, special
    /// cells, edge rows, moving bodies and fans from one buffer into its rows of the other.
    fn run_apart(&mut self, steps: usize) -> Vec<Left> {
        let (nx, n) = (self.nx, self.cells());
        let (p, kernel) = (self.relax, self.kernel);
        let mut a = std::mem::take(&mut self.f);
        let mut b = std::mem::take(&mut self.g);
        let len = a.len();
        let bufs = [RawBuf(a.as_mut_ptr()), RawBuf(b.as_mut_ptr())];
        let left = self.on_bands(|this, bands, barrier, k| {
            let rows = bands[k].clone();
            let cells = this.band_cells(bands, k);
            let (lo, hi) = (cells.start as usize, cells.end as usize);
            let (mut links, mut body_links) = (Vec::new(), Vec::new());
            for step in 0..steps {
                let (src, dst) = (bufs[step % 2], bufs[(step + 1) % 2]);
                {
                    // SAFETY: both buffers are `len` floats and outlive this scope. In this
                    // phase every worker reads `src` only and writes only cells `lo..hi` of
                    // each plane of `dst`, disjoint from every other worker's; the references
                    // end before the barrier, which orders this phase against the next.
                    let src = unsafe { std::slice::from_raw_parts(src.0.cast_const(), len) };
                    let mut dst = unsafe { Rows::of_raw(dst.0, n, lo, hi - lo) };
                    interior_band(src, &mut dst, nx, n, rows.clone(), p, kernel);
                    links.clear();
                    this.boundary_pass(src, &mut dst, cells.clone(), &mut links);
                    for &y in &this.edge_rows {
                        if cells.contains(&((y * nx) as u32)) {
                            edge_row(kernel, src, &mut dst, nx, n, y, this.side_walls, p);
                        }
                    }
                    // The moving bodies and the fans over what the step gave their cells.
                    body_links.clear();
                    this.body_pass(src, &mut dst, cells.clone(), &mut body_links);
                    this.fan_pass(&mut dst, cells.clone());
                }
                barrier.wait();
            }
            (links, body_links)
        });
        if steps % 2 == 1 {
            std::mem::swap(&mut a, &mut b);
        }
        self.f = a;
        self.g = b;
        left
    }

    /// [`Lattice::run`] in place (`in_place.rs`): each band's step in two phases, its
    /// special cells' rules worked out, then (after a barrier) its interior and their results
    /// written.
    fn run_in_place(&mut self, steps: usize) -> Vec<Left> {
        let mut f = std::mem::take(&mut self.f);
        let shared = in_place::Shared {
            len: f.len(),
            buf: RawBuf(f.as_mut_ptr()),
            p: self.relax,
            kernel: self.kernel,
        };
        let left = self.on_bands(|this, bands, barrier, k| {
            this.steps_in_place(&shared, barrier, bands, k, steps)
        });
        self.f = f;
        if steps % 2 == 1 {
            self.layout = match self.layout {
                Layout::Even => Layout::Odd,
                _ => Layout::Even,
            };
        }
        left
    }

    /// `work(lattice, bands, barrier, k)` for each band `k` of the rows, on the lattice's kept
    /// threads (`pool.rs`) and the caller's, with one barrier for them all; what each left.
    fn on_bands(
        &mut self,
        work: impl Fn(&Self, &[Range<usize>], &SpinBarrier, usize) -> Left + Sync,
    ) -> Vec<Left> {
        let bands = self.bands();
        let barrier = SpinBarrier::new(bands.len());
        let mut pool = std::mem::take(&mut self.pool);
        let left: Vec<std::sync::Mutex<Left>> = bands.iter().map(|_| Default::default()).collect();
        let this = &*self;
        pool.run(bands.len(), &|k| {
            let got = work(this, &bands, &barrier, k);
            *left[k].lock().unwrap_or_else(|e| e.into_inner()) = got;
        });
        self.pool = pool;
        left.into_iter()
            .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
            .collect()
    }

    /// The cells band `k` of `bands` writes: its rows, with the grid's edge row beyond them for
    /// the first and the last.
    fn band_cells(&self, bands: &[Range<usize>], k: usize) -> Range<u32> {
        let (nx, rows) = (self.nx, &bands[k]);
        let lo = if k == 0 { 0 } else { rows.start * nx };
        let hi = if k == bands.len() - 1 {
            self.cells()
        } else {
            rows.end * nx
        };
        lo as u32..hi as u32
    }

    /// The obstacles' force summed link by link in the cells' order, whichever band each link
    /// was in: the same bits on any number of threads; the bodies' likewise.
    fn sum_forces(&mut self, left: &[Left], steps: usize) {
        self.force = left
            .iter()
            .flat_map(|l| &l.0)
            .fold([0.0; 2], |s, f| [s[0] + f[0], s[1] + f[1]]);
        self.body_force = self.body_force_of(left.iter().flat_map(|l| &l.1), steps == 1);
        self.body_impulse.iter_mut().for_each(|i| *i = [0.0; 3]);
        self.steps += steps as u64;
    }

    /// [`Lattice::split`] for this lattice's threads, kept until its special cells change (a
    /// flow exhibit whose bodies move runs one step a call: split every call, it was 3 % of
    /// `falling_ball`'s time, `perf`, AMD EPYC).
    fn bands(&mut self) -> Vec<Range<usize>> {
        if self.bands.0 != self.threads {
            self.bands = (self.threads, self.split(self.threads));
        }
        self.bands.1.clone()
    }

    /// The interior rows split into up to `threads` bands of about equal work: a special cell
    /// costs about [`SPECIAL_COST`] plain ones, and the edge rows go with the first and last.
    fn split(&self, threads: usize) -> Vec<Range<usize>> {
        let (nx, ny) = (self.nx, self.ny);
        let mut cost = vec![nx as f64; ny];
        for sp in self.specials.iter().chain(&self.body_specials) {
            cost[sp.cell as usize / nx] += SPECIAL_COST;
        }
        cost[1] += cost[0];
        cost[ny - 2] += cost[ny - 1];
        let interior = &cost[1..ny - 1];
        let total: f64 = interior.iter().sum();
        let threads = threads.clamp(1, interior.len());
        let mut bands = Vec::with_capacity(threads);
        let (mut start, mut sum) = (1, 0.0);
        for (y, c) in (1..ny - 1).zip(interior) {
            sum += c;
            let k = bands.len() + 1;
            if k < threads && sum >= total * k as f64 / threads as f64 {
                bands.push(start..y + 1);
                start = y + 1;
            }
        }
        if start < ny - 1 {
            bands.push(start..ny - 1);
        }
        bands
    }

    /// Density and velocity of cell `c`.
    pub fn moments(&self, c: usize) -> (f32, f32, f32) {
        moments(self.post(c))
    }

    /// Velocity field into `ux`, `uy` (zero in solids); returns the largest speed, or NaN if
    /// any cell is not finite.
    pub fn velocity(&self, ux: &mut [f32], uy: &mut [f32]) -> f32 {
        let f = self.populations();
        let f = S::planes_f32(self.kernel, &f, self.cells());
        velocity(self.kernel, &f, &self.fluid, ux, uy)
    }

    /// Bilinear interpolation of (ρ, ux, uy) at a point (lattice coordinates) from the fluid
    /// cells round it only (NaN where there are none).
    pub fn sample(&self, p: [f64; 2]) -> [f64; 3] {
        let (x0, y0) = (p[0].floor(), p[1].floor());
        let (tx, ty) = (p[0] - x0, p[1] - y0);
        let mut sum = [0.0; 3];
        let mut wsum = 0.0;
        for (dx, dy, w) in [
            (0, 0, (1.0 - tx) * (1.0 - ty)),
            (1, 0, tx * (1.0 - ty)),
            (0, 1, (1.0 - tx) * ty),
            (1, 1, tx * ty),
        ] {
            let (x, y) = (x0 as i64 + dx, y0 as i64 + dy);
            if self.open_fluid(x, y) && w > 0.0 {
                let (r, ux, uy) = self.moments(self.idx(x as usize, y as usize));
                for (s, v) in sum.iter_mut().zip([r, ux, uy]) {
                    *s += w * v as f64;
                }
                wsum += w;
            }
        }
        if wsum > 0.0 {
            sum.map(|s| s / wsum)
        } else {
            [f64::NAN; 3]
        }
    }

    pub fn density_at(&self, p: [f64; 2]) -> f64 {
        self.sample(p)[0]
    }

    pub fn velocity_at(&self, p: [f64; 2]) -> [f64; 2] {
        let s = self.sample(p);
        [s[1], s[2]]
    }

    /// Total mass (sum of densities over fluid cells).
    pub fn mass(&self) -> f64 {
        (0..self.cells())
            .filter(|c| self.fluid[*c] > 0.0)
            .map(|c| self.moments(c).0 as f64)
            .sum()
    }

    /// Cells that take the generic boundary path (for tests).
    pub fn special_count(&self) -> usize {
        self.specials.len()
    }
}
