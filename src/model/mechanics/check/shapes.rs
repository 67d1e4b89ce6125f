//! A body's shape: every size physical, a compound's parts, a track's curve sampled and
//! checked (its own numbers, its length, how sharply it bends).

use super::super::curve;
use super::super::spec::*;
use super::{SIZE_M, finite3};
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
            if curve::check(curve, &join(sp, "curve"), p) {
                curve::check_path(curve, &join(sp, "curve"), gap, "track", p);
            }
        }
    }
}
