//! The scene's geometry in plain vectors: rotations from the file's degrees, the frame along a
//! track, a channel's mesh, where a ball starts on a track, how far a shape reaches. The view
//! draws with the same functions the physics builds with.

use super::super::curve::Curve;
use super::super::parts::vec3;
use super::super::spec::*;
use crate::model::{V3, add, cross, dot, norm, normalize, scale, sub};
use rapier3d::prelude::Rotation;

/// Rotation about x, then y, then z (degrees).
pub fn rotation(deg: V3) -> Rotation {
    let r = |d: f64| d.to_radians() as f32;
    Rotation::from_rotation_z(r(deg[2]))
        * Rotation::from_rotation_y(r(deg[1]))
        * Rotation::from_rotation_x(r(deg[0]))
}

/// [`rotation`] as x, y, z, w: what the view turns its meshes by.
pub fn rotation_xyzw(deg: V3) -> [f32; 4] {
    rotation(deg).to_array()
}

/// The frame of a track at each sample: the across direction `w` (world z made square to the
/// curve, its sign chosen so that `up` = w × tangent points up on average) and `up`.
pub fn track_frames(points: &[V3]) -> Vec<(V3, V3)> {
    let n = points.len();
    let tangent = |i: usize| {
        let (a, b) = (points[i.saturating_sub(1)], points[(i + 1).min(n - 1)]);
        normalize(sub(b, a))
    };
    let mut frames: Vec<(V3, V3)> = (0..n)
        .map(|i| {
            let t = tangent(i);
            let z = [0.0, 0.0, 1.0];
            let w = normalize(sub(z, scale(t, dot(z, t))));
            (w, normalize(cross(w, t)))
        })
        .collect();
    let mean_up: f64 = frames.iter().map(|f| f.1[1]).sum();
    if mean_up < 0.0 {
        for f in &mut frames {
            *f = (scale(f.0, -1.0), scale(f.1, -1.0));
        }
    }
    frames
}

/// A channel's surface: the floor (its top on the curve) and two walls, as triangles facing
/// the inside, so a ball meets only the side it rides on.
pub fn channel_mesh(curve: &Curve, width_m: f64, wall_m: f64) -> (Vec<V3>, Vec<[u32; 3]>) {
    let p = curve.sample();
    let frames = track_frames(&p);
    let mut verts = Vec::new();
    for (pi, (w, up)) in p.iter().zip(&frames) {
        let l = add(*pi, scale(*w, -width_m / 2.0));
        let r = add(*pi, scale(*w, width_m / 2.0));
        verts.extend([l, r, add(l, scale(*up, wall_m)), add(r, scale(*up, wall_m))]);
    }
    let mut tris = Vec::new();
    let mut face = |a: u32, b: u32, c: u32, want: V3, verts: &[V3]| {
        let n = cross(
            sub(verts[b as usize], verts[a as usize]),
            sub(verts[c as usize], verts[a as usize]),
        );
        tris.push(if dot(n, want) >= 0.0 {
            [a, b, c]
        } else {
            [a, c, b]
        });
    };
    for (i, &(w, up)) in frames.iter().enumerate().take(p.len().saturating_sub(1)) {
        let (k, m) = (4 * i as u32, 4 * (i + 1) as u32);
        // Floor, facing up; left wall facing +w; right wall facing −w.
        face(k, k + 1, m, up, &verts);
        face(k + 1, m + 1, m, up, &verts);
        face(k, m, k + 2, w, &verts);
        face(m, m + 2, k + 2, w, &verts);
        face(k + 1, k + 3, m + 1, scale(w, -1.0), &verts);
        face(m + 1, k + 3, m + 3, scale(w, -1.0), &verts);
    }
    (verts, tris)
}

/// Where a body of `radius` rests at the start of `track`.
pub fn start_on(track: &BodySpec, radius: f64) -> Option<V3> {
    let BodyShape::Track { curve, profile } = &track.shape else {
        return None;
    };
    let p = curve.sample();
    let (_, up) = *track_frames(&p).first()?;
    let lift = match profile {
        Profile::Rail { radius_m } => radius + radius_m,
        Profile::Channel { .. } => radius,
    };
    // A hair above the surface, so the first step starts without overlap.
    Some(add(p[0], scale(up, lift + 1e-4)))
}

/// The largest distance of the shape from the body's centre.
pub fn bounding_radius(shape: &BodyShape) -> f64 {
    match shape {
        BodyShape::Sphere { radius_m } => *radius_m,
        BodyShape::Box { size_m } => norm(*size_m) / 2.0,
        BodyShape::Cylinder { radius_m, height_m }
        | BodyShape::Cone { radius_m, height_m }
        | BodyShape::Tube {
            radius_m, height_m, ..
        } => (radius_m * radius_m + height_m * height_m / 4.0).sqrt(),
        BodyShape::Capsule { radius_m, height_m } => radius_m + height_m / 2.0,
        BodyShape::Compound(parts) => parts
            .iter()
            .map(|p| norm(p.offset_m) + bounding_radius(&p.shape))
            .fold(0.0, f64::max),
        BodyShape::Track { .. } => 0.0,
    }
}

pub(super) fn rotation_about(axis: V3, deg: f64) -> Rotation {
    Rotation::from_axis_angle(vec3(normalize(axis)), deg.to_radians() as f32)
}
