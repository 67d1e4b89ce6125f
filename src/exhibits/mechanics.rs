//! `mechanics`: the scene is the [`MechanicsWorld`] model alone (its own rapier world, one
//! source of truth); this plugin feeds it the controls and the visitor's fingers, records its
//! probes, and draws its bodies.

use super::{
    ActiveExhibit, ExhibitEntity, ExhibitKind, ExhibitSet, FollowBody, Gauge, KindRegistration,
    Pointers, SoundCues, Telemetry, TickPose, ViewAspect, active_kind, csv_fixed, no_voice,
};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::mechanics::world::{Grab, MechanicsWorld};
use crate::model::mechanics::{
    BodyShape, Does, JointKind, MechanicsParams, Profile, channel_mesh, track_frames,
};
use crate::model::{V3, add, scale};
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use std::collections::BTreeMap;

const KIND: &str = MechanicsParams::NAME;

impl ExhibitKind for MechanicsParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin,
        voice: no_voice,
        columns,
        gauges,
    };
}

fn params(kind: &KindParams) -> Option<&MechanicsParams> {
    match kind {
        KindParams::Mechanics(p) => Some(p),
        _ => None,
    }
}

/// The probes, in the order the file declares them.
fn columns(kind: &KindParams) -> Vec<String> {
    params(kind)
        .map(|p| p.probes.iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default()
}

fn gauges(kind: &KindParams) -> Vec<Gauge> {
    params(kind)
        .map(|p| {
            p.probes
                .iter()
                .filter_map(|pr| {
                    Some(Gauge {
                        column: pr.name.clone(),
                        unit: pr.unit.clone(),
                        label: Some(pr.gauge.clone()?),
                        decimals: pr.decimals.min(4),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Resource)]
pub struct MechanicsSim {
    pub model: MechanicsWorld,
    /// One entity per body of the file, in its order (absent variants are drawn at zero scale).
    pub bodies: Vec<Entity>,
    touches: BTreeMap<u64, Touch>,
    /// Controls a tap pressed last tick, let go now (a tap is a press and a release).
    pulses: Vec<String>,
}

/// What a finger is doing, decided where it landed.
#[derive(Debug, Clone, Copy)]
enum Touch {
    /// Holding a dynamic body at a point of it, dragged in the plane facing the camera
    /// through that point.
    Grab { body: usize, local: V3, depth: f32 },
    /// On a body with `on_tap`, or on nothing: a tap if it lifts soon without moving.
    Tap {
        body: Option<usize>,
        start: [f64; 2],
        ticks: u32,
    },
}

/// A tap: shorter than this many ticks and moving less than [`TAP_SLOP`] (normalised).
const TAP_TICKS: u32 = 20;
const TAP_SLOP: f64 = 0.03;

#[derive(Component)]
pub struct MechBody(pub usize);

pub fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (
            step.in_set(ExhibitSet::Step).run_if(active_kind(KIND)),
            record.in_set(ExhibitSet::Record).run_if(active_kind(KIND)),
        ),
    );
}

pub fn spawn(world: &mut World) {
    let active = world.resource::<ActiveExhibit>();
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    let model = MechanicsWorld::new(p, &active.controls);
    let n = p.bodies.len();
    let bodies = (0..n)
        .map(|i| {
            let t = Transform::IDENTITY;
            world
                .spawn((ExhibitEntity, MechBody(i), t, TickPose { prev: t, curr: t }))
                .id()
        })
        .collect();
    let mut sim = MechanicsSim {
        model,
        bodies,
        touches: BTreeMap::new(),
        pulses: Vec::new(),
    };
    place_bodies(
        &sim,
        &mut world.query::<(&MechBody, &mut Transform, &mut TickPose)>(),
        world,
    );
    sim.touches.clear();
    world.insert_resource(sim);
}

fn place_bodies(
    sim: &MechanicsSim,
    q: &mut QueryState<(&MechBody, &mut Transform, &mut TickPose)>,
    world: &mut World,
) {
    let poses = sim.model.poses();
    for (b, mut t, mut pose) in q.iter_mut(world) {
        let fresh = pose_of(&poses, b.0);
        *t = fresh;
        *pose = TickPose {
            prev: fresh,
            curr: fresh,
        };
    }
}

/// Body `i`'s transform now; zero scale for a body not in the scene (a variant not chosen).
fn pose_of(poses: &[(usize, V3, [f64; 4])], i: usize) -> Transform {
    match poses.iter().find(|p| p.0 == i) {
        Some((_, p, q)) => {
            Transform::from_xyz(p[0] as f32, p[1] as f32, p[2] as f32).with_rotation(
                Quat::from_xyzw(q[0] as f32, q[1] as f32, q[2] as f32, q[3] as f32),
            )
        }
        None => Transform::from_scale(Vec3::ZERO),
    }
}

fn step(
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    sim: Option<ResMut<MechanicsSim>>,
    mut bodies: Query<(&MechBody, &mut Transform)>,
    aspect: Res<ViewAspect>,
) {
    let Some(mut sim) = sim else { return };
    let sim = &mut *sim;
    for name in std::mem::take(&mut sim.pulses) {
        active.set(&name, ControlValue::Bool(false));
    }
    let cam = active.descriptor.scene.camera.clone();
    let ray = |p: [f64; 2]| super::touch_ray(&cam, aspect.0, p);
    // Lifted fingers: a tap on a body with `on_tap` presses its control.
    let lifted: Vec<(u64, Touch)> = sim
        .touches
        .iter()
        .filter(|(id, _)| !pointers.down.iter().any(|(d, _)| d == *id))
        .map(|(id, t)| (*id, *t))
        .collect();
    for (id, t) in lifted {
        sim.touches.remove(&id);
        if let Touch::Tap {
            body: Some(i),
            ticks,
            ..
        } = t
            && ticks < TAP_TICKS
            && let Some(name) = active.descriptor_tap(i)
        {
            press(&mut active, &mut sim.pulses, &name);
        }
    }
    // A tap quicker than a tick: down and up before this tick saw it.
    for (id, p) in &pointers.lifted {
        if sim.touches.contains_key(id) {
            continue;
        }
        let (origin, dir) = ray(*p);
        if let Some((i, _)) = sim.model.pick(v3(origin), v3(dir))
            && let Some(name) = active.descriptor_tap(i)
        {
            press(&mut active, &mut sim.pulses, &name);
        }
    }
    let mut grab = None;
    for (id, p) in &pointers.down {
        let (origin, dir) = ray(*p);
        if !sim.touches.contains_key(id) {
            let hit = sim.model.pick(v3(origin), v3(dir));
            let touch = match hit {
                Some((i, point)) if sim.model.is_dynamic(i) => Touch::Grab {
                    body: i,
                    local: sim.model.to_local(i, point).unwrap_or_default(),
                    depth: (to_vec3(point) - origin).dot(dir),
                },
                Some((i, _)) => Touch::Tap {
                    body: Some(i),
                    start: *p,
                    ticks: 0,
                },
                None => Touch::Tap {
                    body: None,
                    start: *p,
                    ticks: 0,
                },
            };
            sim.touches.insert(*id, touch);
        }
        match sim.touches.get_mut(id) {
            Some(Touch::Grab { body, local, depth }) if grab.is_none() => {
                grab = Some(Grab {
                    body: *body,
                    local_point: *local,
                    target: v3(origin + dir * *depth),
                });
            }
            Some(Touch::Tap { start, ticks, .. }) => {
                *ticks += 1;
                if (p[0] - start[0]).hypot(p[1] - start[1]) > TAP_SLOP {
                    *ticks = TAP_TICKS;
                }
            }
            _ => {}
        }
    }
    let builds = sim.model.builds;
    sim.model.step(&active.controls, grab);
    if !sim.model.all_finite() {
        // Never reached with a valid scene; if a body ever leaves the numbers, start again.
        warn!(
            "a body of `{}` left finite numbers: the scene starts again",
            active.descriptor.id
        );
        let controls = active.controls.clone();
        if let KindParams::Mechanics(p) = &active.descriptor.kind {
            sim.model = MechanicsWorld::new(p, &controls);
        }
    }
    if sim.model.builds != builds {
        sim.touches.clear();
    }
    let poses = sim.model.poses();
    for (b, mut t) in &mut bodies {
        *t = pose_of(&poses, b.0);
    }
}

/// A tap's press of control `name`: a release stays released, a force toggles, the rest
/// (reset, impulse) are pressed for one tick.
fn press(active: &mut ActiveExhibit, pulses: &mut Vec<String>, name: &str) {
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    let Some(c) = p.controls.iter().find(|c| c.name == name) else {
        return;
    };
    match c.does {
        Does::Force { .. } => {
            let on = active.bool(name);
            active.set(name, ControlValue::Bool(!on));
        }
        Does::Release => {
            active.set(name, ControlValue::Bool(true));
        }
        _ => {
            if active.set(name, ControlValue::Bool(true)) {
                pulses.push(name.to_string());
            }
        }
    }
}

impl ActiveExhibit {
    /// The control a tap on body `i` presses, if it has one.
    fn descriptor_tap(&self, i: usize) -> Option<String> {
        match &self.descriptor.kind {
            KindParams::Mechanics(p) => p.bodies.get(i)?.on_tap.clone(),
            _ => None,
        }
    }
}

fn v3(v: Vec3) -> V3 {
    [v.x as f64, v.y as f64, v.z as f64]
}
fn to_vec3(v: V3) -> Vec3 {
    Vec3::new(v[0] as f32, v[1] as f32, v[2] as f32)
}

fn record(
    sim: Option<Res<MechanicsSim>>,
    active: Res<ActiveExhibit>,
    mut telemetry: ResMut<Telemetry>,
    mut cues: ResMut<SoundCues>,
) {
    let Some(sim) = sim else { return };
    let KindParams::Mechanics(p) = &active.descriptor.kind else {
        return;
    };
    let values = sim.model.probe_values();
    telemetry.record(
        p.probes
            .iter()
            .zip(values)
            .map(|(pr, v)| {
                (
                    pr.name.clone(),
                    v.map_or("-".to_string(), |x| csv_fixed(x, pr.decimals)),
                )
            })
            .collect(),
    );
    for e in sim.model.events() {
        if cues.hits.len() < 8 {
            cues.hits.push(e.clone());
        }
    }
}

// ---------------------------------------------------------------------------------------
// View (kiosk only)

pub fn view_plugin(app: &mut App) {
    app.add_systems(Update, spawn_view.run_if(active_kind(KIND)));
    app.add_systems(
        PostUpdate,
        (draw_rods, caption_bodies)
            .in_set(super::ViewSet)
            .run_if(active_kind(KIND)),
    );
}

/// The drawing of body `i` (its visual, interpolated between ticks).
#[derive(Component)]
struct MechVisual(usize);

/// A pendulum's massless rod, drawn from its pivot to its bob.
#[derive(Component)]
struct Rod {
    pivot: Vec3,
    bob: usize,
}

fn draw_rods(
    visuals: Query<(&MechVisual, &Transform), Without<Rod>>,
    mut rods: Query<(&Rod, &mut Transform)>,
) {
    for (rod, mut t) in &mut rods {
        let Some((_, bob)) = visuals.iter().find(|(v, _)| v.0 == rod.bob) else {
            continue;
        };
        let d = bob.translation - rod.pivot;
        // A unit cylinder along y, stretched to the rod's length and turned onto it.
        *t = Transform::from_translation(rod.pivot + d / 2.0)
            .with_rotation(Quat::from_rotation_arc(Vec3::Y, d.normalize_or(Vec3::Y)))
            .with_scale(Vec3::new(1.0, d.length(), 1.0) * bob.scale.y.min(1.0));
    }
}

/// Each labelled body's caption, just above it.
fn caption_bodies(
    active: Res<ActiveExhibit>,
    visuals: Query<(&MechVisual, &Transform)>,
    mut captions: ResMut<super::Captions>,
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
                Color::srgb(c[0], c[1], c[2])
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
        BodyShape::Cylinder { radius_m, height_m } | BodyShape::Cone { radius_m, height_m } => {
            Vec3::new(f(*radius_m), f(height_m / 2.0), f(*radius_m))
        }
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

/// Rotation about x, then y, then z (degrees), as the model's.
fn euler(deg: V3) -> Quat {
    let r = |d: f64| d.to_radians() as f32;
    Quat::from_rotation_z(r(deg[2]))
        * Quat::from_rotation_y(r(deg[1]))
        * Quat::from_rotation_x(r(deg[0]))
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
