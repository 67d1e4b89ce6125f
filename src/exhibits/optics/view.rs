//! The `optics` view (kiosk only), in the plane z = 0: each element drawn as what it is (a
//! mirror bright, a part-silvered one pale, an absorber dark, a screen white, a lens with its
//! arrows, glass as a see-through fill), the light in its own colour and as bright as the
//! share it carries, and each object with the image a visitor would see: the brightest whole,
//! upside down where it is, faint where it is virtual; every further image as a dot as bright
//! as it is (the infinity mirror's tunnel, the kaleidoscope's ring).

use super::super::{ActiveExhibit, ExhibitEntity, ViewSet, active_kind};
use super::{KIND, OpticsSim};
use crate::descriptor::kinds::KindParams;
use crate::model::optics::P2;
use crate::model::optics::geometry::ring;
use crate::model::optics::trace::{FAR_M, Role};
use crate::model::optics::{Does, SourceKind};
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

/// Lines of light and of the elements, thick enough for a child across a kiosk.
#[derive(Default, Reflect, GizmoConfigGroup)]
struct LightGizmos;

pub(super) fn plugin(app: &mut App) {
    app.init_gizmo_group::<LightGizmos>();
    app.add_systems(Startup, |mut store: ResMut<GizmoConfigStore>| {
        store.config_mut::<LightGizmos>().0.line.width = 4.0;
    });
    app.add_systems(
        PostUpdate,
        (fill_glass, draw).in_set(ViewSet).run_if(active_kind(KIND)),
    );
}

fn v(p: P2) -> Vec3 {
    Vec3::new(p[0] as f32, p[1] as f32, 0.0)
}

/// Drawn in layers towards the camera: the light, the elements over it, then the figures.
const ELEMENTS_Z: f32 = 0.002;
const FIGURES_Z: f32 = 0.004;

/// The most rays of one point drawn: an object's fan of 1 440 (to find every image of the
/// kaleidoscope) would fill its wedge with light and hide the mirrors.
const DRAWN_RAYS: usize = 48;

/// A glass's see-through fill, for the trace it was made from.
#[derive(Component)]
struct GlassFill(u64);

/// Glass fills, made again whenever the light was traced again (a piece may have turned).
fn fill_glass(
    mut commands: Commands,
    sim: Option<Res<OpticsSim>>,
    fills: Query<(Entity, &GlassFill)>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let Some(sim) = sim else { return };
    let now = sim.model.traces;
    if fills.iter().any(|(_, f)| f.0 == now) {
        return;
    }
    for (e, _) in &fills {
        commands.entity(e).despawn();
    }
    let material = materials.add(StandardMaterial {
        base_color: Color::srgba(0.55, 0.8, 1.0, 0.28),
        alpha_mode: AlphaMode::Blend,
        unlit: true,
        ..default()
    });
    let mut any = false;
    for el in &sim.model.optics.elements {
        if !matches!(el.role, Role::Glass { .. }) {
            continue;
        }
        let ring: Vec<Vec3> = ring(&el.pieces, 24)
            .into_iter()
            .map(|p| v(p) - Vec3::Z * 0.001)
            .collect();
        // A fan from the middle: the shipped pieces (prisms, blocks, lenses) are convex.
        let centre = ring.iter().copied().sum::<Vec3>() / ring.len().max(1) as f32;
        let mut positions = vec![centre];
        positions.extend(&ring);
        let n = ring.len() as u32;
        let indices: Vec<u32> = (0..n).flat_map(|i| [0, 1 + i, 1 + (i + 1) % n]).collect();
        let mut mesh = Mesh::new(
            PrimitiveTopology::TriangleList,
            RenderAssetUsages::default(),
        );
        let count = positions.len();
        mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, positions);
        mesh.insert_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; count]);
        mesh.insert_indices(Indices::U32(indices));
        commands.spawn((
            ExhibitEntity,
            GlassFill(now),
            Mesh3d(meshes.add(mesh)),
            MeshMaterial3d(material.clone()),
        ));
        any = true;
    }
    if !any {
        // Remember this trace even with no glass, so nothing is remade each frame.
        commands.spawn((ExhibitEntity, GlassFill(now)));
    }
}

/// The colour of light of `nm` nanometres (a smooth approximation of the visible spectrum).
pub fn spectral(nm: f64) -> [f32; 3] {
    let (r, g, b) = match nm {
        x if x < 440.0 => (-(x - 440.0) / 60.0, 0.0, 1.0),
        x if x < 490.0 => (0.0, (x - 440.0) / 50.0, 1.0),
        x if x < 510.0 => (0.0, 1.0, -(x - 510.0) / 20.0),
        x if x < 580.0 => ((x - 510.0) / 70.0, 1.0, 0.0),
        x if x < 645.0 => (1.0, -(x - 645.0) / 65.0, 0.0),
        _ => (1.0, 0.0, 0.0),
    };
    [r, g, b].map(|c| c.clamp(0.0, 1.0) as f32)
}

