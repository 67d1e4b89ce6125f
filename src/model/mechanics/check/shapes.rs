//! A body's shape: every size physical, a compound's parts, a track's curve sampled and
//! checked (its own numbers, its length, how sharply it bends).

use super::super::curve::{self, Curve};
use super::super::spec::*;
use super::{REACH_M, SIZE_M, finite3};
use crate::problems::{Problems, join, num};

pub(super) fn size(p: &mut Problems, path: &str, x: f64) {
    p.range(path, x, SIZE_M.0, SIZE_M.1, "m");
}

pub(super) fn shape(sh: &BodyShape, sp: &str, p: &mut Problems) {
    match sh {
        BodyShape::Sphere { radius_m } => size(p, &join(sp, "radius_m"), *radius_m),
        BodyShape::Box { size_m } => {
            p.range_each(&join(sp, "size_m"), *size_m, SIZE_M.0, SIZE_M.1, "m")
        }
        BodyShape::Cylinder { radius_m, height_m }
        | BodyShape::Capsule { radius_m, height_m }
        | BodyShape::Cone { radius_m, height_m } => {
            size(p, &join(sp, "radius_m"), *radius_m);
            size(p, &join(sp, "height_m"), *height_m);
        }
        BodyShape::Tube {
            radius_m,
            height_m,
            wall_m,
        } => {
            size(p, &join(sp, "radius_m"), *radius_m);
            size(p, &join(sp, "height_m"), *height_m);
            size(p, &join(sp, "wall_m"), *wall_m);
            if wall_m >= radius_m {
                p.push_named(
                    join(sp, "wall_m"),
                    format!(
                        "a wall of {} m leaves no bore in a radius of {} m: make it thinner (a solid one is a `Cylinder`)",
                        num(*wall_m),
                        num(*radius_m)
                    ),
                );
            }
        }
        BodyShape::Compound(parts) => {
            if parts.is_empty() || parts.len() > 16 {
                p.push_named(sp, format!("{} parts: a compound has 1 to 16", parts.len()));
            }
            for (i, part) in parts.iter().enumerate() {
                let pp = format!("{sp}[{i}]");
                if matches!(part.shape, BodyShape::Track { .. } | BodyShape::Compound(_)) {
                    p.push_named(
                        join(&pp, "shape"),
                        "a compound's parts are spheres, boxes, cylinders, tubes, capsules or cones",
                    );
                } else {
                    shape(&part.shape, &join(&pp, "shape"), p);
                }
                finite3(p, &join(&pp, "offset_m"), part.offset_m, SIZE_M.1);
                if let Some(d) = part.density_kg_m3 {
                    p.range(&join(&pp, "density_kg_m3"), d, 1.0, 25000.0, "kg/m³");
                }
                finite3(p, &join(&pp, "rotation_deg"), part.rotation_deg, 3600.0);
            }
        }
        BodyShape::Track { curve, profile } => {
            let gap = match profile {
                Profile::Rail { radius_m } => {
                    p.range(
                        &join(&join(sp, "profile"), "radius_m"),
                        *radius_m,
                        0.0005,
                        0.05,
                        "m",
                    );
                    2.0 * radius_m
                }
                Profile::Channel { width_m, wall_m } => {
                    p.range(
                        &join(&join(sp, "profile"), "width_m"),
                        *width_m,
                        0.005,
                        1.0,
                        "m",
                    );
                    p.range(
                        &join(&join(sp, "profile"), "wall_m"),
                        *wall_m,
                        0.0,
                        0.5,
                        "m",
                    );
                    0.001
                }
            };
            if check_curve(curve, &join(sp, "curve"), p) {
                let points = curve.sample();
                if points.len() >= curve::MAX_SAMPLES {
                    p.push_named(join(sp, "curve"),
                        format!(
                            "the curve needs more than {} points to follow within {} mm: split it or smooth it",
                            curve::MAX_SAMPLES,
                            curve::TOLERANCE_M * 1e3
                        ),
                    );
                } else if let Some((i, j)) = curve::self_intersection(&points, gap.max(1e-4)) {
                    let q = |k: usize| points[k].map(|x| (x * 1000.0).round() / 1000.0);
                    p.push_named(join(sp, "curve"),
                        format!(
                            "the track runs into itself (near {:?} and {:?} m): a track must not cross or touch itself",
                            q(i),
                            q(j)
                        ),
                    );
                }
            }
        }
    }
}

