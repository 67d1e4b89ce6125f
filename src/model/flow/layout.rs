//! The scene laid on the lattice: the grid's cells in metres and the time step, the walls and
//! obstacles as solid shapes, the nozzles' mouths as fan cells, the sponge along open edges.

use super::spec::*;
use crate::model::lbm::Shape;

/// The grid: cell (i, j)'s centre is at origin + ((i + ½)·dx, (j + ½)·dx).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    pub origin: P2,
    pub dx: f64,
    pub nx: usize,
    pub ny: usize,
    /// s of air per lattice step.
    pub dt: f64,
}

impl Grid {
    pub fn of(f: &FieldSpec) -> Grid {
        let n = |v: f64| ((v / f.cell_m).round().max(3.0)) as usize;
        Grid {
            origin: f.origin_m,
            dx: f.cell_m,
            nx: n(f.size_m[0]),
            ny: n(f.size_m[1]),
            dt: f.lattice_speed * f.cell_m / f.max_speed_m_s,
        }
    }

    /// m/s per lattice speed unit.
    pub fn speed(&self) -> f64 {
        self.dx / self.dt
    }

    /// The lattice's viscosity (τ − ½)/3 for the file's, and its relaxation time.
    pub fn tau(&self, f: &FieldSpec) -> f64 {
        0.5 + 3.0 * f.viscosity_m2_s * self.dt / (self.dx * self.dx)
    }

    /// Metres → lattice coordinates (cell centres at integers).
    pub fn to_lattice(&self, p: P2) -> P2 {
        [
            (p[0] - self.origin[0]) / self.dx - 0.5,
            (p[1] - self.origin[1]) / self.dx - 0.5,
        ]
    }

    pub fn to_m(&self, q: P2) -> P2 {
        [
            self.origin[0] + (q[0] + 0.5) * self.dx,
            self.origin[1] + (q[1] + 0.5) * self.dx,
        ]
    }

    /// The field's corners, m.
    pub fn bounds(&self) -> [P2; 2] {
        [
            self.origin,
            [
                self.origin[0] + self.nx as f64 * self.dx,
                self.origin[1] + self.ny as f64 * self.dx,
            ],
        ]
    }

    pub fn contains(&self, p: P2) -> bool {
        let [lo, hi] = self.bounds();
        p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1]
    }
}

fn shifted(p: P2, s: P2) -> P2 {
    [p[0] + s[0], p[1] + s[1]]
}

/// A wall as lattice shapes: a capsule along each stretch of its sampled curve.
pub fn wall_shapes(w: &WallSpec, g: &Grid) -> Vec<Shape> {
    let pts: Vec<P2> = w
        .curve
        .sample()
        .iter()
        .map(|q| g.to_lattice(shifted([q[0], q[1]], w.shift_m)))
        .collect();
    let r = w.thickness_m / g.dx / 2.0;
    pts.windows(2)
        .map(|s| Shape::Capsule {
            a: s[0],
            b: s[1],
            r,
        })
        .collect()
}

/// An obstacle as a lattice shape.
pub fn obstacle_shape(o: &ObstacleSpec, g: &Grid) -> Shape {
    match &o.shape {
        Solid::Disc { at_m, radius_m } => {
            let c = g.to_lattice(shifted(*at_m, o.shift_m));
            Shape::Circle {
                x: c[0],
                y: c[1],
                r: radius_m / g.dx,
            }
        }
        Solid::Outline(outline) => Shape::Polygon(
            outline
                .ring()
                .iter()
                .map(|q| g.to_lattice(shifted(*q, o.shift_m)))
                .collect(),
        ),
    }
}

/// Every placed wall and obstacle, as the lattice's solids.
pub fn solids(s: &FlowParams, g: &Grid) -> Vec<Shape> {
    let walls = s.walls.iter().filter(|w| w.placed);
    let obstacles = s.obstacles.iter().filter(|o| o.placed);
    walls
        .flat_map(|w| wall_shapes(w, g))
        .chain(obstacles.map(|o| obstacle_shape(o, g)))
        .collect()
}

/// The nozzle's aim now: its angle with the wobble at screen time `t_s`, radians.
pub fn aim(n: &NozzleSpec, t_s: f64) -> f64 {
    use std::f64::consts::TAU;
    let wobble = 0.5 * ((TAU * t_s / 3.1).sin() + (TAU * t_s / 1.7 + 1.0).sin());
    (n.angle_deg + n.wobble_deg * wobble).to_radians()
}

/// The cells of a nozzle's mouth (two cells deep behind `at_m`, `width_m` across), each with
/// its share of the jet's speed: 1 inside, falling to 0 over the last cell at each side so
/// the jet's edges are not a step.
pub fn mouth_cells(
    n: &NozzleSpec,
    angle: f64,
    g: &Grid,
    solid: impl Fn(usize) -> bool,
) -> Vec<(u32, f32)> {
    let c = g.to_lattice(n.at_m);
    let (d, e) = ([angle.cos(), angle.sin()], [-angle.sin(), angle.cos()]);
    let half = n.width_m / g.dx / 2.0;
    let depth = 2.0;
    let reach = half + depth + 1.0;
    let mut out = Vec::new();
    let (x0, x1) = (
        (c[0] - reach).floor().max(0.0) as usize,
        (c[0] + reach).ceil().max(0.0) as usize,
    );
    let (y0, y1) = (
        (c[1] - reach).floor().max(0.0) as usize,
        (c[1] + reach).ceil().max(0.0) as usize,
    );
    for y in y0..=y1.min(g.ny - 1) {
        for x in x0..=x1.min(g.nx - 1) {
            let r = [x as f64 - c[0], y as f64 - c[1]];
            let (along, across) = (r[0] * d[0] + r[1] * d[1], r[0] * e[0] + r[1] * e[1]);
            let share = (half + 0.5 - across.abs()).clamp(0.0, 1.0);
            let cell = y * g.nx + x;
            if (-depth..=0.0).contains(&along) && share > 0.0 && !solid(cell) {
                out.push((cell as u32, share as f32));
            }
        }
    }
    out
}

/// The sponge's strength at an open edge, per tick.
pub const SPONGE_MAX: f32 = 0.2;

/// The sponge's cells and strengths: rising as the square of the depth into each open edge
/// (not a wind's) to [`SPONGE_MAX`].
pub fn sponge(s: &FlowParams, g: &Grid) -> Vec<(u32, f32)> {
    let depth = s.field.sponge_cells;
    if depth == 0 {
        return Vec::new();
    }
    let left = s.field.left == Edge::Open;
    let right = s.field.right == Side::Open;
    let sides = s.field.sides == Sides::Open;
    let mut cells = Vec::new();
    for y in 0..g.ny {
        for x in 0..g.nx {
            let mut d = if right { g.nx - 1 - x } else { usize::MAX };
            if left {
                d = d.min(x);
            }
            if sides {
                d = d.min(y).min(g.ny - 1 - y);
            }
            if d < depth {
                let k = 1.0 - d as f32 / depth as f32;
                cells.push(((y * g.nx + x) as u32, SPONGE_MAX * k * k));
            }
        }
    }
    cells
}
