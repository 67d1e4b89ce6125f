//! What the `mechanics` view draws over the bodies, as lines each frame: springs as coils that
//! stretch, ropes, hinges' axles, each magnet's poles, and the trail a body's centre leaves.

use super::super::{ActiveExhibit, ViewSet, active_kind};
use super::view::MechVisual;
use super::{KIND, to_vec3};
use crate::descriptor::kinds::KindParams;
use crate::model::mechanics::{Facing, ForceSpec, JointKind, Law, MechanicsParams};
use crate::model::{V3, add};
use bevy::prelude::*;
use std::collections::{BTreeMap, VecDeque};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Trails>();
    app.add_systems(
        PostUpdate,
        (draw_springs_and_ropes, draw_magnets, draw_trails)
            .in_set(ViewSet)
            .run_if(active_kind(KIND)),
    );
}

/// Where a body's point is drawn now: `local` in body `id`'s frame (the world's for `world`).
fn drawn_at(
    p: &MechanicsParams,
    visuals: &Query<(&MechVisual, &Transform)>,
    id: &str,
    local: V3,
) -> Option<Vec3> {
    if id == "world" {
        return Some(to_vec3(local));
    }
    let i = p.bodies.iter().position(|b| b.id == id)?;
    let (_, t) = visuals.iter().find(|(v, _)| v.0 == i)?;
    Some(t.transform_point(to_vec3(local)))
}

/// Springs as coils that stretch and squeeze between their anchors (12 turns, a tenth of
/// the rest length across, at least 5 mm), ropes as straight lines, hinges as their axles.
fn draw_springs_and_ropes(
    active: Res<ActiveExhibit>,
    visuals: Query<(&MechVisual, &Transform)>,
    mut gizmos: Gizmos,
) {
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    let point = |id: &str, local: V3| drawn_at(p, &visuals, id, local);
    for f in &p.forces {
        let ForceSpec::Spring(s) = f else {
            continue;
        };
        let (Some(pa), Some(pb)) = (point(&s.a, s.anchor_a_m), point(&s.b, s.anchor_b_m)) else {
            continue;
        };
        let along = pb - pa;
        let dir = along.normalize_or(Vec3::Y);
        let side = dir.any_orthonormal_vector();
        let other = dir.cross(side);
        let radius = (s.rest_length_m as f32 / 20.0).max(0.005);
        const TURNS: usize = 12;
        const PER_TURN: usize = 12;
        let n = TURNS * PER_TURN;
        let coil = (0..=n).map(|k| {
            let u = k as f32 / n as f32;
            let a = u * TURNS as f32 * std::f32::consts::TAU;
            // The ends run straight into the anchors.
            let r = if k == 0 || k == n { 0.0 } else { radius };
            pa + along * u + (side * a.cos() + other * a.sin()) * r
        });
        gizmos.linestrip(coil, Color::srgb(0.85, 0.85, 0.9));
    }
    for j in &p.joints {
        match &j.kind {
            JointKind::Rope { .. } => {
                if let (Some(pa), Some(pb)) = (point(&j.a, j.anchor_a_m), point(&j.b, j.anchor_b_m))
                {
                    gizmos.line(pa, pb, Color::srgb(0.9, 0.8, 0.6));
                }
            }
            // A hinge's axle: 4 cm along its axis through where it sits.
            JointKind::Hinge { axis, .. } => {
                let (Some(at), Some(tip)) = (
                    point(&j.a, j.anchor_a_m),
                    point(&j.a, add(j.anchor_a_m, *axis)),
                ) else {
                    continue;
                };
                let half = (tip - at).normalize_or(Vec3::Z) * 0.02;
                gizmos.line(at - half, at + half, Color::srgb(0.75, 0.75, 0.8));
            }
            _ => {}
        }
    }
}

/// Each magnet of a `Magnets` force as a bar through its body along the line to the other,
/// its north half red and its south half blue: facing poles alike when they repel, unlike
/// when they attract.
fn draw_magnets(
    active: Res<ActiveExhibit>,
    visuals: Query<(&MechVisual, &Transform)>,
    mut gizmos: Gizmos,
) {
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    let (north, south) = (Color::srgb(0.9, 0.2, 0.2), Color::srgb(0.2, 0.4, 0.95));
    for f in &p.forces {
        let ForceSpec::Between {
            a,
            b,
            law: Law::Magnets { facing, .. },
            ..
        } = f
        else {
            continue;
        };
        let (Some(pa), Some(pb)) = (
            drawn_at(p, &visuals, a, [0.0; 3]),
            drawn_at(p, &visuals, b, [0.0; 3]),
        ) else {
            continue;
        };
        let reach = |id: &str| {
            p.bodies.iter().find(|x| x.id == *id).map_or(0.01, |x| {
                crate::model::mechanics::bounding_radius(&x.shape) as f32
            }) * 1.4
        };
        let d = (pb - pa).normalize_or(Vec3::X);
        // `a`'s north faces `b`; `b` turns its north (repel) or south (attract) to `a`.
        let b_north_to_a = *facing == Facing::Repel;
        gizmos.line(pa, pa + d * reach(a), north);
        gizmos.line(pa, pa - d * reach(a), south);
        let (toward_a, away) = if b_north_to_a {
            (north, south)
        } else {
            (south, north)
        };
        gizmos.line(pb, pb - d * reach(b), toward_a);
        gizmos.line(pb, pb + d * reach(b), away);
    }
}

/// The recent path of each body with a `trail_s`: (seconds, point), oldest first; and the
/// exhibit they belong to.
#[derive(Resource, Default)]
struct Trails {
    exhibit: String,
    paths: BTreeMap<usize, VecDeque<(f32, Vec3)>>,
}

fn draw_trails(
    active: Res<ActiveExhibit>,
    time: Res<Time>,
    visuals: Query<(&MechVisual, &Transform)>,
    mut trails: ResMut<Trails>,
    mut gizmos: Gizmos,
) {
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    if trails.exhibit != active.descriptor.id {
        trails.exhibit = active.descriptor.id.clone();
        trails.paths.clear();
    }
    let now = time.elapsed_secs();
    for (v, t) in &visuals {
        let Some(keep) = p
            .bodies
            .get(v.0)
            .map(|b| b.trail_s as f32)
            .filter(|k| *k > 0.0)
        else {
            continue;
        };
        let path = trails.paths.entry(v.0).or_default();
        // A jump (the scene starting again) begins a new trail.
        if path
            .back()
            .is_some_and(|(_, last)| last.distance(t.translation) > 0.2)
        {
            path.clear();
        }
        path.push_back((now, t.translation));
        while path.front().is_some_and(|(at, _)| *at < now - keep) {
            path.pop_front();
        }
        gizmos.linestrip(path.iter().map(|(_, q)| *q), Color::srgb(0.95, 0.85, 0.55));
    }
}
