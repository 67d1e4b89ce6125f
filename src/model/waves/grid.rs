//! A scene laid on the grid: its time step and Courant number, where a point of the plane
//! falls among the cells, and the field's cells made from the walls and regions of speed.

use super::field::Field;
use super::spec::*;
use crate::model::TICK_HZ;
use crate::model::scene::curve::Curve;
use crate::model::scene::shape::inside;

/// A wall is at least this many cells thick: a one-cell staircase lets a wave through at its
/// corners (the five-point step couples a cell to its four sides only).
pub const MIN_WALL_CELLS: f64 = 1.5;

/// The scene's grid and clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    pub origin: P2,
    pub dx: f64,
    /// Cells of the field shown, across and up.
    pub cols: usize,
    pub rows: usize,
    /// Cells round it: the absorbing zone and the ring held at zero.
    pub pad: usize,
    /// s of the real wave per step.
    pub dt: f64,
}

impl Grid {
    /// Cells are centred on the points `origin_m + (i, j)·cell_m` (round numbers in the file
    /// fall on a cell, symmetric sources stay symmetric), from the origin to `size_m` on.
    pub fn of(f: &FieldSpec) -> Grid {
        // (Bounded, so that a scene the check will refuse still lays out: at most 2²⁰.)
        let cells = |len: f64| (len / f.cell_m).round().clamp(1.0, (1 << 20) as f64) as usize + 1;
        Grid {
            origin: f.origin_m,
            dx: f.cell_m,
            cols: cells(f.size_m[0]),
            rows: cells(f.size_m[1]),
            pad: f.sponge_cells.min(1 << 10) + 1,
            dt: 1.0 / (TICK_HZ * f.slowdown * f.steps_per_tick.max(1) as f64),
        }
    }

    pub fn nx(&self) -> usize {
        self.cols + 2 * self.pad
    }
    pub fn ny(&self) -> usize {
        self.rows + 2 * self.pad
    }

    /// The Courant number c·Δt/Δx at `speed`: the step is stable up to 1/√2.
    pub fn courant(&self, speed: f64) -> f64 {
        speed * self.dt / self.dx
    }

    /// Where `p` falls in cell units (cell (i, j)'s centre at (i, j)).
    pub fn cell_coords(&self, p: P2) -> P2 {
        [
            (p[0] - self.origin[0]) / self.dx + self.pad as f64,
            (p[1] - self.origin[1]) / self.dx + self.pad as f64,
        ]
    }

    /// The centre of cell (i, j), m.
    pub fn centre(&self, i: usize, j: usize) -> P2 {
        [
            self.origin[0] + (i as f64 - self.pad as f64) * self.dx,
            self.origin[1] + (j as f64 - self.pad as f64) * self.dx,
        ]
    }

    /// The field shown, m: its lower left and upper right corners (half a cell round the
    /// outer cells' centres).
    pub fn bounds(&self) -> [P2; 2] {
        let h = self.dx / 2.0;
        [
            [self.origin[0] - h, self.origin[1] - h],
            [
                self.origin[0] + (self.cols as f64 - 0.5) * self.dx,
                self.origin[1] + (self.rows as f64 - 0.5) * self.dx,
            ],
        ]
    }

    /// The cell holding `p`, if it is in the field shown.
    pub fn cell(&self, p: P2) -> Option<usize> {
        let [x, y] = self.cell_coords(p).map(|v| v.round());
        let (lo, hi_x, hi_y) = (
            self.pad as f64,
            (self.pad + self.cols) as f64,
            (self.pad + self.rows) as f64,
        );
        (x >= lo && x < hi_x && y >= lo && y < hi_y).then(|| y as usize * self.nx() + x as usize)
    }

    /// The four cells round `p` with their bilinear weights (`p` in the field shown).
    pub fn bilinear(&self, p: P2) -> [(usize, f32); 4] {
        let [x, y] = self.cell_coords(p);
        let max_x = (self.nx() - 2) as f64;
        let max_y = (self.ny() - 2) as f64;
        let (x, y) = (x.clamp(1.0, max_x), y.clamp(1.0, max_y));
        let (x0, y0) = (x.floor().min(max_x - 1.0), y.floor().min(max_y - 1.0));
        let (fx, fy) = ((x - x0) as f32, (y - y0) as f32);
        let i = y0 as usize * self.nx() + x0 as usize;
        let nx = self.nx();
        [
            (i, (1.0 - fx) * (1.0 - fy)),
            (i + 1, fx * (1.0 - fy)),
            (i + nx, (1.0 - fx) * fy),
            (i + nx + 1, fx * fy),
        ]
    }

