//! The `waves` view (kiosk only), in the plane z = 0: the field as colour (crests warm,
//! troughs cool, still water or air dark; its brightness follows the waves' own size so a
//! faint echo and a loud focus both read), regions of other speed tinted, walls solid, each
//! source as rings that pulse with it, and the listener as an ear the visitor can drag.

use super::super::{ExhibitEntity, ViewSet, active_kind};
use super::{KIND, WavesSim};
use crate::model::waves::grid::wall_line;
use crate::model::waves::{Medium, P2, SourceShape};
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
struct FieldImage {
    image: Handle<Image>,
    /// The colour scale: follows the field's size, quickly up and slowly down.
    scale: f32,
}

fn v(p: P2, z: f32) -> Vec3 {
    Vec3::new(p[0] as f32, p[1] as f32, z)
}

fn spawn_field(
    mut commands: Commands,
    sim: Option<Res<WavesSim>>,
    have: Query<(), With<FieldImage>>,
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
            width: g.cols as u32,
            height: g.rows as u32,
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
        FieldImage {
            image: handle.clone(),
            scale: 1e-6,
        },
        Mesh3d(meshes.add(Rectangle::new(w as f32, h as f32))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color_texture: Some(handle),
            unlit: true,
            ..default()
        })),
        Transform::from_translation(v([lo[0] + w / 2.0, lo[1] + h / 2.0], -0.001)),
    ));
}

/// A crest's colour, a trough's, the still field's, a region's tint and a wall's.
const CREST: [f32; 3] = [1.0, 0.62, 0.18];
const TROUGH: [f32; 3] = [0.18, 0.5, 1.0];
const STILL: [f32; 3] = [0.03, 0.05, 0.11];
const REGION: [f32; 3] = [0.05, 0.1, 0.08];
const WALL: [f32; 3] = [0.62, 0.64, 0.68];
/// Sound's held "wall": an ideal open end, the room's pressure (drawn as an opening).
const OPENING: [f32; 3] = [0.1, 0.16, 0.22];

fn paint(
    sim: Option<Res<WavesSim>>,
    mut q: Query<&mut FieldImage>,
    mut images: ResMut<Assets<Image>>,
) {
    let (Some(sim), Ok(mut fi)) = (sim, q.single_mut()) else {
        return;
    };
    let m = &sim.model;
    let g = m.grid;
    let f = &m.field;
    let base = f.c2[g.pad * f.nx + g.pad];
    let sound = m.scene.field.medium == Medium::Sound;
    let nx = f.nx;
    let cells = || {
        (0..g.rows)
            .flat_map(move |j| (0..g.cols).map(move |i| (i, j, (j + g.pad) * nx + i + g.pad)))
    };
    // The scale: two and a half times the field's RMS, so that most of it shows in colour and
    // a source's own cell does not set it; linear, so that a fading wave looks faded.
    let (sum, n) = cells()
        .filter(|c| f.c2[c.2] > 0.0)
        .fold((0.0f64, 0usize), |(s, n), c| {
            (s + (f.u[c.2] as f64).powi(2), n + 1)
        });
    let target = (2.5 * (sum / n.max(1) as f64).sqrt()) as f32;
    fi.scale = if target > fi.scale {
        target
    } else {
        fi.scale * 0.98 + target * 0.02
    }
    .max(1e-6);
    let scale = fi.scale;
    let Some(mut image) = images.get_mut(&fi.image) else {
        return;
    };
    let Some(data) = image.data.as_mut() else {
        return;
    };
    for (i, j, c) in cells() {
        let rgb = if f.c2[c] == 0.0 {
            if sound && !f.rigid_walls.get(c).copied().unwrap_or(false) {
                OPENING
            } else {
                WALL
            }
        } else {
            let x = (f.u[c] / scale).clamp(-1.0, 1.0);
            let ground = if (f.c2[c] - base).abs() > 1e-7 {
                REGION
            } else {
                STILL
            };
            let tone = if x >= 0.0 { CREST } else { TROUGH };
            let k = x.abs();
            std::array::from_fn(|ch| ground[ch] + (tone[ch] - ground[ch]) * k)
        };
        // Image row 0 is the field's top.
        let o = ((g.rows - 1 - j) * g.cols + i) * 4;
        if o + 3 < data.len() {
            for ch in 0..3 {
                data[o + ch] = (rgb[ch].clamp(0.0, 1.0) * 255.0) as u8;
            }
            data[o + 3] = 255;
        }
    }
}

fn draw(sim: Option<Res<WavesSim>>, mut gizmos: Gizmos) {
    let Some(sim) = sim else { return };
    let m = &sim.model;
    let g = m.grid;
    let up = 0.002;
    // Walls' centre lines over their cells; regions' outlines.
    let sound = m.scene.field.medium == Medium::Sound;
    for w in m.scene.walls.iter().filter(|w| w.placed) {
        if sound && w.holds == Some(true) {
            continue;
        }
        gizmos.linestrip(
            wall_line(w, &g).into_iter().map(|q| v(q, up)),
            Color::srgb(0.85, 0.87, 0.9),
        );
    }
    for md in &m.scene.media {
        let mut ring: Vec<Vec3> = md
            .outline
            .ring()
            .into_iter()
            .map(|q| v([q[0] + md.shift_m[0], q[1] + md.shift_m[1]], up))
            .collect();
        if let Some(first) = ring.first().copied() {
            ring.push(first);
        }
        gizmos.linestrip(ring, Color::srgba(0.5, 0.95, 0.7, 0.8));
    }
    // Sources: rings that pulse with their tone (a clap's only while it sounds).
    // Marks sized to the field shown: a fingertip's mark on the kiosk.
    let size = m.scene.field.size_m[0].max(m.scene.field.size_m[1]);
    let r = (0.012 * size).max(g.dx * 1.5) as f32;
    for (k, s) in m.scene.sources.iter().enumerate() {
        let on = !m.source_cells(k).is_empty() && s.on;
        let c = if on {
            Color::srgb(1.0, 0.9, 0.4)
        } else {
            Color::srgba(0.7, 0.7, 0.7, 0.6)
        };
        let points: Vec<P2> = match &s.shape {
            SourceShape::Point { at_m } => vec![*at_m],
            SourceShape::Line { from_m, to_m } => {
                gizmos.line(v(*from_m, up), v(*to_m, up), c);
                Vec::new()
            }
            SourceShape::Row {
                from_m,
                to_m,
                count,
                ..
            } => (0..*count)
                .map(|i| {
                    let t = if *count > 1 {
                        i as f64 / (*count - 1) as f64
                    } else {
                        0.5
                    };
                    [
                        from_m[0] + (to_m[0] - from_m[0]) * t,
                        from_m[1] + (to_m[1] - from_m[1]) * t,
                    ]
                })
                .collect(),
        };
        for q in points {
            gizmos.circle(Isometry3d::from_translation(v(q, up)), r, c);
            gizmos.circle(Isometry3d::from_translation(v(q, up)), r * 0.5, c);
        }
    }
    // The listener: an ear, brighter the louder it hears.
    if let Some(l) = &m.scene.listener {
        let level = m.listener_tone().map_or(0.0, |t| t.1) as f32;
        let c = Color::srgb(0.4 + 0.6 * level, 1.0, 0.5 + 0.5 * level);
        let at = v(l.at_m, up);
        gizmos.circle(Isometry3d::from_translation(at), r, c);
        gizmos.arc_3d(
            std::f32::consts::PI,
            r * 1.8,
            Isometry3d::new(at, Quat::from_rotation_z(-std::f32::consts::FRAC_PI_2)),
            c,
        );
    }
}