/// The curve's own numbers; true if it can be sampled.
fn check_curve(c: &Curve, cp: &str, p: &mut Problems) -> bool {
    let before = p.items.len();
    match c {
        Curve::Line { from_m, to_m } => {
            finite3(p, &join(cp, "from_m"), *from_m, REACH_M);
            finite3(p, &join(cp, "to_m"), *to_m, REACH_M);
            if p.items.len() == before
                && crate::model::norm(crate::model::sub(*to_m, *from_m)) < SIZE_M.0
            {
                p.push_named(
                    cp,
                    "the line's ends are the same point: a line needs two ends apart",
                );
            }
        }
        Curve::Arc {
            center_m,
            radius_m,
            from_deg,
            to_deg,
        } => {
            finite3(p, &join(cp, "center_m"), *center_m, REACH_M);
            size(p, &join(cp, "radius_m"), *radius_m);
            p.range(&join(cp, "from_deg"), *from_deg, -720.0, 720.0, "°");
            p.range(&join(cp, "to_deg"), *to_deg, -720.0, 720.0, "°");
            let span = (to_deg - from_deg).abs();
            if p.items.len() == before && !(0.5..=359.0).contains(&span) {
                p.push_named(join(cp, "to_deg"),
                    format!(
                        "the arc spans {}°: between 0.5° and 359° (a full circle would close on itself)",
                        num(span)
                    ),
                );
            }
        }
        Curve::Cycloid { from_m, to_m } => {
            finite3(p, &join(cp, "from_m"), *from_m, REACH_M);
            finite3(p, &join(cp, "to_m"), *to_m, REACH_M);
            if p.items.len() == before && curve::cycloid_through(*from_m, *to_m).is_none() {
                p.push_named(cp,
                    "a cycloid runs down from `from_m` to `to_m`: `to_m` must be at least 1 mm lower and 1 mm to one side",
                );
            }
        }
        Curve::Parabola {
            vertex_m,
            k_per_m,
            from_x_m,
            to_x_m,
        } => {
            finite3(p, &join(cp, "vertex_m"), *vertex_m, REACH_M);
            p.range(&join(cp, "k_per_m"), *k_per_m, -100.0, 100.0, "1/m");
            p.range(&join(cp, "from_x_m"), *from_x_m, -REACH_M, REACH_M, "m");
            p.range(&join(cp, "to_x_m"), *to_x_m, -REACH_M, REACH_M, "m");
            if p.items.len() == before && (to_x_m - from_x_m).abs() < SIZE_M.0 {
                p.push_named(
                    cp,
                    "the parabola's `from_x_m` and `to_x_m` are the same: give it a length",
                );
            }
        }
        Curve::Points(pts) => {
            if pts.len() < 2 {
                p.push_named(
                    cp,
                    format!("{} point(s): a curve needs at least two", pts.len()),
                );
            } else if pts.len() > 200 {
                p.push_named(
                    cp,
                    format!(
                        "{} points: at most 200 (the curve runs smoothly between them)",
                        pts.len()
                    ),
                );
            }
            for (i, q) in pts.iter().enumerate() {
                finite3(p, &format!("{cp}[{i}]"), *q, REACH_M);
            }
            if p.items.len() == before {
                for (i, w) in pts.windows(2).enumerate() {
                    if crate::model::norm(crate::model::sub(w[1], w[0])) < SIZE_M.0 {
                        p.push_named(
                            format!("{cp}[{}]", i + 1),
                            "this point repeats the one before: points must be apart",
                        );
                    }
                }
            }
        }
    }
    p.items.len() == before
}
