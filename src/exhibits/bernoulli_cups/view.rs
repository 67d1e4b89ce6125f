//! The Bernoulli cups' view (kiosk only): the table, the clear channel and cups, the nozzle
//! and its air, the U-tube manometer whose water follows the pressure drop, and the gauges.

use super::super::{ExhibitEntity, FollowBody, TickPose, active_kind};
use super::{Ball, CupsSim, KIND, guide_boxes, table_boxes};
use crate::model::bernoulli::water_column_mm;
use bevy::prelude::*;
use std::f32::consts::PI;

pub(super) fn view_plugin(app: &mut App) {
    app.add_systems(Update, (spawn_view, draw_live).run_if(active_kind(KIND)));
}

#[derive(Component)]
struct WaterColumn {
    side: f32,
}

fn spawn_view(
    mut commands: Commands,
    sim: Option<Res<CupsSim>>,
    new_balls: Query<Entity, Added<Ball>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let (Some(sim), Ok(ball)) = (sim, new_balls.single()) else {
        return;
    };
    let m = &sim.model;
    let c = &m.p.cups;
    let n = c.count as usize;
    let mat = |materials: &mut Assets<StandardMaterial>, color: Color, alpha: bool| {
        materials.add(StandardMaterial {
            base_color: color,
            perceptual_roughness: 0.35,
            alpha_mode: if alpha {
                AlphaMode::Blend
            } else {
                AlphaMode::Opaque
            },
            ..default()
        })
    };
    // The table with its catch tray, end board and rails.
    let wood = mat(&mut materials, Color::srgb(0.55, 0.42, 0.30), false);
    for (half, centre) in table_boxes(m) {
        commands.spawn((
            ExhibitEntity,
            Mesh3d(meshes.add(Cuboid::from_size(2.0 * half))),
            MeshMaterial3d(wood.clone()),
            Transform::from_translation(centre),
        ));
    }
    // Cups: clear tubes with graduation rings and a base; the clear channel over them.
    let glass = mat(&mut materials, Color::srgba(0.75, 0.88, 1.0, 0.28), true);
    let panel = mat(&mut materials, Color::srgba(0.8, 0.9, 1.0, 0.12), true);
    for (half, centre) in guide_boxes(m) {
        commands.spawn((
            ExhibitEntity,
            Mesh3d(meshes.add(Cuboid::from_size(2.0 * half))),
            MeshMaterial3d(panel.clone()),
            Transform::from_translation(centre),
        ));
    }
    let marks = mat(&mut materials, Color::srgb(0.15, 0.35, 0.75), false);
    let r_out = (c.inner_radius_m + c.wall_m) as f32;
    let tube = meshes.add(Extrusion::new(
        Annulus::new(c.inner_radius_m as f32, r_out),
        c.height_m as f32,
    ));
    let mark = meshes.add(Extrusion::new(Annulus::new(r_out, r_out + 0.0006), 0.0006));
    let base = meshes.add(Cylinder::new(r_out, c.base_m as f32));
    for i in 0..n {
        let x = m.cup_x(i) as f32;
        commands.spawn((
            ExhibitEntity,
            Mesh3d(tube.clone()),
            MeshMaterial3d(glass.clone()),
            Transform::from_xyz(x, c.height_m as f32 / 2.0, 0.0)
                .with_rotation(Quat::from_rotation_x(PI / 2.0)),
        ));
        commands.spawn((
            ExhibitEntity,
            Mesh3d(base.clone()),
            MeshMaterial3d(glass.clone()),
            Transform::from_xyz(x, c.base_m as f32 / 2.0, 0.0),
        ));
        let steps = 3;
        for k in 1..=steps {
            let y = c.height_m as f32 * k as f32 / (steps + 1) as f32;
            commands.spawn((
                ExhibitEntity,
                Mesh3d(mark.clone()),
                MeshMaterial3d(marks.clone()),
                Transform::from_xyz(x, y, 0.0).with_rotation(Quat::from_rotation_x(PI / 2.0)),
            ));
        }
    }
    // The ball, interpolated between ticks.
    commands.spawn((
        ExhibitEntity,
        FollowBody(ball),
        Mesh3d(meshes.add(Sphere::new(m.p.ball.radius_m as f32).mesh().uv(32, 16))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(1.0, 0.55, 0.1),
            perceptual_roughness: 0.4,
            ..default()
        })),
        Transform::default(),
    ));
    // The nozzle, pointing along +x.
    let nz = m.nozzle_position();
    let d = m.p.nozzle.diameter_m as f32;
    commands.spawn((
        ExhibitEntity,
        Mesh3d(meshes.add(Cylinder::new(d * 0.6, 0.06))),
        MeshMaterial3d(mat(&mut materials, Color::srgb(0.3, 0.3, 0.35), false)),
        Transform::from_xyz(nz[0] as f32 - 0.03, nz[1] as f32, 0.0)
            .with_rotation(Quat::from_rotation_z(PI / 2.0)),
    ));
    // The U-tube manometer behind the cups: two glass legs with water.
    let mx = -0.13;
    let leg = meshes.add(Cylinder::new(0.006, 0.16));
    let water = mat(&mut materials, Color::srgb(0.1, 0.45, 0.95), false);
    for side in [-1.0f32, 1.0] {
        commands.spawn((
            ExhibitEntity,
            Mesh3d(leg.clone()),
            MeshMaterial3d(glass.clone()),
            Transform::from_xyz(mx + side * 0.02, 0.09, -0.08),
        ));
        commands.spawn((
            ExhibitEntity,
            WaterColumn { side },
            Mesh3d(meshes.add(Cylinder::new(0.0052, 1.0))),
            MeshMaterial3d(water.clone()),
            Transform::from_xyz(mx + side * 0.02, 0.05, -0.08),
        ));
    }
    commands.spawn((
        ExhibitEntity,
        Mesh3d(meshes.add(Cuboid::new(0.05, 0.006, 0.012))),
        MeshMaterial3d(water),
        Transform::from_xyz(mx, 0.012, -0.08),
    ));
    // Scale behind the manometer, a tick every 10 mm.
    let scale_mat = mat(&mut materials, Color::srgb(0.95, 0.95, 0.9), false);
    commands.spawn((
        ExhibitEntity,
        Mesh3d(meshes.add(Cuboid::new(0.08, 0.17, 0.004))),
        MeshMaterial3d(scale_mat),
        Transform::from_xyz(mx, 0.09, -0.09),
    ));
    let tick = meshes.add(Cuboid::new(0.012, 0.001, 0.001));
    for k in 0..=14 {
        commands.spawn((
            ExhibitEntity,
            Mesh3d(tick.clone()),
            MeshMaterial3d(marks.clone()),
            Transform::from_xyz(mx, 0.02 + k as f32 * 0.01, -0.087),
        ));
    }
}