    /// Whether `p` is in the field shown.
    pub fn contains(&self, p: P2) -> bool {
        let [lo, hi] = self.bounds();
        p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1]
    }
}

/// A wall's centre line as a polyline, moved, with an end on the field's edge carried on
/// through the absorbing zone (else a wave would slip round its end there).
pub fn wall_line(w: &WallSpec, g: &Grid) -> Vec<P2> {
    let mut line: Vec<P2> = w
        .curve
        .sample()
        .iter()
        .map(|q| [q[0] + w.shift_m[0], q[1] + w.shift_m[1]])
        .collect();
    let reach = (g.pad as f64 + 1.0) * g.dx;
    let [[x0, y0], [x1, y1]] = g.bounds();
    let out = |q: P2| -> Option<P2> {
        let near = 1.5 * g.dx;
        if (q[0] - x0).abs() < near {
            Some([q[0] - reach, q[1]])
        } else if (q[0] - x1).abs() < near {
            Some([q[0] + reach, q[1]])
        } else if (q[1] - y0).abs() < near {
            Some([q[0], q[1] - reach])
        } else if (q[1] - y1).abs() < near {
            Some([q[0], q[1] + reach])
        } else {
            None
        }
    };
    if let Some(q) = line.first().copied().and_then(out) {
        line.insert(0, q);
    }
    if let Some(q) = line.last().copied().and_then(out) {
        line.push(q);
    }
    line
}

/// Half a wall's thickness, m.
pub fn half_thickness(w: &WallSpec, g: &Grid) -> f64 {
    (w.thickness_m / 2.0).max(MIN_WALL_CELLS / 2.0 * g.dx)
}

