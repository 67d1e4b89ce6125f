//! A curve's checks, for every kind that builds on curves: its own numbers (in reach, of a
//! physical size, an arc of a sensible span) and, sampled, its path (within the sample
//! budget, not running into itself).

use super::*;
use crate::problems::{Problems, join, num};

/// Where a curve's points may be, m from the origin on each axis.
pub const REACH_M: f64 = 50.0;
/// Sizes of a curve (a length, a radius), m: from a millimetre to 5 m.
pub const SIZE_M: (f64, f64) = (0.001, 5.0);

fn finite3(p: &mut Problems, path: &str, v: V3, reach: f64) {
    p.range_each(path, v, -reach, reach, "");
}

fn size(p: &mut Problems, path: &str, x: f64) {
    p.range(path, x, SIZE_M.0, SIZE_M.1, "m");
}

/// The curve's own numbers; true if it can be sampled.
pub fn check(c: &Curve, cp: &str, p: &mut Problems) -> bool {
    let before = p.items.len();
    match c {
        Curve::Line { from_m, to_m } => {
            finite3(p, &join(cp, "from_m"), *from_m, REACH_M);
            finite3(p, &join(cp, "to_m"), *to_m, REACH_M);
            if p.items.len() == before && norm(sub(*to_m, *from_m)) < SIZE_M.0 {
                p.push_named(
                    join(cp, "to_m"),
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
        Curve::Ellipse {
            center_m,
            semi_axes_m,
            from_deg,
            to_deg,
        } => {
            finite3(p, &join(cp, "center_m"), *center_m, REACH_M);
            p.range_each(
                &join(cp, "semi_axes_m"),
                *semi_axes_m,
                SIZE_M.0,
                SIZE_M.1,
                "m",
            );
            p.range(&join(cp, "from_deg"), *from_deg, -720.0, 720.0, "°");
            p.range(&join(cp, "to_deg"), *to_deg, -720.0, 720.0, "°");
            let span = (to_deg - from_deg).abs();
            if p.items.len() == before && !(0.5..=359.0).contains(&span) {
                p.push_named(join(cp, "to_deg"),
                    format!(
                        "the ellipse's arc spans {}°: between 0.5° and 359° (a whole one would close on itself)",
                        num(span)
                    ),
                );
            }
        }
        Curve::Cycloid { from_m, to_m } => {
            finite3(p, &join(cp, "from_m"), *from_m, REACH_M);
            finite3(p, &join(cp, "to_m"), *to_m, REACH_M);
            if p.items.len() == before && cycloid_through(*from_m, *to_m).is_none() {
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
                    if norm(sub(w[1], w[0])) < SIZE_M.0 {
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

/// A valid curve's path as sampled: within the sample budget, and not running into itself
/// closer than `gap` m (`what` names it in the message: a track, a mirror).
pub fn check_path(c: &Curve, cp: &str, gap: f64, what: &str, p: &mut Problems) {
    let points = c.sample();
    if points.len() >= MAX_SAMPLES {
        p.push_named(
            cp,
            format!(
                "the curve needs more than {MAX_SAMPLES} points to follow within {} mm: split it or smooth it",
                TOLERANCE_M * 1e3
            ),
        );
    } else if let Some((i, j)) = self_intersection(&points, gap.max(1e-4)) {
        let q = |k: usize| points[k].map(|x| (x * 1000.0).round() / 1000.0);
        p.push_named(
            cp,
            format!(
                "the {what} runs into itself (near {:?} and {:?} m): a {what} must not cross or touch itself",
                q(i),
                q(j)
            ),
        );
    }
}
