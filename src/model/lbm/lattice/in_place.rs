//! Streaming in place (Bailey, Myre, Walsh, Lilja & Saar 2009, "Accelerating lattice
//! Boltzmann fluid flows using graphics processors", ICPP; the "AA pattern"): one buffer, no
//! second copy. Steps alternate between two forms:
//! - from an even number of steps (layout `Even`: each population where it streams to) a step
//!   reads a cell's nine populations from its own places, collides them and writes each back
//!   where the opposite direction came from, every read and write at the cell itself (and
//!   leaves layout `Odd`);
//! - from an odd number, it reads each direction from the neighbour it comes from, in the
//!   place the last step left it, and writes each result into the neighbour it goes to, in the
//!   place it was read from (and leaves `Even`).
//!
//! A cell update then reads 36 bytes and writes the same 36 back, the lines already in the
//! cache: no second buffer whose lines a store must first read (an ordinary store into the
//! other buffer moves 108 bytes for the 72 counted), and half the memory.
//!
//! Each place in the buffer is read and written by one cell in a step, so the interior's
//! vector loop and every thread write only their own cells' places. The special cells' rules
//! read other cells' places (the obstacles' interpolation, an open edge's velocity, a free-slip
//! wall's mirror): they are all worked out first, into a list, before anything is written
//! (on several threads, a barrier between), and written after the interior, over what the
//! vector loop left in their places. The result is the same bits as two buffers: the same
//! values, kept in other places (a test holds the two to each other).

use super::super::storage::Storage;
use super::super::*;
use super::boundary::within;
use super::buffer::Buffer;
use super::places::{Even, Layout, Odd, Place, Posts};
use super::rows::Cells;
use super::{Lattice, Left, RawBuf, SpinBarrier};
use crate::model::simd::Kernel;
use std::borrow::Cow;
use std::marker::PhantomData;
use std::ops::Range;

/// Cells' places in the one buffer of an in-place lattice, for a step's writes.
struct Places<S, P> {
    buf: *mut S,
    nx: usize,
    n: usize,
    place: PhantomData<P>,
}

impl<S: Storage, P: Place> Cells for Places<S, P> {
    #[inline(always)]
    fn set(&mut self, c: usize, f: &[f32; Q]) {
        for (i, v) in f.iter().enumerate() {
            // SAFETY: `Places` is made only in `step_band`, over the buffer of 9n values, for
            // the writes of the cells whose places this band alone writes in that phase.
            unsafe { *self.buf.add(P::slot(self.nx, self.n, c, i)) = S::store(*v, i) }
        }
    }

    #[inline(always)]
    fn cell(&self, c: usize) -> [f32; Q] {
        // SAFETY: as in `set`.
        std::array::from_fn(|i| unsafe { (*self.buf.add(P::slot(self.nx, self.n, c, i))).load(i) })
    }
}

/// What a band of an in-place step works with, the same for every band.
pub(super) struct Shared<S> {
    pub(super) buf: RawBuf<S>,
    pub(super) len: usize,
    pub(super) p: Relax,
    pub(super) kernel: Kernel,
}

impl<S: Storage> Lattice<S> {
    /// Streams in place (one buffer, the AA pattern) or with two buffers, from the next step
    /// on; the populations are kept (only moved), and the cells stay the same bits either way.
    /// A lattice starts with two buffers. In place a step moves fewer bytes and holds half
    /// the memory: for grids larger than the caches (`caravan bench`'s large grid). In the
    /// caches two buffers are faster: their top and bottom rows have a vector loop of their
    /// own, where in place each edge cell takes its rules one by one, and their step one
    /// barrier, not two.
    pub fn set_in_place(&mut self, on: bool) {
        if on == self.in_place() {
            return;
        }
        let (nx, n) = (self.nx, self.cells());
        let kept = self.populations().into_owned();
        if on {
            self.layout = Layout::Even;
            for i in 0..Q {
                for c in 0..n {
                    self.f[Even::slot(nx, n, c, i)] = kept[i * n + c];
                }
            }
            self.g = Default::default();
        } else {
            self.layout = Layout::Apart;
            self.f = Buffer::from_slice(&kept);
            self.g = self.f.clone();
        }
        // The edge rows' own loop is for two buffers.
        self.set_shapes(self.shapes.clone());
    }

    /// Streams in place.
    pub fn in_place(&self) -> bool {
        self.layout != Layout::Apart
    }