/// The cells whose centres lie within `half` of the polyline.
pub fn cells_near(line: &[P2], half: f64, g: &Grid) -> Vec<usize> {
    let (nx, ny) = (g.nx(), g.ny());
    let mut out = Vec::new();
    for s in line.windows(2) {
        let (a, b) = (s[0], s[1]);
        let ca = g.cell_coords(a);
        let cb = g.cell_coords(b);
        let r = half / g.dx + 1.0;
        let lo = |u: f64, v: f64| ((u.min(v) - r).floor().max(1.0)) as usize;
        let hi = |u: f64, v: f64, n: usize| ((u.max(v) + r).ceil().max(0.0) as usize).min(n - 2);
        let ab = [b[0] - a[0], b[1] - a[1]];
        let len2 = (ab[0] * ab[0] + ab[1] * ab[1]).max(1e-24);
        for j in lo(ca[1], cb[1])..=hi(ca[1], cb[1], ny) {
            for i in lo(ca[0], cb[0])..=hi(ca[0], cb[0], nx) {
                let q = g.centre(i, j);
                let t = (((q[0] - a[0]) * ab[0] + (q[1] - a[1]) * ab[1]) / len2).clamp(0.0, 1.0);
                let d = (q[0] - a[0] - ab[0] * t).hypot(q[1] - a[1] - ab[1] * t);
                if d <= half {
                    out.push(j * nx + i);
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The scene's fastest wave speed (for the Courant limit and the absorbing zone).
pub fn fastest(s: &WavesParams) -> f64 {
    s.media
        .iter()
        .map(|m| m.speed_m_s)
        .fold(s.field.speed_m_s, f64::max)
}

/// The field's cells as the scene draws them: the speed of each (its region's, or the
/// field's), zero in the walls placed, and the rigid walls' weights for sound.
pub fn build(s: &WavesParams) -> Field {
    let g = Grid::of(&s.field);
    let c2 = |speed: f64| g.courant(speed).powi(2) as f32;
    let rate = Field::sponge_rate(s.field.sponge_cells, g.dx, s.field.speed_m_s);
    let mut f = Field::new(
        g.nx(),
        g.ny(),
        g.pad,
        g.dx,
        g.dt,
        c2(s.field.speed_m_s),
        s.field.damping_per_s,
        rate,
    );
    for m in &s.media {
        let ring: Vec<P2> = m
            .outline
            .ring()
            .iter()
            .map(|q| [q[0] + m.shift_m[0], q[1] + m.shift_m[1]])
            .collect();
        let k = c2(m.speed_m_s);
        let lo = ring
            .iter()
            .fold([f64::MAX; 2], |a, q| [a[0].min(q[0]), a[1].min(q[1])]);
        let hi = ring
            .iter()
            .fold([f64::MIN; 2], |a, q| [a[0].max(q[0]), a[1].max(q[1])]);
        let (clo, chi) = (g.cell_coords(lo), g.cell_coords(hi));
        let span = |a: f64, b: f64, n: usize| {
            (a.floor().max(1.0) as usize)..=((b.ceil().max(0.0) as usize).min(n - 2))
        };
        for j in span(clo[1], chi[1], g.ny()) {
            for i in span(clo[0], chi[0], g.nx()) {
                if inside(g.centre(i, j), &ring) {
                    f.c2[j * g.nx() + i] = k;
                }
            }
        }
    }
    let mut rigid = vec![false; f.c2.len()];
    for w in s.walls.iter().filter(|w| w.placed) {
        let holds = w.holds.unwrap_or(s.field.medium == Medium::Water);
        for i in cells_near(&wall_line(w, &g), half_thickness(w, &g), &g) {
            rigid[i] = !holds;
            f.c2[i] = 0.0;
        }
    }
    let nx = g.nx();
    for j in 1..g.ny() - 1 {
        for i in 1..nx - 1 {
            let c = j * nx + i;
            if f.c2[c] == 0.0 {
                continue;
            }
            let k = [c - 1, c + 1, c - nx, c + nx]
                .iter()
                .filter(|&&n| rigid[n])
                .count();
            if k > 0 {
                f.rigid.push((c as u32, f.c2[c] * f.b_at(c) * k as f32));
            }
        }
    }
    f.rigid_walls = rigid;
    f
}

/// Points along `curve` about half a cell apart, each with where it is along it: degrees for
/// an `Arc` (its angle), else metres from its start.
pub fn along(curve: &Curve, g: &Grid) -> Vec<(P2, f64)> {
    let pts: Vec<P2> = curve.sample().iter().map(|q| [q[0], q[1]]).collect();
    let total: f64 = pts
        .windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum();
    let n = ((total / (g.dx / 2.0)).ceil() as usize).clamp(2, 4000);
    let mut out = Vec::with_capacity(n + 1);
    let (mut seg, mut done) = (0, 0.0);
    for k in 0..=n {
        let s = total * k as f64 / n as f64;
        while seg + 2 < pts.len() {
            let l = (pts[seg + 1][0] - pts[seg][0]).hypot(pts[seg + 1][1] - pts[seg][1]);
            if done + l >= s {
                break;
            }
            done += l;
            seg += 1;
        }
        let (a, b) = (pts[seg], pts[(seg + 1).min(pts.len() - 1)]);
        let l = (b[0] - a[0]).hypot(b[1] - a[1]).max(1e-12);
        let t = ((s - done) / l).clamp(0.0, 1.0);
        let q = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
        let at = match curve {
            Curve::Arc {
                from_deg, to_deg, ..
            } => from_deg + (to_deg - from_deg) * s / total.max(1e-12),
            _ => s,
        };
        out.push((q, at));
    }
    out
}

/// Whether a wave from `start` (cells) can reach the absorbing edge through open cells (not
/// where walls close it in: a tube, a box).
pub fn reaches_edge(f: &Field, start: &[usize]) -> bool {
    let (nx, ny, pad) = (f.nx, f.ny, f.pad);
    let mut seen = vec![false; f.c2.len()];
    let mut todo: Vec<usize> = start.iter().copied().filter(|&c| f.c2[c] > 0.0).collect();
    for &c in &todo {
        seen[c] = true;
    }
    while let Some(c) = todo.pop() {
        let (x, y) = (c % nx, c / nx);
        if x < pad || y < pad || x >= nx - pad || y >= ny - pad {
            return true;
        }
        for n in [c - 1, c + 1, c - nx, c + nx] {
            if !seen[n] && f.c2[n] > 0.0 {
                seen[n] = true;
                todo.push(n);
            }
        }
    }
    false
}
