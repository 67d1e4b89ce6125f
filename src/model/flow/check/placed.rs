//! Where a flow scene's things sit: each body fine enough on the lattice and heavy enough for
//! the coupling; nozzles, bodies and anchors inside the field, clear of walls, obstacles and
//! each other; and the messages that name what covers them.

use super::super::MIN_CELLS_ACROSS;
use super::super::layout::{Grid, mouth_cells, solids};
use super::super::spec::*;
use super::{KIND, MIN_DENSITY_RATIO};
use crate::model::lbm::rasterise;
use crate::model::scene::curve::REACH_M;
use crate::model::scene::shape;
use crate::problems::{Problems, join, num, one_line};
/// A body: its shape fine enough on the lattice, its density heavy enough, its mount sound.
pub(super) fn body(
    s: &FlowParams,
    b: &BodySpec,
    g: &Grid,
    grid_ok: bool,
    bp: &str,
    p: &mut Problems,
) {
    p.range_each(&join(bp, "at_m"), b.at_m, -REACH_M, REACH_M, "m");
    p.range(&join(bp, "angle_deg"), b.angle_deg, -720.0, 720.0, "°");
    let moves = b.mount != Mount::Held;
    let air = s.field.density_kg_m3;
    if moves && !(b.density_kg_m3 >= MIN_DENSITY_RATIO * air && b.density_kg_m3 <= 1e5) {
        p.push_named(
            join(bp, "density_kg_m3"),
            format!(
                "{} kg/m³ is under {MIN_DENSITY_RATIO} × the air's {}: a body that light makes the coupling of body and air unstable; make it heavier (a ping-pong ball is ~80), or hold it (`mount: Held`)",
                num(b.density_kg_m3),
                num(air)
            ),
        );
    } else {
        p.range(
            &join(bp, "density_kg_m3"),
            b.density_kg_m3,
            1e-6,
            1e5,
            "kg/m³",
        );
    }
    if let Some(mu) = b.table_friction {
        p.range(&join(bp, "table_friction"), mu, 0.0, 2.0, "");
    }
    let sized = p.items.len();
    let across = match &b.shape {
        BodyShape::Disc { radius_m } => {
            p.range(&join(bp, "shape.radius_m"), *radius_m, 1e-6, REACH_M, "m");
            2.0 * radius_m
        }
        BodyShape::Outline(o) => {
            shape::check_outline(o, &join(bp, "shape"), "a body", KIND, p);
            if matches!(
                b.mount,
                Mount::Free | Mount::String { .. } | Mount::Hanging { .. }
            ) {
                p.push_named(
                    join(bp, "mount"),
                    "a body with an outline is held or turns on a hinge; free and hanging bodies are discs",
                );
            }
            let ring = o.ring();
            let span = |k: usize| {
                let (lo, hi) = ring
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |a, q| {
                        (a.0.min(q[k]), a.1.max(q[k]))
                    });
                hi - lo
            };
            span(0).max(span(1))
        }
    };
    // (A size out of range is refused above: no second message about it.)
    if grid_ok && p.items.len() == sized && across < MIN_CELLS_ACROSS * g.dx * (1.0 - 1e-9) {
        p.push_named(
            join(bp, "shape"),
            format!(
                "a lattice too coarse for the body: {} m across is {:.1} cells of {} m, and its force needs at least {MIN_CELLS_ACROSS} (smaller cells, or a larger body)",
                num(across),
                across / g.dx,
                num(g.dx)
            ),
        );
    }
    match &b.mount {
        Mount::String { anchor_m, length_m } => {
            let mp = join(bp, "mount");
            p.range_each(&join(&mp, "anchor_m"), *anchor_m, -REACH_M, REACH_M, "m");
            p.range(&join(&mp, "length_m"), *length_m, 1e-4, REACH_M, "m");
            let d = (b.at_m[0] - anchor_m[0]).hypot(b.at_m[1] - anchor_m[1]);
            if d > length_m * (1.0 + 1e-6) + 1e-9 {
                p.push_named(
                    join(&mp, "length_m"),
                    format!(
                        "the body starts {} m from the anchor, beyond its {} m string: move it in or lengthen the string",
                        num(d),
                        num(*length_m)
                    ),
                );
            }
        }
        Mount::Hinge { at_m } => {
            p.range_each(&join(bp, "mount.at_m"), *at_m, -REACH_M, REACH_M, "m");
        }
        Mount::Hanging { length_m } => {
            p.range(&join(bp, "mount.length_m"), *length_m, 1e-3, REACH_M, "m");
        }
        Mount::Free | Mount::Held => {}
    }
}

