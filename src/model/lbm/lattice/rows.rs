//! The lattice's passes over its planes of populations, whatever they are kept as
//! ([`Storage`]): the interior's band of rows and the top and bottom edge rows (pull, collide,
//! write). Their collisions go through [`Storage::collide_run`], the f32
//! loops of `kernels.rs` or the 16-bit ones of `storage/`.

use super::super::storage::Storage;
use super::super::{CX, CY, MIRROR_Y, OPP, Q, Relax, SideWalls, anti_bounce_back};
use crate::model::simd::Kernel;
use std::ops::Range;

/// The same rows of the nine planes of a population buffer (planes `n` cells apart): all one
/// worker writes in a step's parallel phase.
pub(super) struct Rows<'a, S> {
    planes: [&'a mut [S]; Q],
    /// The cell index of each slice's first cell.
    first: usize,
}

impl<'a, S: Storage> Rows<'a, S> {
    /// Cells `first .. first + len` of each plane of the buffer at `buf`.
    ///
    /// # Safety
    /// `buf` holds nine planes of `n` cells, `first + len ≤ n`, and nothing else reads or
    /// writes those cells while the result lives.
    pub(super) unsafe fn of_raw(buf: *mut S, n: usize, first: usize, len: usize) -> Self {
        Rows {
            // SAFETY: in bounds and not aliased, as the caller promises.
            planes: std::array::from_fn(|i| unsafe {
                std::slice::from_raw_parts_mut(buf.add(i * n + first), len)
            }),
            first,
        }
    }

    /// Cells `c .. c + m` of each plane.
    #[inline(always)]
    fn run(&mut self, c: usize, m: usize) -> [&mut [S]; Q] {
        let mut it = self
            .planes
            .iter_mut()
            .map(|d| &mut d[c - self.first..][..m]);
        std::array::from_fn(|_| it.next().expect("nine planes"))
    }
}

/// Where a step writes its cells' populations after their collision: the rows of the other
/// buffer ([`Rows`]), or in place (`in_place.rs`).
pub(super) trait Cells {
    /// Sets cell `c`'s populations.
    fn set(&mut self, c: usize, f: &[f32; Q]);
    /// Cell `c`'s populations as set.
    fn cell(&self, c: usize) -> [f32; Q];
}

impl<S: Storage> Cells for Rows<'_, S> {
    #[inline(always)]
    fn set(&mut self, c: usize, f: &[f32; Q]) {
        for (i, (plane, v)) in self.planes.iter_mut().zip(f).enumerate() {
            plane[c - self.first] = S::store(*v, i);
        }
    }

    #[inline(always)]
    fn cell(&self, c: usize) -> [f32; Q] {
        std::array::from_fn(|i| self.planes[i][c - self.first].load(i))
    }
}

