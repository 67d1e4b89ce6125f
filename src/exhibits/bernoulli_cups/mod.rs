//! 伯努利量杯: rapier does the ball against cups and table; [`CupsModel`] supplies the suction
//! lift and the jet's drag each tick.

use super::{
    ActiveExhibit, ExhibitEntity, ExhibitKind, ExhibitSet, KindRegistration, Pointers, SoundCues,
    Telemetry, TickPose, active_kind, csv_fixed, no_voice,
};
use crate::descriptor::kinds::{KindParams, KindSpec};
use crate::model::bernoulli::{
    Aim, BallForces, BernoulliParams, CupsModel, MAX_AIR_SPEED_M_S, TRAY_DEPTH_M, water_column_mm,
};
use crate::model::{BreathRamp, TICK_S, norm};
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use std::f32::consts::PI;

mod view;
use view::view_plugin;

const KIND: &str = BernoulliParams::NAME;

/// The table reaches this far beyond the first and last cups, and this far front and back.
pub const TABLE_MARGIN_M: f32 = 0.3;
pub const TABLE_HALF_DEPTH_M: f32 = 0.2;
/// Height of the board at the far end of the catch tray, and of the rails along the front and
/// back edges that keep a rolling ball on the table.
pub const END_BOARD_M: f32 = 0.3;
pub const RAIL_M: f32 = 0.02;
/// The floor round the table, where a ball that falls off lies until it is put back.
const FLOOR_Y: f64 = -0.3;
/// How long the air must have been off before the ball is put back in the first cup (the
/// attendant's hand, so the next visitor finds it ready).
pub const RETURN_AFTER_S: f64 = 2.0;

#[derive(Resource)]
pub struct CupsSim {
    pub model: CupsModel,
    pub breath: BreathRamp,
    pub aim: Aim,
    pub forces: BallForces,
    pub ball: Entity,
    /// Seconds the air has been off (under half the threshold speed).
    pub calm_s: f64,
}

#[derive(Component)]
pub struct Ball;

#[derive(Component)]
pub struct Cup(pub usize);

