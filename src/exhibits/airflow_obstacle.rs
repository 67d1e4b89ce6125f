//! 隔物吹球: the air is [`AirflowModel`] (a lattice Boltzmann fluid over the tabletop), the
//! ball a rapier body rolling on the table under the air's drag. The view draws the flow's
//! speed as colour with smoke on top, on the table seen from above.

use super::{
    ActiveExhibit, ExhibitEntity, ExhibitKind, ExhibitSet, FollowBody, Hint, KindRegistration,
    Pointers, SoundCues, Telemetry, TickPose, ViewAspect, active_kind, csv_fixed, no_voice,
    touch_on_plane,
};
use crate::descriptor::kinds::{ControlValue, KindParams, KindSpec};
use crate::model::airflow::{AirflowInputs, AirflowModel, AirflowParams, Obstacle};
use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy_rapier3d::prelude::*;
use std::collections::BTreeMap;

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

// ---------------------------------------------------------------------------------------
// View (kiosk only)

pub fn view_plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            spawn_view,
            (paint_flow, place_nozzle, show_obstacle, draw_live),
        )
            .chain()
            .run_if(active_kind(KIND)),
    );
}

#[derive(Component)]
struct FlowImage(Handle<Image>);

#[derive(Component)]
struct NozzleMesh;

#[derive(Component)]
struct AimKnob;

#[derive(Component)]
struct ObstacleMesh(Obstacle);

fn spawn_view(
    mut commands: Commands,
    sim: Option<Res<AirflowSim>>,
    new_balls: Query<Entity, Added<AirBall>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut images: ResMut<Assets<Image>>,
) {
    let (Some(sim), Ok(ball)) = (sim, new_balls.single()) else {
        return;
    };
    let m = &sim.model;
    let [len, wid] = m.p.table_m().map(|v| v as f32);
    let (nx, ny) = (m.lattice.nx as u32, m.lattice.ny as u32);
    let mut image = Image::new_fill(
        Extent3d {
            width: nx,
            height: ny,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &[0, 0, 0, 255],
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.sampler = bevy::image::ImageSampler::linear();
    let handle = images.add(image);
    // The table top is the flow picture itself, unlit so its colours read true.
    commands.spawn((
        ExhibitEntity,
        FlowImage(handle.clone()),
        Mesh3d(meshes.add(Plane3d::default().mesh().size(len, wid))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color_texture: Some(handle),
            unlit: true,
            ..default()
        })),
        Transform::default(),
    ));
    // The table's wooden frame.
    commands.spawn((
        ExhibitEntity,
        Mesh3d(meshes.add(Cuboid::new(len + 0.04, 0.03, wid + 0.04))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(0.45, 0.32, 0.2),
            perceptual_roughness: 0.7,
            ..default()
        })),
        Transform::from_xyz(0.0, -0.0155, 0.0),
    ));
    // One mesh per obstacle; only the chosen one shows.
    let centre = table_to_world(m, [m.p.obstacle.x_m, 0.0], OBSTACLE_HEIGHT_M / 2.0);
    let solid = |materials: &mut Assets<StandardMaterial>, c: Color| {
        materials.add(StandardMaterial {
            base_color: c,
            perceptual_roughness: 0.3,
            ..default()
        })
    };
    for o in [Obstacle::Round, Obstacle::Square, Obstacle::Plate] {
        let Some((_, half)) = m.obstacle_box(o) else {
            continue;
        };
        let (hx, hy) = (half[0] as f32, half[1] as f32);
        let (mesh, color) = match o {
            Obstacle::Round => (
                meshes.add(Cylinder::new(hx, OBSTACLE_HEIGHT_M)),
                Color::srgb(0.35, 0.75, 0.45),
            ),
            Obstacle::Square => (
                meshes.add(Cuboid::new(2.0 * hx, OBSTACLE_HEIGHT_M, 2.0 * hy)),
                Color::srgb(0.85, 0.55, 0.25),
            ),
            _ => (
                meshes.add(Cuboid::new(2.0 * hx, OBSTACLE_HEIGHT_M, 2.0 * hy)),
                Color::srgb(0.6, 0.6, 0.7),
            ),
        };
        commands.spawn((
            ExhibitEntity,
            ObstacleMesh(o),
            Mesh3d(mesh),
            MeshMaterial3d(solid(&mut materials, color)),
            Transform::from_translation(centre),
            Visibility::Hidden,
        ));
    }
    commands.spawn((
        ExhibitEntity,
        FollowBody(ball),
        Mesh3d(meshes.add(Sphere::new(m.p.ball.radius_m as f32).mesh().uv(32, 16))),
        MeshMaterial3d(solid(&mut materials, Color::srgb(1.0, 0.55, 0.1))),
        Transform::default(),
    ));
    let nw = m.p.nozzle.width_m as f32;
    commands.spawn((
        ExhibitEntity,
        NozzleMesh,
        Mesh3d(meshes.add(Cuboid::new(0.05, 0.03, nw + 0.01))),
        MeshMaterial3d(solid(&mut materials, Color::srgb(0.25, 0.27, 0.32))),
        Transform::default(),
    ));
    commands.spawn((
        ExhibitEntity,
        AimKnob,
        Mesh3d(meshes.add(Cylinder::new(0.013, 0.012))),
        MeshMaterial3d(solid(&mut materials, Color::srgb(0.95, 0.85, 0.2))),
        Transform::default(),
    ));
}

