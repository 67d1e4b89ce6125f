//! The `flow` view (kiosk only), in the plane z = 0: the air's speed as colour (still air dark
//! blue, the top speed yellow, faster white-hot, as the airflow exhibit paints it) with the
//! smoke mixed in white, walls and obstacles grey, bodies orange over their cells with their
//! outlines, strings and hinges drawn, and each nozzle as a short barrel pointing where it
//! blows.

use super::super::airflow_obstacle::view::speed_colour;
use super::super::{ExhibitEntity, ViewSet, active_kind};
use super::{FlowSim, KIND};
use crate::model::flow::layout::aim;
use crate::model::flow::{Mount, P2};
use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PostUpdate,
        (spawn_field, paint, draw)
            .chain()
            .in_set(ViewSet)
            .run_if(active_kind(KIND)),
    );
}

#[derive(Component)]
struct AirImage(Handle<Image>);

fn v(p: P2, z: f32) -> Vec3 {
    Vec3::new(p[0] as f32, p[1] as f32, z)
}

fn spawn_field(
    mut commands: Commands,
    sim: Option<Res<FlowSim>>,
    have: Query<(), With<AirImage>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut images: ResMut<Assets<Image>>,
) {
    let Some(sim) = sim else { return };
    if !have.is_empty() {
        return;
    }
    let g = sim.model.grid;
    let mut image = Image::new_fill(
        Extent3d {
            width: g.nx as u32,
            height: g.ny as u32,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &[0, 0, 0, 255],
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.sampler = bevy::image::ImageSampler::linear();
    let handle = images.add(image);
    let [lo, hi] = g.bounds();
    let (w, h) = (hi[0] - lo[0], hi[1] - lo[1]);
    commands.spawn((
        ExhibitEntity,
        AirImage(handle.clone()),
        Mesh3d(meshes.add(Rectangle::new(w as f32, h as f32))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color_texture: Some(handle),
            unlit: true,
            ..default()
        })),
        // Just behind the marks drawn over it, by a share of its size (a tube of oil a few
        // centimetres tall is seen from centimetres away: a fixed millimetre would show).
        Transform::from_translation(v(
            [lo[0] + w / 2.0, lo[1] + h / 2.0],
            -0.002 * w.max(h) as f32,
        )),
    ));
}

const SOLID: [f32; 3] = [0.62, 0.64, 0.68];
const BODY: [f32; 3] = [1.0, 0.55, 0.12];

fn paint(sim: Option<Res<FlowSim>>, q: Query<&AirImage>, mut images: ResMut<Assets<Image>>) {
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
    let (nx, ny) = (m.grid.nx, m.grid.ny);
    let scale = 1.0 / m.scene.field.lattice_speed as f32;
    let fluid = m.lattice.fluid_mask();
    for row in 0..ny {
        // Image row 0 is the field's top.
        let y = ny - 1 - row;
        for x in 0..nx {
            let c = y * nx + x;
            let rgb = if fluid[c] > 0.0 {
                let s = (m.ux[c].hypot(m.uy[c]) * scale).min(1.5);
                let mut rgb = speed_colour(s);
                let k = (m.smoke[c] * 0.85).min(0.85);
                for ch in &mut rgb {
                    *ch += (1.0 - *ch) * k;
                }
                rgb
            } else if m.lattice.is_solid(x, y) {
                SOLID
            } else {
                BODY
            };
            let o = (row * nx + x) * 4;
            if o + 3 < data.len() {
                for ch in 0..3 {
                    data[o + ch] = (rgb[ch].clamp(0.0, 1.0) * 255.0) as u8;
                }
                data[o + 3] = 255;
            }
        }
    }
}

fn draw(sim: Option<Res<FlowSim>>, mut gizmos: Gizmos) {
    let Some(sim) = sim else { return };
    let m = &sim.model;
    let up = 0.002 * m.scene.field.size_m[0].max(m.scene.field.size_m[1]) as f32;
    let edge = Color::srgb(1.0, 0.85, 0.6);
    let thread = Color::srgb(0.92, 0.92, 0.95);
    for (b, s) in m.bodies.iter().zip(&m.scene.bodies) {
        match b.radius {
            Some(r) => {
                gizmos.circle(Isometry3d::from_translation(v(b.pos, up)), r as f32, edge);
                // A mark on the rim, so that a spinning disc is seen to spin.
                let (sn, cs) = b.angle.sin_cos();
                let rim = [b.pos[0] + r * cs * 0.8, b.pos[1] + r * sn * 0.8];
                gizmos.line(v(b.pos, up), v(rim, up), edge);
            }
            None => {
                let mut ring: Vec<Vec3> = b.outline_m().into_iter().map(|q| v(q, up)).collect();
                if let Some(first) = ring.first().copied() {
                    ring.push(first);
                }
                gizmos.linestrip(ring, edge);
            }
        }
        match &s.mount {
            Mount::String { anchor_m, .. } => gizmos.line(v(*anchor_m, up), v(b.pos, up), thread),
            Mount::Hinge { at_m } => {
                gizmos.line(v(*at_m, up), v(b.pos, up), thread);
                let r = (m.grid.dx * 2.0) as f32;
                gizmos.circle(Isometry3d::from_translation(v(*at_m, up)), r, thread);
            }
            // Seen from above: the string's top, and how far the ball has swung from under it.
            Mount::Hanging { .. } => {
                let r = (m.grid.dx * 1.5) as f32;
                gizmos.circle(Isometry3d::from_translation(v(s.at_m, up)), r, thread);
                gizmos.line(v(s.at_m, up), v(b.pos, up), thread);
            }
            Mount::Free | Mount::Held => {}
        }
    }
    // Nozzles: a barrel behind the mouth, brighter while it blows.
    let t = m.ticks as f64 * crate::model::TICK_S;
    for (k, n) in m.scene.nozzles.iter().enumerate() {
        let a = aim(n, t);
        let (d, e) = ([a.cos(), a.sin()], [-a.sin(), a.cos()]);
        let len = n.width_m * 1.5;
        let w = n.width_m / 2.0;
        let at = |along: f64, across: f64| {
            [
                n.at_m[0] + d[0] * along + e[0] * across,
                n.at_m[1] + d[1] * along + e[1] * across,
            ]
        };
        let level = (m.breaths[k].speed / n.speed_m_s.max(1e-9)).clamp(0.0, 1.0) as f32;
        let c = Color::srgb(0.55 + 0.45 * level, 0.6 + 0.3 * level, 0.65);
        gizmos.linestrip(
            [
                at(-len, w),
                at(0.0, w),
                at(0.0, -w),
                at(-len, -w),
                at(-len, w),
            ]
            .map(|q| v(q, up)),
            c,
        );
    }
}