fn draw(active: Res<ActiveExhibit>, sim: Option<Res<OpticsSim>>, mut gizmos: Gizmos<LightGizmos>) {
    let Some(sim) = sim else { return };
    let KindParams::Optics(p) = &active.descriptor.kind else {
        return;
    };
    let w = &sim.model;
    // The light first, under the elements; a stretch leaving the scene is drawn 3 m.
    let stride: Vec<usize> = p
        .sources
        .iter()
        .map(|src| {
            let n = match &src.kind {
                SourceKind::Laser { .. } => 1,
                SourceKind::Beam { rays, .. }
                | SourceKind::Fan { rays, .. }
                | SourceKind::Object { rays, .. } => *rays,
            };
            n.div_ceil(DRAWN_RAYS).max(1)
        })
        .collect();
    for s in &w.trace.segments {
        if s.ray % stride.get(s.source).copied().unwrap_or(1) != 0 {
            continue;
        }
        let [r, g, b] = spectral(s.nm);
        let alpha = (s.power.sqrt() as f32 * 1.6).clamp(0.12, 1.0);
        let (a, mut bb) = (v(s.a), v(s.b));
        let len = (bb - a).length();
        if len > 3.0 && (len - FAR_M as f32).abs() < 1.0 {
            bb = a + (bb - a) / len * 3.0;
        }
        gizmos.line(a, bb, Color::srgba(r, g, b, alpha));
    }
    for el in &w.optics.elements {
        let color = match &el.role {
            Role::Surface(Does::Mirror) => Color::srgb(0.92, 0.95, 1.0),
            Role::Surface(Does::PartMirror { .. }) => Color::srgba(0.75, 0.85, 1.0, 0.7),
            Role::Surface(Does::Absorber) => Color::srgb(0.45, 0.45, 0.5),
            Role::Surface(Does::Screen) => Color::srgb(0.98, 0.97, 0.9),
            Role::Surface(Does::ThinLens { .. }) => Color::srgb(0.55, 0.85, 1.0),
            Role::Glass { .. } => Color::srgba(0.7, 0.9, 1.0, 0.9),
        };
        let up = Vec3::Z * ELEMENTS_Z;
        for piece in &el.pieces {
            gizmos.linestrip(piece.points(48).into_iter().map(|q| v(q) + up), color);
        }
        if let Role::Surface(Does::ThinLens { focal_m }) = &el.role {
            // Arrow heads at the ends: outwards for a converging lens, inwards for a spreading one.
            let (a, b) = (v(el.pieces[0].at(0.0)) + up, v(el.pieces[0].at(1.0)) + up);
            let along = (b - a).normalize_or(Vec3::Y) * 0.02 * focal_m.signum() as f32;
            let across = Vec3::new(-along.y, along.x, 0.0);
            for (end, dir) in [(b, along), (a, -along)] {
                gizmos.line(end, end - dir + across, color);
                gizmos.line(end, end - dir - across, color);
            }
        }
    }
    // Each object, and what a visitor would see of it.
    let up = Vec3::Z * FIGURES_Z;
    let at = |q: P2| v(q) + up;
    let figure = Color::srgb(1.0, 0.7, 0.25);
    for src in &p.sources {
        let SourceKind::Object { joined, .. } = &src.kind else {
            continue;
        };
        // A figure as its lines; lights (or a single point: a candle) as lights.
        let pts = w.object_points(&src.id);
        let lights = !joined || pts.len() == 1;
        if lights {
            for q in &pts {
                glow(&mut gizmos, at(*q), 1.0, figure);
            }
        } else {
            gizmos.linestrip(pts.iter().map(|q| at(*q)), figure);
        }
        // The brightest image of a figure whole, in the colour of light: solid where the
        // light itself meets (real), faint where it only seems to come from (virtual).
        let seen: Vec<_> = (0..pts.len()).map(|i| w.image(&src.id, i, None)).collect();
        if !lights && seen.iter().all(Option::is_some) {
            let real = seen[0].is_some_and(|im| im.real);
            let c = Color::srgba(0.65, 0.92, 1.0, if real { 0.95 } else { 0.5 });
            gizmos.linestrip(seen.iter().flatten().map(|im| at(im.at)), c);
        }
        // Every other image (and every image of a light), as bright as its share of the
        // brightest: the infinity mirror's tunnel, the kaleidoscope's ring.
        for i in 0..pts.len() {
            let all = w.images_of(&src.id, i);
            let top = all.first().map_or(1.0, |im| im.share);
            let skip = usize::from(!lights);
            for im in all.iter().skip(skip).filter(|im| im.share > 0.01) {
                let a = ((im.share / top).sqrt() as f32).clamp(0.15, 1.0);
                glow(&mut gizmos, at(im.at), a, Color::srgba(0.65, 0.92, 1.0, a));
            }
        }
    }
}

/// A small light: rings round a point, `size` 0–1.
fn glow(gizmos: &mut Gizmos<LightGizmos>, at: Vec3, size: f32, color: Color) {
    for r in [0.003, 0.006, 0.009] {
        gizmos.circle(
            Isometry3d::from_translation(at),
            r * (0.5 + 0.5 * size),
            color,
        );
    }
}
