//! 隔物吹球: the air is [`AirflowModel`] (a lattice Boltzmann fluid over the tabletop), the
//! ball a rapier body rolling on the table under the air's drag. The view draws the flow's
//! speed as colour with smoke on top, on the table seen from above.

use super::{
    ActiveExhibit, ExhibitEntity, ExhibitKind, ExhibitSet, Hint, KindRegistration, Pointers,
    SoundCues, Telemetry, TickPose, ViewAspect, active_kind, csv_fixed, no_voice, touch_on_plane,
};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::airflow::{AirflowInputs, AirflowModel, AirflowParams, Obstacle};
use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy_rapier3d::prelude::*;
use std::collections::BTreeMap;

pub(super) mod view;
use view::view_plugin;

const KIND: &str = AirflowParams::NAME;

/// Height of the obstacle's collider and mesh, m.
const OBSTACLE_HEIGHT_M: f32 = 0.2;
/// The rim round the table that keeps the ball on it.
const RIM_M: f32 = 0.03;
/// The aim knob sits this far in front of the nozzle, along the jet.
pub const AIM_KNOB_M: f64 = 0.07;
/// A touch this close (table metres) to the nozzle or the knob grabs it.
const GRAB_M: f64 = 0.04;

#[derive(Resource)]
pub struct AirflowSim {
    pub model: AirflowModel,
    pub ball: Entity,
    obstacle_body: Entity,
    /// The drag on the ball in the last tick, N (table axes).
    pub drag: [f64; 2],
    touches: BTreeMap<u64, Grab>,
}

/// What a touch does, decided where it landed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Grab {
    /// Slides the nozzle along the edge.
    Nozzle,
    /// Turns the nozzle towards the finger.
    Aim,
    /// Anywhere else on the table: blows while held.
    Blow,
}

#[derive(Component)]
pub struct AirBall;

#[derive(Component)]
struct ObstacleBody;

impl ExhibitKind for AirflowParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin,
        voice: no_voice,
        columns: |_| super::fixed_columns(COLUMNS),
        gauges: |_| super::fixed_gauges(&[("jet_speed_m_s", "m/s"), ("reynolds", "")]),
    };
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        FixedUpdate,
        (
            step.in_set(ExhibitSet::Step).run_if(active_kind(KIND)),
            record.in_set(ExhibitSet::Record).run_if(active_kind(KIND)),
        ),
    );
}

/// Table metres (x from the nozzle edge, y from the centre line) at height `h` → world. The
/// table is centred on the origin, x along world x, table y along world −z (so that a camera
/// above, looking down with −z up the screen, shows the table as drawn in the model).
pub fn table_to_world(model: &AirflowModel, p: [f64; 2], h: f32) -> Vec3 {
    let half = model.p.table_m()[0] as f32 / 2.0;
    Vec3::new(p[0] as f32 - half, h, -(p[1] as f32))
}

pub fn world_to_table(model: &AirflowModel, v: Vec3) -> [f64; 2] {
    let half = model.p.table_m()[0] / 2.0;
    [v.x as f64 + half, -(v.z as f64)]
}

fn obstacle_collider(model: &AirflowModel, o: Obstacle) -> Option<Collider> {
    let (_, half) = model.obstacle_box(o)?;
    let h = OBSTACLE_HEIGHT_M / 2.0;
    Some(match o {
        Obstacle::Round => Collider::cylinder(h, half[0] as f32),
        _ => Collider::cuboid(half[0] as f32, h, half[1] as f32),
    })
}

