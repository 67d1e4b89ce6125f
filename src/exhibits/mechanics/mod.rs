//! `mechanics`: the scene is the [`MechanicsWorld`] model alone (its own rapier world, one
//! source of truth); this plugin feeds it the controls and the visitor's fingers, records its
//! probes, and draws its bodies.

use super::touches::{Landing, Touches};
use super::{
    ActiveExhibit, ExhibitEntity, ExhibitKind, ExhibitSet, Gauge, KindRegistration, Pointers,
    SoundCues, Telemetry, TickPose, ViewAspect, active_kind, no_voice,
};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::V3;
use crate::model::mechanics::world::{Grab, MechanicsWorld};
use crate::model::mechanics::{Does, MechanicsParams};
use bevy::prelude::*;

const KIND: &str = MechanicsParams::NAME;

mod marks;
mod view;

impl ExhibitKind for MechanicsParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin: |app| {
            view::view_plugin(app);
            marks::plugin(app);
        },
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
    params(kind).map_or_else(Vec::new, |p| super::probe_columns(&p.probes))
}

fn gauges(kind: &KindParams) -> Vec<Gauge> {
    params(kind).map_or_else(Vec::new, |p| super::probe_gauges(&p.probes))
}

#[derive(Resource)]
pub struct MechanicsSim {
    pub model: MechanicsWorld,
    /// Fingers on bodies: a tap on a body (its index) or a hold of a dynamic one.
    touches: Touches<usize, Hold>,
    /// Controls a tap pressed last tick, let go now (a tap is a press and a release).
    pulses: Vec<String>,
}

/// A finger holding a dynamic body at a point of it, dragged in the plane facing the camera
/// through that point.
#[derive(Debug, Clone, Copy)]
struct Hold {
    body: usize,
    local: V3,
    depth: f32,
}

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
    let poses = model.poses();
    for i in 0..p.bodies.len() {
        let t = pose_of(&poses, i);
        world.spawn((ExhibitEntity, MechBody(i), t, TickPose { prev: t, curr: t }));
    }
    world.insert_resource(MechanicsSim {
        model,
        touches: Touches::default(),
        pulses: Vec::new(),
    });
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
    let MechanicsSim {
        model,
        touches,
        pulses,
    } = &mut *sim;
    for name in std::mem::take(pulses) {
        active.set(&name, ControlValue::Bool(false));
    }
    let cam = active.descriptor.scene.camera.clone();
    let ray = |p: [f64; 2]| super::touch_ray(&cam, aspect.0, p);
    let (tapped, held) = touches.tick(&pointers, |p| {
        let (origin, dir) = ray(p);
        match model.pick(v3(origin), v3(dir)) {
            Some((i, point)) if model.is_dynamic(i) => Landing::Hold(
                i,
                Hold {
                    body: i,
                    local: model.to_local(i, point).unwrap_or_default(),
                    depth: (to_vec3(point) - origin).dot(dir),
                },
            ),
            hit => Landing::Tap(hit.map(|(i, _)| i)),
        }
    });
    // A tap on a body with `on_tap` presses its control.
    for i in tapped {
        if let Some(name) = tap_control(&active, i) {
            press(&mut active, pulses, &name);
        }
    }
    // The first finger holding a body drags it.
    let grab = held.first().map(|(h, p)| {
        let (origin, dir) = ray(*p);
        Grab {
            body: h.body,
            local_point: h.local,
            target: v3(origin + dir * h.depth),
        }
    });
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

/// The control a tap on body `i` presses, if it has one.
fn tap_control(active: &ActiveExhibit, i: usize) -> Option<String> {
    match &active.descriptor.kind {
        KindParams::Mechanics(p) => p.bodies.get(i)?.on_tap.clone(),
        _ => None,
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
    telemetry.record(super::probe_row(&p.probes, sim.model.probe_values()));
    for e in sim.model.events() {
        if cues.hits.len() < 8 {
            cues.hits.push(e.clone());
        }
    }
}