    /// Every cell's populations after the last collision, cell `c`'s direction `i` at
    /// `i·n + c` (borrowed where they are kept so).
    pub fn populations(&self) -> Cow<'_, [S]> {
        let (nx, ny, n) = (self.nx, self.ny, self.cells());
        let f = &self.f;
        match self.layout {
            Layout::Apart => Cow::Borrowed(&f[..]),
            Layout::Odd => Cow::Owned((0..Q).flat_map(|i| plane(f, n, OPP[i])).copied().collect()),
            Layout::Even => {
                let mut out = vec![S::default(); Q * n];
                for (i, to) in out.chunks_exact_mut(n).enumerate() {
                    // The plane shifted by the direction, then the edge cells whose
                    // population would leave the grid.
                    let shift = CX[i] as isize + CY[i] as isize * nx as isize;
                    let from = plane(f, n, i);
                    let (a, b) = (shift.max(0) as usize, (-shift).max(0) as usize);
                    to[b..n - a].copy_from_slice(&from[a..n - b]);
                    let edges = (0..nx).chain(n - nx..n);
                    let sides = (1..ny - 1).flat_map(|y| [y * nx, y * nx + nx - 1]);
                    for c in edges.chain(sides) {
                        to[c] = f[Even::slot(nx, n, c, i)];
                    }
                }
                Cow::Owned(out)
            }
        }
    }

    /// `steps` in-place steps of band `k` of `bands` (its rows, with the grid's edge row beyond
    /// them for the first and the last), from the lattice's layout; what its obstacle links
    /// and moving bodies' links took in the last step.
    pub(super) fn steps_in_place(
        &self,
        shared: &Shared<S>,
        barrier: &SpinBarrier,
        bands: &[Range<usize>],
        k: usize,
        steps: usize,
    ) -> Left {
        // Kept from one step to the next: what the special cells' rules give, and the
        // momentum of the links.
        let (mut stash, mut left) = (Vec::new(), Left::default());
        let mut even = self.layout == Layout::Even;
        for _ in 0..steps {
            if even {
                self.step_band::<Even, Odd>(shared, barrier, bands, k, &mut stash, &mut left);
            } else {
                self.step_band::<Odd, Even>(shared, barrier, bands, k, &mut stash, &mut left);
            }
            even = !even;
        }
        left
    }

    /// One step of band `k`, from layout `B` to layout `A`; the momentum its obstacle links and
    /// moving bodies' links took into `links`.
    fn step_band<B: Place, A: Place>(
        &self,
        shared: &Shared<S>,
        barrier: &SpinBarrier,
        bands: &[Range<usize>],
        k: usize,
        stash: &mut Vec<(u32, [f32; Q])>,
        (links, body_links): &mut Left,
    ) {
        let (nx, n) = (self.nx, self.cells());
        let rows = bands[k].clone();
        let cells = self.band_cells(bands, k);
        stash.clear();
        links.clear();
        body_links.clear();
        {
            // SAFETY: the buffer is `len` values and outlives the step; in this phase every
            // band only reads it (the barrier below orders it against the writes).
            let buf = unsafe { std::slice::from_raw_parts(shared.buf.0.cast_const(), shared.len) };
            let before = Posts::<S, B>::new(buf, nx, n);
            let specials = within(&self.specials, |s| s.cell, &cells);
            let mut keep = |c: usize, g: &[f32; Q]| stash.push((c as u32, *g));
            self.apply(specials, before, Some(links), &mut Vec::new(), &mut keep);
            let near_bodies = within(&self.body_specials, |s| s.cell, &cells);
            self.apply(near_bodies, before, None, body_links, &mut keep);
        }
        barrier.wait();
        // The interior, over the places of its own cells only (the special ones among them
        // written over below). From `Even` each cell's places are its own (one run); from
        // `Odd` its neighbours', so an edge cell between two rows would write into places of
        // the row beyond the next: the band's first and last rows then run alone, so that
        // nothing outside the band's own cells' places is written.
        let swapped = B::FROM_NEIGHBOURS;
        // Runs of cells (first, count), at most three; an empty one is none.
        let row = |y: usize| (y * nx + 1, nx - 2);
        let (a, b) = (rows.start, rows.end - 1);
        let runs = if !swapped {
            [(a * nx + 1, rows.len() * nx - 2), (0, 0), (0, 0)]
        } else if b >= a + 2 {
            // The rows between the first and the last, as one run.
            [row(a), ((a + 1) * nx + 1, (b - a - 1) * nx - 2), row(b)]
        } else if b > a {
            [row(a), row(b), (0, 0)]
        } else {
            [row(a), (0, 0), (0, 0)]
        };
        for (first, m) in runs.into_iter().filter(|r| r.1 > 0) {
            // SAFETY: each slice is the places of cells `first .. first + m` for one
            // direction (in bounds: those cells and their neighbours are on the grid), which
            // those cells alone read and write in this step: disjoint from one another and
            // from every other band's.
            let planes: [&mut [S]; Q] = std::array::from_fn(|d| unsafe {
                let start = if swapped {
                    let from = first as isize - CX[d] as isize - CY[d] as isize * nx as isize;
                    OPP[d] * n + from as usize
                } else {
                    d * n + first
                };
                std::slice::from_raw_parts_mut(shared.buf.0.add(start), m)
            });
            S::collide_swap(shared.kernel, planes, m, shared.p);
        }
        // The special cells, solids, moving bodies and fans over that, each into its own
        // places.
        let mut places = Places {
            buf: shared.buf.0,
            nx,
            n,
            place: PhantomData::<A>,
        };
        for (c, g) in stash.iter() {
            places.set(*c as usize, g);
        }
        self.rest_solids(&mut places, cells.clone());
        self.fill_bodies(&mut places, cells.clone());
        self.fan_pass(&mut places, cells);
        barrier.wait();
    }
}

/// Plane `i` of nine `n`-cell planes.
fn plane<S>(f: &[S], n: usize, i: usize) -> &[S] {
    &f[i * n..(i + 1) * n]
}