/// Nozzles, bodies and the anchors inside the field, not in a wall or obstacle, and bodies
/// clear of each other.
pub(super) fn placed(s: &FlowParams, g: &Grid, path: &str, p: &mut Problems) {
    let shapes = solids(s, g);
    let solid = rasterise(&shapes, g.nx, g.ny);
    let field = field_named(g);
    for (i, n) in s.nozzles.iter().enumerate() {
        let np = format!("{}[{i}]", join(path, "nozzles"));
        let a = n.angle_deg.to_radians();
        let (d, e) = ([a.cos(), a.sin()], [-a.sin(), a.cos()]);
        let w = n.width_m / 2.0;
        let back = 2.0 * g.dx;
        let corners = [
            [n.at_m[0] + e[0] * w, n.at_m[1] + e[1] * w],
            [n.at_m[0] - e[0] * w, n.at_m[1] - e[1] * w],
            [
                n.at_m[0] - d[0] * back + e[0] * w,
                n.at_m[1] - d[1] * back + e[1] * w,
            ],
            [
                n.at_m[0] - d[0] * back - e[0] * w,
                n.at_m[1] - d[1] * back - e[1] * w,
            ],
        ];
        if corners.iter().any(|c| !g.contains(*c)) {
            p.push_named(
                join(&np, "at_m"),
                format!(
                    "the nozzle's mouth at ({}, {}) m reaches outside {field}: move it in (its mouth is `width_m` across and two cells deep behind `at_m`)",
                    num(n.at_m[0]),
                    num(n.at_m[1])
                ),
            );
            continue;
        }
        // The mouth's cells, and how many of them are open air.
        let mouth: Vec<usize> = mouth_cells(n, a, g, |_| false)
            .iter()
            .map(|c| c.0 as usize)
            .collect();
        let open = mouth.iter().filter(|c| !solid[**c]).count();
        if open * 2 < mouth.len() {
            p.push_named(
                join(&np, "at_m"),
                format!(
                    "the nozzle's mouth at ({}, {}) m is mostly inside {}: move one or the other",
                    num(n.at_m[0]),
                    num(n.at_m[1]),
                    solid_over(s, g, &mouth)
                ),
            );
        }
    }
    let mut covers: Vec<Vec<usize>> = Vec::new();
    for (i, b) in s.bodies.iter().enumerate() {
        let bp = format!("{}[{i}]", join(path, "bodies"));
        let mb = super::super::bodies::Body::new(b).moving(g);
        let [blo, bhi] = mb.shape.bounds();
        let margin = 0.5;
        if blo[0] < margin
            || blo[1] < margin
            || bhi[0] > g.nx as f64 - 1.0 - margin
            || bhi[1] > g.ny as f64 - 1.0 - margin
        {
            p.push_named(
                join(&bp, "at_m"),
                format!(
                    "the body at ({}, {}) m reaches outside {field}: move it in or make it smaller (its `shape`: a `Disc`'s `radius_m`, a `Polygon`'s corners about `at_m`)",
                    num(b.at_m[0]),
                    num(b.at_m[1])
                ),
            );
            covers.push(Vec::new());
            continue;
        }
        let cells: Vec<usize> = mb
            .shape
            .cells(g.nx, g.ny)
            .filter(|&(x, y)| mb.shape.contains([x as f64, y as f64]))
            .map(|(x, y)| y * g.nx + x)
            .collect();
        if cells.iter().any(|c| solid[*c]) {
            p.push_named(
                join(&bp, "at_m"),
                format!(
                    "the body at ({}, {}) m is inside {}: move one or the other (a body's `at_m` and `shape`)",
                    num(b.at_m[0]),
                    num(b.at_m[1]),
                    solid_over(s, g, &cells)
                ),
            );
        }
        if let Some(j) = covers
            .iter()
            .position(|o| o.iter().any(|c| cells.contains(c)))
        {
            p.push_named(
                join(&bp, "at_m"),
                format!(
                    "the body overlaps `{}`: bodies start apart",
                    one_line(&s.bodies[j].id)
                ),
            );
        }
        covers.push(cells);
        if let Mount::String { anchor_m: q, .. } | Mount::Hinge { at_m: q } = &b.mount
            && !g.contains(*q)
        {
            p.push_named(
                join(&bp, "mount"),
                format!(
                    "its pivot at ({}, {}) m is outside {field}: move it in",
                    num(q[0]),
                    num(q[1])
                ),
            );
        }
    }
}

/// Which wall or obstacle covers any of `cells`, and the fields that place it.
fn solid_over(s: &FlowParams, g: &Grid, cells: &[usize]) -> String {
    use super::super::layout::{obstacle_shape, wall_shapes};
    let covers = |shapes: &[crate::model::lbm::Shape]| {
        shapes.iter().any(|sh| {
            sh.cells(g.nx, g.ny)
                .any(|(x, y)| sh.contains([x as f64, y as f64]) && cells.contains(&(y * g.nx + x)))
        })
    };
    for o in s.obstacles.iter().filter(|o| o.placed) {
        if covers(&[obstacle_shape(o, g)]) {
            let fields = match o.shape {
                Solid::Disc { .. } => "its `Disc`'s `at_m`, `radius_m`",
                Solid::Outline(_) => "its `Polygon` or curves",
            };
            return format!("the obstacle `{}` ({fields}, `shift_m`)", one_line(&o.id));
        }
    }
    for w in s.walls.iter().filter(|w| w.placed) {
        if covers(&wall_shapes(w, g)) {
            return format!(
                "the wall `{}` (its `curve`, `thickness_m`, `shift_m`)",
                one_line(&w.id)
            );
        }
    }
    "a wall or obstacle".to_string()
}

/// The field's span, for a message about something outside it, and where the file sets it.
pub(super) fn field_named(g: &Grid) -> String {
    let [lo, hi] = g.bounds();
    let m = |v: f64| num((v * 1e6).round() / 1e6);
    format!(
        "the field ({}–{} m across, {}–{} m up: `field.origin_m`, `field.size_m`)",
        m(lo[0]),
        m(hi[0]),
        m(lo[1]),
        m(hi[1])
    )
}
