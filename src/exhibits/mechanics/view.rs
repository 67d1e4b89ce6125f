//! The `mechanics` view (kiosk only): meshes for every shape and track, the pendulums' rods,
//! and the bodies' captions.

use super::super::{ActiveExhibit, ExhibitEntity, FollowBody, active_kind};
use super::{KIND, MechBody, to_vec3};
use crate::descriptor::kinds::KindParams;
use crate::model::V3;
use crate::model::mechanics::{
    BodyShape, JointKind, Profile, channel_mesh, rotation_xyzw, track_frames,
};
use crate::model::{add, scale};
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

pub(super) fn view_plugin(app: &mut App) {
    app.add_systems(Update, spawn_view.run_if(active_kind(KIND)));
    app.add_systems(
        PostUpdate,
        (draw_rods, caption_bodies)
            .in_set(super::super::ViewSet)
            .run_if(active_kind(KIND)),
    );
}

/// The drawing of body `i` (its visual, interpolated between ticks).
#[derive(Component)]
pub(super) struct MechVisual(pub usize);

/// A pendulum's massless rod, drawn from its pivot (a point of the world, or of body `on`) to
/// its bob.
#[derive(Component)]
struct Rod {
    pivot: Vec3,
    on: Option<usize>,
    bob: usize,
}

fn draw_rods(
    visuals: Query<(&MechVisual, &Transform), Without<Rod>>,
    mut rods: Query<(&Rod, &mut Transform)>,
) {
    let at = |i: usize| visuals.iter().find(|(v, _)| v.0 == i).map(|(_, t)| *t);
    for (rod, mut t) in &mut rods {
        let Some(bob) = at(rod.bob) else {
            continue;
        };
        let pivot = match rod.on {
            None => rod.pivot,
            Some(i) => match at(i) {
                Some(a) => a.transform_point(rod.pivot),
                None => continue,
            },
        };
        let d = bob.translation - pivot;
        // A unit cylinder along y, stretched to the rod's length and turned onto it.
        *t = Transform::from_translation(pivot + d / 2.0)
            .with_rotation(Quat::from_rotation_arc(Vec3::Y, d.normalize_or(Vec3::Y)))
            .with_scale(Vec3::new(1.0, d.length(), 1.0) * bob.scale.y.min(1.0));
    }
}

