//! The airflow exhibit's view (kiosk only): the flow's speed painted as colour with smoke on
//! top, the nozzle and its aim knob, the obstacle in use, the air's drag on the ball as an arrow.

use super::super::{ExhibitEntity, FollowBody, TickPose, active_kind};
use super::*;

pub(super) fn view_plugin(app: &mut App) {
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
pub(crate) fn speed_colour(s: f32) -> [f32; 3] {
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