/// Row `y` (0 or ny − 1, cells 1 … nx − 2) of the top or bottom edge, `walls` its kind: the
/// directions that come from outside the grid get what the special-cell rules would give them
/// — anti-bounce-back at ρ = 1 with the cell's own velocity where the edge is open, the cell's
/// own opposite population at a no-slip wall, the mirrored one from the cell beside it at a
/// free-slip wall — the others stream; then the collision, by the interior's own row loop.
/// (One loop doing both stayed scalar, the compiler unable to prove its indices in bounds:
/// 45–50 ns a cell; this way 15.)
#[allow(clippy::too_many_arguments)]
pub(super) fn edge_row<S: Storage>(
    kernel: Kernel,
    src: &[S],
    dst: &mut Rows<S>,
    nx: usize,
    n: usize,
    y: usize,
    walls: SideWalls,
    p: Relax,
) {
    // Which directions come in from outside, known when compiled.
    if y == 0 {
        edge_row_of::<S, true>(kernel, src, dst, nx, n, y, walls, p)
    } else {
        edge_row_of::<S, false>(kernel, src, dst, nx, n, y, walls, p)
    }
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn edge_row_of<S: Storage, const BOTTOM: bool>(
    kernel: Kernel,
    src: &[S],
    dst: &mut Rows<S>,
    nx: usize,
    n: usize,
    y: usize,
    walls: SideWalls,
    p: Relax,
) {
    let m = nx - 2;
    // The directions that come from outside: at the bottom row those with cy = +1, at the top
    // those with cy = −1.
    let inward: [usize; 3] = if BOTTOM { [2, 5, 6] } else { [4, 7, 8] };
    // Plane `i` from the cell (x − cx, y − cy) on, for the row's cells x = 1 … nx − 2.
    let from = |i: usize, cx: i32, cy: i32| {
        let start = i * n + (y as i64 - cy as i64) as usize * nx + (1 - cx) as usize;
        &src[start..start + m]
    };
    // An open edge's inward populations for the whole row first (their own loop, which
    // vectorises), kept as the lattice keeps populations; then the row as the interior's is,
    // pulling those three from there.
    let mut from_outside = Vec::new();
    if walls == SideWalls::Open {
        from_outside = vec![S::default(); 3 * m];
        let [o0, o1, o2, o3, o4, o5, o6, o7, o8]: [&[S]; Q] =
            std::array::from_fn(|i| from(i, 0, 0));
        let (a, rest) = from_outside.split_at_mut(m);
        let (b, c) = rest.split_at_mut(m);
        let (a, b, c) = (&mut a[..m], &mut b[..m], &mut c[..m]);
        for k in 0..m {
            let f = [
                o0[k].load(0),
                o1[k].load(1),
                o2[k].load(2),
                o3[k].load(3),
                o4[k].load(4),
                o5[k].load(5),
                o6[k].load(6),
                o7[k].load(7),
                o8[k].load(8),
            ];
            let rho = f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7] + f[8];
            let ux = (f[1] - f[3] + f[5] - f[6] - f[7] + f[8]) / rho;
            let uy = (f[2] - f[4] + f[5] + f[6] - f[7] - f[8]) / rho;
            let anti = |j: usize| {
                S::store(
                    anti_bounce_back(f[OPP[inward[j]]], inward[j], [ux, uy]),
                    inward[j],
                )
            };
            a[k] = anti(0);
            b[k] = anti(1);
            c[k] = anti(2);
        }
    }
    let pulled: [&[S]; Q] = std::array::from_fn(|i| match inward.iter().position(|d| *d == i) {
        None => from(i, CX[i], CY[i]),
        Some(j) => match walls {
            SideWalls::Open => &from_outside[j * m..(j + 1) * m],
            SideWalls::NoSlip => from(OPP[i], 0, 0),
            SideWalls::FreeSlip => from(MIRROR_Y[i], CX[i], 0),
        },
    });
    S::collide_run(kernel, pulled, dst.run(y * nx + 1, m), m, p);
}

/// The interior rows `rows` (1 ≤ y < ny − 1) of one step, as one run of cells from the first
/// row's x = 1 to the last row's x = nx − 2: the edge cells between one row and the next are
/// pulled and collided too (from the cells beside them in memory, finite), and written over
/// by the boundary pass after, as every edge cell is a special one. One run has one scalar
/// tail, where a row each had theirs: up to 15 cells of 254, a quarter of the row's time
/// (measured with `perf`, Intel Xeon, AVX-512).
pub(super) fn interior_band<S: Storage>(
    src: &[S],
    dst: &mut Rows<S>,
    nx: usize,
    n: usize,
    rows: Range<usize>,
    p: Relax,
    kernel: Kernel,
) {
    if rows.is_empty() {
        return;
    }
    let first = rows.start * nx + 1;
    let m = rows.len() * nx - 2;
    let src_run: [&[S]; Q] = std::array::from_fn(|i| {
        let from = first as i64 - CX[i] as i64 - CY[i] as i64 * nx as i64;
        let start = i * n + from as usize;
        &src[start..start + m]
    });
    S::collide_run(kernel, src_run, dst.run(first, m), m, p);
}