/// Speed as colour (still air dark blue, the jet's speed yellow, faster white-hot), smoke
/// mixed in as white.
fn paint_flow(
    sim: Option<Res<AirflowSim>>,
    q: Query<&FlowImage>,
    mut images: ResMut<Assets<Image>>,
) {
    let (Some(sim), Ok(img)) = (sim, q.single()) else {
        return;
    };
    let m = &sim.model;
    let Some(mut image) = images.get_mut(&img.0) else {
        return;
    };
    let Some(data) = image.data.as_mut() else {
        return;
    };
    let (nx, ny) = (m.lattice.nx, m.lattice.ny);
    let scale = 1.0 / m.p.grid.jet_lattice_speed as f32;
    for row in 0..ny {
        // Image row 0 is the far side of the table (y max).
        let y = ny - 1 - row;
        for x in 0..nx {
            let c = y * nx + x;
            let s = (m.ux[c].hypot(m.uy[c]) * scale).min(1.5);
            let mut rgb = speed_colour(s);
            let k = (m.smoke[c] * 0.85).min(0.85);
            for ch in &mut rgb {
                *ch += (1.0 - *ch) * k;
            }
            let o = (row * nx + x) * 4;
            if o + 3 < data.len() {
                data[o] = (rgb[0] * 255.0) as u8;
                data[o + 1] = (rgb[1] * 255.0) as u8;
                data[o + 2] = (rgb[2] * 255.0) as u8;
                data[o + 3] = 255;
            }
        }
    }
}

/// A perceptually even-ish ramp: navy → teal → yellow → white for 0 … 1.5 of the jet's speed.
fn speed_colour(s: f32) -> [f32; 3] {
    const STOPS: [(f32, [f32; 3]); 4] = [
        (0.0, [0.07, 0.12, 0.28]),
        (0.35, [0.05, 0.55, 0.62]),
        (1.0, [0.98, 0.85, 0.2]),
        (1.5, [1.0, 1.0, 0.95]),
    ];
    for w in STOPS.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        if s <= b {
            let t = ((s - a) / (b - a)).clamp(0.0, 1.0);
            return std::array::from_fn(|i| ca[i] + (cb[i] - ca[i]) * t);
        }
    }
    STOPS[3].1
}

fn place_nozzle(
    sim: Option<Res<AirflowSim>>,
    mut nozzle: Query<&mut Transform, (With<NozzleMesh>, Without<AimKnob>)>,
    mut knob: Query<&mut Transform, (With<AimKnob>, Without<NozzleMesh>)>,
) {
    let Some(sim) = sim else { return };
    let m = &sim.model;
    let (y, a) = m.nozzle();
    if let Ok(mut t) = nozzle.single_mut() {
        // The nozzle's mouth is at the table's edge; its body sticks out behind it.
        *t = Transform::from_translation(table_to_world(m, [-0.02, y], 0.02))
            .with_rotation(Quat::from_rotation_y(a as f32));
    }
    if let Ok(mut t) = knob.single_mut() {
        t.translation = table_to_world(m, aim_knob(m), 0.006);
    }
}

fn show_obstacle(sim: Option<Res<AirflowSim>>, mut q: Query<(&ObstacleMesh, &mut Visibility)>) {
    let Some(sim) = sim else { return };
    for (o, mut v) in &mut q {
        let want = if o.0 == sim.model.obstacle {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        if *v != want {
            *v = want;
        }
    }
}

/// The drag on the ball as an arrow (1 cm per mN), and the jet's aim.
fn draw_live(sim: Option<Res<AirflowSim>>, balls: Query<&TickPose>, mut gizmos: Gizmos) {
    let Some(sim) = sim else { return };
    let m = &sim.model;
    if let Ok(pose) = balls.get(sim.ball) {
        let d = Vec3::new(sim.drag[0] as f32, 0.0, -(sim.drag[1] as f32)) * 10.0;
        if d.length() > 0.004 {
            let c = pose.curr.translation + Vec3::Y * (m.p.ball.radius_m as f32 + 0.01);
            gizmos.arrow(c, c + d.clamp_length_max(0.2), Color::srgb(1.0, 0.3, 0.3));
        }
    }
    let (y, a) = m.nozzle();
    let from = table_to_world(m, [0.0, y], 0.01);
    let to = table_to_world(m, [AIM_KNOB_M * a.cos(), y + AIM_KNOB_M * a.sin()], 0.01);
    gizmos.line(from, to, Color::srgba(1.0, 0.9, 0.3, 0.8));
}