pub fn spawn(world: &mut World) {
    let KindParams::AirflowObstacle(p) = &world.resource::<ActiveExhibit>().descriptor.kind else {
        return;
    };
    let model = AirflowModel::new(p.clone());
    let [len, wid] = model.p.table_m().map(|v| v as f32);
    world.spawn((
        ExhibitEntity,
        RigidBody::Fixed,
        Collider::cuboid(len / 2.0, 0.01, wid / 2.0),
        Transform::from_xyz(0.0, -0.01, 0.0),
        Friction::coefficient(0.6),
    ));
    // The rim: four low walls just outside the table.
    for (x, z, hx, hz) in [
        (0.0, wid / 2.0 + 0.005, len / 2.0 + 0.01, 0.005),
        (0.0, -wid / 2.0 - 0.005, len / 2.0 + 0.01, 0.005),
        (len / 2.0 + 0.005, 0.0, 0.005, wid / 2.0),
        (-len / 2.0 - 0.005, 0.0, 0.005, wid / 2.0),
    ] {
        world.spawn((
            ExhibitEntity,
            RigidBody::Fixed,
            Collider::cuboid(hx, RIM_M / 2.0, hz),
            Transform::from_xyz(x, RIM_M / 2.0, z),
            Restitution::coefficient(0.3),
        ));
    }
    let centre = table_to_world(&model, [model.p.obstacle.x_m, 0.0], OBSTACLE_HEIGHT_M / 2.0);
    let mut obstacle = world.spawn((
        ExhibitEntity,
        ObstacleBody,
        RigidBody::Fixed,
        Transform::from_translation(centre),
    ));
    if let Some(c) = obstacle_collider(&model, model.obstacle) {
        obstacle.insert(c);
    }
    let obstacle_body = obstacle.id();
    let b = &model.p.ball;
    let (m, r) = (b.mass_kg as f32, b.radius_m as f32);
    let t = Transform::from_translation(table_to_world(&model, [b.x_m, b.y_m], r));
    let ball = world
        .spawn((
            ExhibitEntity,
            AirBall,
            RigidBody::Dynamic,
            Collider::ball(r),
            // A table-tennis ball is a thin shell: I = ⅔·m·r².
            ColliderMassProperties::MassProperties(MassProperties {
                local_center_of_mass: Vec3::ZERO,
                mass: m,
                principal_inertia_local_frame: Quat::IDENTITY,
                principal_inertia: Vec3::splat(2.0 / 3.0 * m * r * r),
            }),
            Friction::coefficient(0.6),
            Restitution::coefficient(0.5),
            ExternalForce::default(),
            Velocity::zero(),
            Sleeping::disabled(),
            t,
            TickPose { prev: t, curr: t },
        ))
        .id();
    world.insert_resource(AirflowSim {
        model,
        ball,
        obstacle_body,
        drag: [0.0; 2],
        touches: BTreeMap::new(),
    });
}

/// The aim knob's position on the table for the nozzle now.
pub fn aim_knob(model: &AirflowModel) -> [f64; 2] {
    let (y, a) = model.nozzle();
    [AIM_KNOB_M * a.cos(), y + AIM_KNOB_M * a.sin()]
}