/// Water columns, force arrows and the jet, every frame.
fn draw_live(
    sim: Option<Res<CupsSim>>,
    mut columns: Query<(&WaterColumn, &mut Transform)>,
    balls: Query<&TickPose, With<Ball>>,
    mut gizmos: Gizmos,
) {
    let Some(sim) = sim else { return };
    let dp = sim.forces.pressure_drop_pa;
    // Each leg moves by half the column height h.
    let h = (water_column_mm(dp) / 1000.0) as f32;
    for (col, mut t) in &mut columns {
        let top = (0.09 + col.side * h / 2.0).clamp(0.02, 0.17);
        let bottom = 0.012;
        t.translation.y = (top + bottom) / 2.0;
        t.scale.y = top - bottom;
    }
    let Ok(pose) = balls.get(sim.ball) else {
        return;
    };
    let c = pose.curr.translation;
    // Lift (green, up) and weight (red, down), to the same scale: the weight is 6 cm long.
    let per_newton = 0.06 / sim.model.weight_n() as f32;
    let weight = per_newton * sim.model.weight_n() as f32;
    let lift = per_newton * sim.forces.lift_n as f32;
    let r = sim.model.p.ball.radius_m as f32;
    let side = Vec3::new(0.0, 0.0, r + 0.005);
    gizmos.arrow(
        c + side,
        c + side - Vec3::Y * weight,
        Color::srgb(0.95, 0.2, 0.2),
    );
    if lift > 0.001 {
        gizmos.arrow(
            c + side,
            c + side + Vec3::Y * lift,
            Color::srgb(0.2, 0.9, 0.3),
        );
    }
    // The jet: streaks along its axis, longer for faster air.
    let u = sim.breath.speed as f32;
    if u > 0.2 {
        let jet = sim.model.jet(sim.aim, sim.breath.speed);
        let o = Vec3::new(
            jet.origin[0] as f32,
            jet.origin[1] as f32,
            jet.origin[2] as f32,
        );
        let dir = Vec3::new(jet.dir[0] as f32, jet.dir[1] as f32, jet.dir[2] as f32);
        let len = 0.05 + 0.01 * u;
        for k in -1..=1 {
            let off = Vec3::new(0.0, 0.0, k as f32 * 0.004);
            gizmos.line(
                o + off,
                o + off + dir * len,
                Color::srgba(0.6, 0.85, 1.0, 0.9),
            );
        }
    }
}