impl ExhibitKind for BernoulliParams {
    const REGISTRATION: &'static KindRegistration = &KindRegistration {
        plugin,
        spawn,
        view_plugin,
        voice: no_voice,
        columns: |_| super::fixed_columns(COLUMNS),
        gauges: |_| {
            super::fixed_gauges(&[
                ("air_speed_m_s", "m/s"),
                ("pressure_drop_pa", "Pa"),
                ("water_column_mm", "mm"),
            ])
        },
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

/// Wall segments per cup: a 24-gon is round enough for a ball of 1 cm or more.
const WALL_SEGMENTS: usize = 24;

fn cup_collider(m: &CupsModel) -> Collider {
    let c = &m.p.cups;
    let (r_in, wall, h, base) = (
        c.inner_radius_m as f32,
        c.wall_m as f32,
        c.height_m as f32,
        c.base_m as f32,
    );
    let mut parts = vec![(
        Vec3::new(0.0, base / 2.0, 0.0),
        Quat::IDENTITY,
        Collider::cylinder(base / 2.0, r_in + wall),
    )];
    let rc = r_in + wall / 2.0;
    let half_chord = (r_in + wall) * (PI / WALL_SEGMENTS as f32).tan() * 1.05;
    for k in 0..WALL_SEGMENTS {
        let a = k as f32 * 2.0 * PI / WALL_SEGMENTS as f32;
        parts.push((
            Vec3::new(rc * a.cos(), h / 2.0, rc * a.sin()),
            Quat::from_rotation_y(-a),
            Collider::cuboid(wall / 2.0, h / 2.0, half_chord),
        ));
    }
    Collider::compound(parts)
}

/// A clear channel over the row of cups: a panel along each side (as on the caravan's device)
/// and a lid, from just behind the first cup to the catch tray's end board, and as high as it.
/// At full blast the ball leaps: 0.46 m with the shipped exhibit, up to 1.6 m with
/// Bernoulli's ideal suction (the highest in `caravan verify --hop-speeds 97` with open panels
/// a metre tall); panels 5 cm over the rims let it come down beside the row, where a child
/// reads it as "less far". Half extents, centre; physics and view alike.
pub(super) fn guide_boxes(m: &CupsModel) -> Vec<(Vec3, Vec3)> {
    let c = &m.p.cups;
    let r_out = (c.inner_radius_m + c.wall_m) as f32;
    let (x0, x1) = (-r_out - 0.01, end_board_x(m));
    // From the tray's floor, so a ball in the tray cannot roll out under a panel.
    let (bottom, top) = (-TRAY_DEPTH_M as f32, END_BOARD_M);
    let side = r_out + GUIDE_CLEARANCE_M;
    vec![
        slab(x0, x1, bottom, top, -side, 0.002),
        slab(x0, x1, bottom, top, side, 0.002),
        slab(x0, x1, top, top + 0.004, 0.0, side + 0.002),
    ]
}

/// How far the side panels stand from the cups' walls.
const GUIDE_CLEARANCE_M: f32 = 0.012;

/// The table as boxes (half extents, centre), for the physics and the view alike: the top,
/// which ends in a step down into the catch tray (`CupsModel::tray_start_x`), the tray's
/// floor, the board at its far end and the two rails.
pub(super) fn table_boxes(m: &CupsModel) -> Vec<(Vec3, Vec3)> {
    let depth = TRAY_DEPTH_M as f32;
    let x0 = -TABLE_MARGIN_M;
    let x1 = m.tray_start_x() as f32;
    let x2 = end_board_x(m);
    let w = TABLE_HALF_DEPTH_M;
    vec![
        slab(x0, x1, -depth, 0.0, 0.0, w),
        slab(x1, x2, -depth - 0.02, -depth, 0.0, w),
        slab(x2, x2 + 0.02, -depth - 0.02, END_BOARD_M, 0.0, w),
        slab(x0, x2 + 0.02, -depth - 0.02, RAIL_M, w, 0.005),
        slab(x0, x2 + 0.02, -depth - 0.02, RAIL_M, -w, 0.005),
    ]
}

/// Where the catch tray's end board stands: the table's far end.
fn end_board_x(m: &CupsModel) -> f32 {
    m.cup_x(m.p.cups.count as usize - 1) as f32 + TABLE_MARGIN_M
}

/// A box from `from` to `to` along the row, `bottom` to `top` in height, centred on `z` with
/// half depth `half_z`: (half extents, centre).
fn slab(from: f32, to: f32, bottom: f32, top: f32, z: f32, half_z: f32) -> (Vec3, Vec3) {
    (
        Vec3::new((to - from) / 2.0, (top - bottom) / 2.0, half_z),
        Vec3::new((from + to) / 2.0, (bottom + top) / 2.0, z),
    )
}

pub fn spawn(world: &mut World) {
    let KindParams::BernoulliCups(p) = &world.resource::<ActiveExhibit>().descriptor.kind else {
        return;
    };
    let model = CupsModel::new(p.clone());
    let b = &model.p.ball;
    let n = model.p.cups.count as usize;
    for (half, centre) in table_boxes(&model).into_iter().chain(guide_boxes(&model)) {
        world.spawn((
            ExhibitEntity,
            RigidBody::Fixed,
            Collider::cuboid(half.x, half.y, half.z),
            Transform::from_translation(centre),
            Friction::coefficient(0.5),
        ));
    }
    for i in 0..n {
        world.spawn((
            ExhibitEntity,
            Cup(i),
            RigidBody::Fixed,
            cup_collider(&model),
            Transform::from_xyz(model.cup_x(i) as f32, 0.0, 0.0),
            Friction::coefficient(b.friction as f32),
            Restitution::coefficient(b.restitution as f32),
        ));
    }
    let rest = model.rest_position(0);
    let t = Transform::from_xyz(rest[0] as f32, rest[1] as f32, rest[2] as f32);
    let ball = world
        .spawn((
            ExhibitEntity,
            Ball,
            RigidBody::Dynamic,
            Collider::ball(b.radius_m as f32),
            ColliderMassProperties::Mass(b.mass_kg as f32),
            Restitution::coefficient(b.restitution as f32),
            Friction::coefficient(b.friction as f32),
            Ccd::enabled(),
            ExternalForce::default(),
            Velocity::zero(),
            Sleeping::disabled(),
            t,
            TickPose { prev: t, curr: t },
        ))
        .id();
    world.insert_resource(CupsSim {
        model,
        breath: BreathRamp::default(),
        aim: Aim::Mouth,
        forces: BallForces::default(),
        ball,
        calm_s: 0.0,
    });
}

fn v3(v: Vec3) -> [f64; 3] {
    [v.x as f64, v.y as f64, v.z as f64]
}

fn step(
    active: Res<ActiveExhibit>,
    pointers: Res<Pointers>,
    sim: Option<ResMut<CupsSim>>,
    mut balls: Query<(&mut Transform, &mut Velocity, &mut ExternalForce), With<Ball>>,
) {
    let Some(mut sim) = sim else { return };
    // Holding a finger anywhere on the exhibit blows too, like pressing the blow button.
    let blowing = active.bool("blow") || !pointers.down.is_empty();
    let target = if blowing {
        active.number("air_speed_m_s")
    } else {
        0.0
    };
    let rise = sim.model.p.breath.rise_s;
    let u0 = sim.breath.step(target, rise, TICK_S);
    sim.aim = Aim::from_name(active.choice("aim")).unwrap_or_default();
    let jet = sim.model.jet(sim.aim, u0);
    let ball = sim.ball;
    let Ok((mut t, mut vel, mut ext)) = balls.get_mut(ball) else {
        return;
    };
    if u0 < 0.5 * sim.model.threshold_speed() {
        sim.calm_s += TICK_S;
    } else {
        sim.calm_s = 0.0;
    }
    // A ball that fell off the table lies on the floor where it fell; once the air is off, it
    // and a ball resting in another cup are put back in the first cup (never under a running
    // jet, which would shoot it out at once).
    let p = v3(t.translation);
    let fallen = !t.translation.is_finite() || p[1] < FLOOR_Y || norm(p) > 3.0;
    if fallen {
        t.translation = if t.translation.is_finite() && norm(p) <= 3.0 {
            Vec3::new(t.translation.x, FLOOR_Y as f32, t.translation.z)
        } else {
            Vec3::new(0.0, FLOOR_Y as f32, TABLE_HALF_DEPTH_M + 0.1)
        };
        *vel = Velocity::zero();
    }
    let at_rest = vel.linear.length() < 0.01;
    let home = sim.model.ball_cup(p) == Some(0);
    if sim.calm_s >= RETURN_AFTER_S && (fallen || (at_rest && !home)) {
        let rest = sim.model.rest_position(0);
        t.translation = Vec3::new(rest[0] as f32, rest[1] as f32, rest[2] as f32);
        *vel = Velocity::zero();
    }
    let forces = sim.model.forces(&jet, v3(t.translation), v3(vel.linear));
    ext.force = Vec3::new(
        (forces.drag_n[0] + forces.rolling_n[0]) as f32,
        (forces.drag_n[1] + forces.lift_n) as f32,
        (forces.drag_n[2] + forces.rolling_n[2]) as f32,
    );
    sim.forces = forces;
}

/// The CSV columns, in the order [`record`] writes them.
pub const COLUMNS: &[&str] = &[
    "air_speed_m_s",
    "pressure_drop_pa",
    "water_column_mm",
    "lift_n",
    "weight_n",
    "ball_x_m",
    "ball_y_m",
    "ball_z_m",
    "ball_vy_m_s",
    "ball_cup",
];

fn record(
    sim: Option<Res<CupsSim>>,
    balls: Query<(&Transform, &Velocity), With<Ball>>,
    mut telemetry: ResMut<Telemetry>,
    mut cues: ResMut<SoundCues>,
    mut last_cup: Local<i64>,
) {
    let Some(sim) = sim else { return };
    let Ok((t, v)) = balls.get(sim.ball) else {
        return;
    };
    let p = v3(t.translation);
    let cup = sim.model.ball_cup(p).map(|i| i as i64).unwrap_or(-1);
    // The breath's hiss follows the air speed; a ball dropping into a cup goes "tock".
    cues.loops.insert(
        "blow".into(),
        (sim.breath.speed / MAX_AIR_SPEED_M_S).min(1.0),
    );
    // (Bounded: headless runs have nobody to play them.)
    if cup >= 0 && *last_cup < 0 && v.linear.y < -0.1 && cues.hits.len() < 8 {
        cues.hits.push("land".into());
    }
    *last_cup = cup;
    let dp = sim.forces.pressure_drop_pa;
    telemetry.record(vec![
        ("air_speed_m_s", csv_fixed(sim.breath.speed, 4)),
        ("pressure_drop_pa", csv_fixed(dp, 4)),
        ("water_column_mm", csv_fixed(water_column_mm(dp), 4)),
        ("lift_n", csv_fixed(sim.forces.lift_n, 6)),
        ("weight_n", csv_fixed(sim.model.weight_n(), 6)),
        ("ball_x_m", csv_fixed(p[0], 5)),
        ("ball_y_m", csv_fixed(p[1], 5)),
        ("ball_z_m", csv_fixed(p[2], 5)),
        ("ball_vy_m_s", csv_fixed(v.linear.y as f64, 5)),
        ("ball_cup", cup.to_string()),
    ]);
}