fn step(
    mut commands: Commands,
    mut active: ResMut<ActiveExhibit>,
    pointers: Res<Pointers>,
    aspect: Res<ViewAspect>,
    sim: Option<ResMut<AirflowSim>>,
    mut balls: Query<(&mut Transform, &mut Velocity, &mut ExternalForce), With<AirBall>>,
    mut hint: ResMut<Hint>,
) {
    let Some(mut sim) = sim else { return };
    let sim = &mut *sim;
    // Touches: where on the table, and what they grabbed when they came down.
    let cam = active.descriptor.scene.camera.clone();
    sim.touches
        .retain(|id, _| pointers.down.iter().any(|(d, _)| d == id));
    let mut blow_touch = false;
    for (id, p) in &pointers.down {
        let Some(w) = touch_on_plane(&cam, aspect.0, *p, 0.0) else {
            continue;
        };
        let q = world_to_table(&sim.model, w);
        let grab = *sim.touches.entry(*id).or_insert_with(|| {
            let (ny, _) = sim.model.nozzle();
            let knob = aim_knob(&sim.model);
            if (q[0] - knob[0]).hypot(q[1] - knob[1]) < GRAB_M {
                Grab::Aim
            } else if q[0] < GRAB_M && (q[1] - ny).abs() < GRAB_M + sim.model.p.nozzle.width_m {
                Grab::Nozzle
            } else {
                Grab::Blow
            }
        });
        match grab {
            Grab::Nozzle => {
                let travel = sim.model.p.nozzle.travel_m.max(1e-9);
                let y = (q[1] / travel).clamp(-1.0, 1.0);
                active.set("nozzle_y", ControlValue::Number(y));
            }
            Grab::Aim => {
                let (ny, _) = sim.model.nozzle();
                let deg = (q[1] - ny).atan2(q[0].max(0.01)).to_degrees();
                let max = sim.model.p.nozzle.max_angle_deg;
                active.set(
                    "nozzle_angle_deg",
                    ControlValue::Number(deg.clamp(-max, max)),
                );
            }
            Grab::Blow => blow_touch = true,
        }
    }
    let blowing = active.bool("blow") || blow_touch;
    let obstacle = Obstacle::from_name(active.choice("obstacle")).unwrap_or_default();
    if obstacle != sim.model.obstacle {
        let mut e = commands.entity(sim.obstacle_body);
        match obstacle_collider(&sim.model, obstacle) {
            Some(c) => e.insert(c),
            None => e.remove::<Collider>(),
        };
    }
    let inputs = AirflowInputs {
        jet_speed_m_s: if blowing {
            active.number("jet_speed_m_s")
        } else {
            0.0
        },
        nozzle_y: active.number("nozzle_y"),
        nozzle_angle_deg: active.number("nozzle_angle_deg"),
        obstacle,
    };
    if !sim.model.tick(&inputs) {
        warn!(
            "airflow: the fluid was not finite and restarted at rest ({} so far)",
            sim.model.recoveries
        );
    }
    let Ok((mut t, mut vel, mut ext)) = balls.get_mut(sim.ball) else {
        return;
    };
    // A ball that left the table (it cannot, but a file could set a wild mass) goes home.
    let [len, wid] = sim.model.p.table_m();
    if !t.translation.is_finite()
        || t.translation.y < -0.1
        || t.translation.x.abs() as f64 > len
        || t.translation.z.abs() as f64 > wid
    {
        let b = &sim.model.p.ball;
        t.translation = table_to_world(&sim.model, [b.x_m, b.y_m], b.radius_m as f32);
        *vel = Velocity::zero();
    }
    let p = world_to_table(&sim.model, t.translation);
    let v = [vel.linear.x as f64, -vel.linear.z as f64];
    let drag = sim.model.drag(p, v);
    let force = sim.model.ball_force(drag, v);
    ext.force = Vec3::new(force[0] as f32, 0.0, -(force[1] as f32));
    sim.drag = drag;
    hint.0 = (sim.model.breath.speed > 0.5)
        .then(|| ("airflow_reynolds", format!("{:.0}", sim.model.reynolds())));
}

/// The CSV columns, in the order [`record`] writes them.
pub const COLUMNS: &[&str] = &[
    "jet_speed_m_s",
    "obstacle",
    "reynolds",
    "ball_x_m",
    "ball_y_m",
    "ball_vx_m_s",
    "ball_vy_m_s",
    "drag_x_n",
    "drag_y_n",
    "max_lattice_speed",
];

fn record(
    sim: Option<Res<AirflowSim>>,
    balls: Query<(&Transform, &Velocity), With<AirBall>>,
    mut telemetry: ResMut<Telemetry>,
    mut cues: ResMut<SoundCues>,
) {
    let Some(sim) = sim else { return };
    let Ok((t, v)) = balls.get(sim.ball) else {
        return;
    };
    let m = &sim.model;
    let p = world_to_table(m, t.translation);
    cues.loops.insert(
        "blow".into(),
        (m.breath.speed / m.p.jet.max_speed_m_s).min(1.0),
    );
    telemetry.record(vec![
        ("jet_speed_m_s", csv_fixed(m.breath.speed, 4)),
        ("obstacle", m.obstacle.name().to_string()),
        ("reynolds", csv_fixed(m.reynolds(), 1)),
        ("ball_x_m", csv_fixed(p[0], 5)),
        ("ball_y_m", csv_fixed(p[1], 5)),
        ("ball_vx_m_s", csv_fixed(v.linear.x as f64, 5)),
        ("ball_vy_m_s", csv_fixed(-v.linear.z as f64, 5)),
        ("drag_x_n", format!("{:.4e}", sim.drag[0])),
        ("drag_y_n", format!("{:.4e}", sim.drag[1])),
        ("max_lattice_speed", csv_fixed(m.max_speed as f64, 5)),
    ]);
}
