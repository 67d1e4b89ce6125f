//! Solid shapes in lattice coordinates (cell centres at integers): what is inside, where a link
//! between two cell centres first meets the edge (the wall distance q of interpolated
//! bounce-back), and the cells a shape can cover.

/// A solid shape in lattice coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Circle {
        x: f64,
        y: f64,
        r: f64,
    },
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
    },
    /// A closed ring of corners (even–odd inside).
    Polygon(Vec<[f64; 2]>),
    /// Every point within `r` of the segment a–b: one stretch of a thick wall.
    Capsule {
        a: [f64; 2],
        b: [f64; 2],
        r: f64,
    },
}

impl Shape {
    pub fn contains(&self, p: [f64; 2]) -> bool {
        match self {
            Shape::Circle { x, y, r } => (p[0] - x).powi(2) + (p[1] - y).powi(2) <= r * r,
            Shape::Rect { x0, y0, x1, y1 } => {
                p[0] >= *x0 && p[0] <= *x1 && p[1] >= *y0 && p[1] <= *y1
            }
            Shape::Polygon(ring) => crate::model::scene::shape::inside(p, ring),
            Shape::Capsule { a, b, r } => segment_distance2(p, *a, *b) <= r * r,
        }
    }

    /// The smallest box holding the shape: [x0, y0], [x1, y1].
    pub fn bounds(&self) -> [[f64; 2]; 2] {
        match self {
            Shape::Circle { x, y, r } => [[x - r, y - r], [x + r, y + r]],
            Shape::Rect { x0, y0, x1, y1 } => [[*x0, *y0], [*x1, *y1]],
            Shape::Polygon(ring) => ring.iter().fold(
                [[f64::INFINITY; 2], [f64::NEG_INFINITY; 2]],
                |[lo, hi], q| {
                    [
                        [lo[0].min(q[0]), lo[1].min(q[1])],
                        [hi[0].max(q[0]), hi[1].max(q[1])],
                    ]
                },
            ),
            Shape::Capsule { a, b, r } => [
                [a[0].min(b[0]) - r, a[1].min(b[1]) - r],
                [a[0].max(b[0]) + r, a[1].max(b[1]) + r],
            ],
        }
    }

    /// Where the segment a → b (a outside) first meets the shape, as a fraction of its length.
    /// Circles and boxes exactly; other shapes by bisection on `contains` between a and the
    /// first of eight evenly spaced points inside (a link is one or √2 cells: to 10⁻⁶ cell).
    ///
    /// Inlined for circles: a moving ball's links are found again every step, and a call each
    /// kept their square roots and divisions from overlapping (`Shape::hit` was 7–8 % of
    /// `falling_ball`'s time, `perf`, AMD EPYC).
    #[inline]
    pub fn hit(&self, a: [f64; 2], b: [f64; 2]) -> Option<f64> {
        match *self {
            Shape::Circle { x, y, r } => hit_circle([x, y], r, a, b),
            _ => self.hit_other(a, b),
        }
    }

    /// [`Shape::hit`], not inlined (every shape; the circle's is [`hit_circle`]).
    fn hit_other(&self, a: [f64; 2], b: [f64; 2]) -> Option<f64> {
        let d = [b[0] - a[0], b[1] - a[1]];
        match *self {
            Shape::Circle { x, y, r } => hit_circle([x, y], r, a, b),
            Shape::Rect { x0, y0, x1, y1 } => {
                // Slab method.
                let (mut t0, mut t1) = (0.0f64, 1.0f64);
                for (o, dd, lo, hi) in [(a[0], d[0], x0, x1), (a[1], d[1], y0, y1)] {
                    if dd.abs() < 1e-12 {
                        if o < lo || o > hi {
                            return None;
                        }
                    } else {
                        let (mut ta, mut tb) = ((lo - o) / dd, (hi - o) / dd);
                        if ta > tb {
                            std::mem::swap(&mut ta, &mut tb);
                        }
                        t0 = t0.max(ta);
                        t1 = t1.min(tb);
                    }
                }
                (t0 <= t1).then_some(t0)
            }
            Shape::Polygon(_) | Shape::Capsule { .. } => {
                let at = |t: f64| [a[0] + d[0] * t, a[1] + d[1] * t];
                if self.contains(a) {
                    return Some(0.0);
                }
                let mut hi = (1..=8)
                    .map(|k| k as f64 / 8.0)
                    .find(|t| self.contains(at(*t)))?;
                let mut lo = hi - 0.125;
                for _ in 0..20 {
                    let mid = 0.5 * (lo + hi);
                    if self.contains(at(mid)) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                Some(0.5 * (lo + hi))
            }
        }
    }

    /// The cells (x, y) whose centres the shape may hold, clipped to an nx × ny grid.
    pub fn cells(&self, nx: usize, ny: usize) -> impl Iterator<Item = (usize, usize)> {
        let [lo, hi] = self.bounds();
        let clip = |v: f64, n: usize| v.clamp(0.0, n as f64 - 1.0);
        let (x0, x1) = (clip(lo[0].ceil(), nx), clip(hi[0].floor(), nx));
        let (y0, y1) = (clip(lo[1].ceil(), ny), clip(hi[1].floor(), ny));
        let empty =
            hi[0] < 0.0 || hi[1] < 0.0 || lo[0] > nx as f64 - 1.0 || lo[1] > ny as f64 - 1.0;
        let (xs, ys) = if empty {
            (0..0, 0..0)
        } else {
            (x0 as usize..x1 as usize + 1, y0 as usize..y1 as usize + 1)
        };
        ys.flat_map(move |y| xs.clone().map(move |x| (x, y)))
    }
}

/// Squared distance from p to the segment a–b.
fn segment_distance2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
    ex * ex + ey * ey
}

/// The cells of an nx × ny grid whose centres the shapes hold.
pub fn rasterise(shapes: &[Shape], nx: usize, ny: usize) -> Vec<bool> {
    let mut solid = vec![false; nx * ny];
    for s in shapes {
        for (x, y) in s.cells(nx, ny) {
            if s.contains([x as f64, y as f64]) {
                solid[y * nx + x] = true;
            }
        }
    }
    solid
}

/// Where the segment a → b (a outside) first meets the circle of radius `r` about `c`, as a
/// fraction of its length.
#[inline(always)]
fn hit_circle(c: [f64; 2], r: f64, a: [f64; 2], b: [f64; 2]) -> Option<f64> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let o = [a[0] - c[0], a[1] - c[1]];
    let qa = d[0] * d[0] + d[1] * d[1];
    let qb = 2.0 * (o[0] * d[0] + o[1] * d[1]);
    let qc = o[0] * o[0] + o[1] * o[1] - r * r;
    let disc = qb * qb - 4.0 * qa * qc;
    if disc < 0.0 {
        return None;
    }
    let t = (-qb - disc.sqrt()) / (2.0 * qa);
    (0.0..=1.0).contains(&t).then_some(t)
}
