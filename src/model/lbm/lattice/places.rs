//! Where a lattice keeps each cell's populations between steps ([`Layout`]): in two buffers,
//! or in one in either of streaming in place's two forms (`in_place.rs`); and the reading of
//! them that a step's special cells do ([`Posts`]), compiled for each.

use super::super::storage::Storage;
use super::super::{CX, CY, OPP};
use std::marker::PhantomData;

/// Where a lattice keeps cell `c`'s population in direction `i` after a step's collision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// Two buffers, a step reading one and writing the other: at `c`, plane `i`.
    Apart,
    /// In place after an even number of steps: where it streams to, `c + e_i`, plane `i`;
    /// where that is off the grid, at `c`, plane `ī` (a place no other population has).
    Even,
    /// In place after an odd number: at `c`, plane `ī`.
    Odd,
}

/// A [`Layout`] as a type, so that the special cells' rules are compiled for each.
pub(super) trait Place: Copy {
    /// A step from this layout reads each cell's populations from its neighbours' places.
    const FROM_NEIGHBOURS: bool;
    fn slot(nx: usize, n: usize, c: usize, i: usize) -> usize;
}

#[derive(Clone, Copy)]
pub(super) struct Apart;
#[derive(Clone, Copy)]
pub(super) struct Even;
#[derive(Clone, Copy)]
pub(super) struct Odd;

impl Place for Apart {
    const FROM_NEIGHBOURS: bool = true;
    #[inline(always)]
    fn slot(_: usize, n: usize, c: usize, i: usize) -> usize {
        i * n + c
    }
}

impl Place for Even {
    const FROM_NEIGHBOURS: bool = false;
    #[inline(always)]
    fn slot(nx: usize, n: usize, c: usize, i: usize) -> usize {
        let off = match CX[i] {
            1 => c % nx == nx - 1,
            -1 => c.is_multiple_of(nx),
            _ => false,
        } || match CY[i] {
            1 => c >= n - nx,
            -1 => c < nx,
            _ => false,
        };
        if off {
            OPP[i] * n + c
        } else {
            i * n + (c as isize + CX[i] as isize + CY[i] as isize * nx as isize) as usize
        }
    }
}

impl Place for Odd {
    const FROM_NEIGHBOURS: bool = true;
    #[inline(always)]
    fn slot(_: usize, n: usize, c: usize, i: usize) -> usize {
        OPP[i] * n + c
    }
}

impl Layout {
    pub(super) fn slot(self, nx: usize, n: usize, c: usize, i: usize) -> usize {
        match self {
            Layout::Apart => Apart::slot(nx, n, c, i),
            Layout::Even => Even::slot(nx, n, c, i),
            Layout::Odd => Odd::slot(nx, n, c, i),
        }
    }
}

/// The populations a step starts from, each cell's after the last collision, as `P` keeps
/// them in `buf`.
pub(super) struct Posts<'a, S, P> {
    buf: &'a [S],
    nx: usize,
    n: usize,
    place: PhantomData<P>,
}

impl<S, P> Clone for Posts<'_, S, P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S, P> Copy for Posts<'_, S, P> {}

impl<'a, S: Storage, P: Place> Posts<'a, S, P> {
    pub(super) fn new(buf: &'a [S], nx: usize, n: usize) -> Self {
        Posts {
            buf,
            nx,
            n,
            place: PhantomData,
        }
    }

    /// Cell `c`'s population in direction `i`.
    #[inline(always)]
    pub(super) fn at(&self, c: usize, i: usize) -> f32 {
        self.buf[P::slot(self.nx, self.n, c, i)].load(i)
    }
}