/// Each labelled body's caption, just above it.
fn caption_bodies(
    active: Res<ActiveExhibit>,
    visuals: Query<(&MechVisual, &Transform)>,
    mut captions: ResMut<super::super::Captions>,
) {
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    let mut out = Vec::new();
    for (v, t) in &visuals {
        let Some(spec) = p.bodies.get(v.0) else {
            continue;
        };
        if let Some(label) = &spec.label
            && t.scale.y > 0.0
        {
            let above = top_of(&spec.shape, Transform::IDENTITY) + 0.015;
            out.push((t.translation + Vec3::Y * above, label.clone()));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    if captions.0 != out {
        captions.0 = out;
    }
}

fn spawn_view(
    mut commands: Commands,
    active: Res<ActiveExhibit>,
    added: Query<(Entity, &MechBody), Added<MechBody>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    for (e, b) in &added {
        let Some(spec) = p.bodies.get(b.0) else {
            continue;
        };
        let look = &spec.material;
        let material = materials.add(StandardMaterial {
            base_color: {
                let c = crate::problems::parse_color(&look.color).unwrap_or([0.8; 3]);
                Color::srgba(c[0], c[1], c[2], look.opacity)
            },
            alpha_mode: if look.opacity < 1.0 {
                AlphaMode::Blend
            } else {
                AlphaMode::Opaque
            },
            metallic: look.metallic,
            perceptual_roughness: look.roughness,
            // Tracks are open surfaces: both faces are drawn.
            cull_mode: None,
            double_sided: true,
            ..default()
        });
        let visual = commands
            .spawn((
                ExhibitEntity,
                FollowBody(e),
                MechVisual(b.0),
                Transform::default(),
                Visibility::default(),
            ))
            .id();
        for (mesh, at) in shape_meshes(&spec.shape, Transform::IDENTITY) {
            let child = commands
                .spawn((
                    Mesh3d(meshes.add(mesh)),
                    MeshMaterial3d(material.clone()),
                    at,
                ))
                .id();
            commands.entity(visual).add_child(child);
        }
        for j in &p.joints {
            if let JointKind::Pendulum { pivot_m, .. } = &j.kind
                && j.b == spec.id
            {
                commands.spawn((
                    ExhibitEntity,
                    Rod {
                        pivot: to_vec3(*pivot_m),
                        on: p.bodies.iter().position(|x| x.id == j.a),
                        bob: b.0,
                    },
                    Mesh3d(meshes.add(Cylinder::new(0.0025, 1.0))),
                    MeshMaterial3d(materials.add(StandardMaterial {
                        base_color: Color::srgb(0.75, 0.75, 0.78),
                        metallic: 0.6,
                        ..default()
                    })),
                    Transform::default(),
                ));
            }
        }
    }
}

/// The meshes that draw a shape, each with its place in the body.
fn shape_meshes(shape: &BodyShape, at: Transform) -> Vec<(Mesh, Transform)> {
    let f = |x: f64| x as f32;
    match shape {
        BodyShape::Sphere { radius_m } => vec![(Sphere::new(f(*radius_m)).mesh().uv(32, 16), at)],
        BodyShape::Box { size_m } => vec![(
            Cuboid::new(f(size_m[0]), f(size_m[1]), f(size_m[2])).into(),
            at,
        )],
        BodyShape::Cylinder { radius_m, height_m } => {
            vec![(
                Cylinder::new(f(*radius_m), f(*height_m))
                    .mesh()
                    .resolution(32)
                    .into(),
                at,
            )]
        }
        BodyShape::Capsule { radius_m, height_m } => {
            vec![(Capsule3d::new(f(*radius_m), f(*height_m)).into(), at)]
        }
        BodyShape::Cone { radius_m, height_m } => {
            vec![(
                Cone::new(f(*radius_m), f(*height_m))
                    .mesh()
                    .resolution(48)
                    .into(),
                at,
            )]
        }
        BodyShape::Tube {
            radius_m,
            height_m,
            wall_m,
        } => {
            // An extruded ring runs along z: stood up along y.
            let ring = Extrusion::new(
                Annulus::new(f(radius_m - wall_m), f(*radius_m)),
                f(*height_m),
            );
            let up = Transform::from_rotation(Quat::from_rotation_x(std::f32::consts::FRAC_PI_2));
            vec![(ring.mesh().build(), at * up)]
        }
        BodyShape::Compound(parts) => parts
            .iter()
            .flat_map(|p| {
                let t = Transform::from_translation(to_vec3(p.offset_m))
                    .with_rotation(euler(p.rotation_deg));
                shape_meshes(&p.shape, at * t)
            })
            .collect(),
        BodyShape::Track { curve, profile } => {
            let mesh = match profile {
                Profile::Channel { width_m, wall_m } => {
                    let (v, t) = channel_mesh(curve, *width_m, *wall_m);
                    triangles(&v, &t)
                }
                Profile::Rail { radius_m } => tube(&curve.sample(), *radius_m),
            };
            vec![(mesh, at)]
        }
    }
}

/// How far the shape reaches above its centre, placed at `at` in the body (for captions).
fn top_of(shape: &BodyShape, at: Transform) -> f32 {
    let f = |x: f64| x as f32;
    let half = match shape {
        BodyShape::Sphere { radius_m } => Vec3::splat(f(*radius_m)),
        BodyShape::Box { size_m } => to_vec3(*size_m) / 2.0,
        BodyShape::Cylinder { radius_m, height_m }
        | BodyShape::Cone { radius_m, height_m }
        | BodyShape::Tube {
            radius_m, height_m, ..
        } => Vec3::new(f(*radius_m), f(height_m / 2.0), f(*radius_m)),
        BodyShape::Capsule { radius_m, height_m } => {
            Vec3::new(f(*radius_m), f(height_m / 2.0 + radius_m), f(*radius_m))
        }
        BodyShape::Compound(parts) => {
            return parts
                .iter()
                .map(|p| {
                    let t = Transform::from_translation(to_vec3(p.offset_m))
                        .with_rotation(euler(p.rotation_deg));
                    top_of(&p.shape, at * t)
                })
                .fold(0.0, f32::max);
        }
        BodyShape::Track { .. } => return 0.0,
    };
    // The highest corner of the shape's box, turned and moved as placed.
    (0..8)
        .map(|k| {
            let c = Vec3::new(
                if k & 1 == 0 { -half.x } else { half.x },
                if k & 2 == 0 { -half.y } else { half.y },
                if k & 4 == 0 { -half.z } else { half.z },
            );
            at.transform_point(c).y
        })
        .fold(f32::MIN, f32::max)
}

/// A part's rotation, as the model turns it (the same f32 quaternion).
fn euler(deg: V3) -> Quat {
    Quat::from_array(rotation_xyzw(deg))
}

fn triangles(v: &[V3], t: &[[u32; 3]]) -> Mesh {
    // Flat shading: each triangle its own vertices and normal.
    let mut pos = Vec::with_capacity(t.len() * 3);
    for tri in t {
        for &k in tri {
            pos.push(to_vec3(v[k as usize]).to_array());
        }
    }
    let mut m = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, pos);
    m.compute_flat_normals();
    m
}

/// A round bar along the points.
fn tube(points: &[V3], radius: f64) -> Mesh {
    const SIDES: usize = 12;
    let frames = track_frames(points);
    let mut pos = Vec::new();
    let mut normals = Vec::new();
    for (p, (w, up)) in points.iter().zip(&frames) {
        for k in 0..SIDES {
            let a = k as f64 / SIDES as f64 * std::f64::consts::TAU;
            let n = add(scale(*w, a.cos()), scale(*up, a.sin()));
            pos.push(to_vec3(add(*p, scale(n, radius))).to_array());
            normals.push(to_vec3(n).to_array());
        }
    }
    let mut idx = Vec::new();
    for i in 0..points.len().saturating_sub(1) {
        for k in 0..SIDES {
            let (a, b) = ((i * SIDES + k) as u32, (i * SIDES + (k + 1) % SIDES) as u32);
            let (c, d) = (a + SIDES as u32, b + SIDES as u32);
            idx.extend([a, c, b, b, c, d]);
        }
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, pos)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_indices(Indices::U32(idx))
}
