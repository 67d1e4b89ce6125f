//! The `panorama` view (kiosk only): the scene's image on the inside of a sphere round the
//! camera, the camera turned to the tour's view, and what the kiosk draws over it: the
//! hotspots' badges, the open panel, the fade between scenes.

use super::super::{
    ActiveExhibit, Badge, Badges, ExhibitEntity, InfoPanel, Panel, Veil, ViewAspect, ViewSet,
    active_kind,
};
use super::{KIND, PanoramaSim};
use crate::descriptor::kinds::KindParams;
use crate::model::panorama::direction;
use crate::model::panorama::spec::Icon;
use bevy::asset::RenderAssetUsages;
use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The packs' panoramas and panel pictures, decoded (by the kiosk, off the frame, each time
/// the packs load), by their full path.
#[derive(Resource, Default)]
pub struct PanoramaImages(pub BTreeMap<PathBuf, Handle<Image>>);

pub(super) fn view_plugin(app: &mut App) {
    app.init_resource::<PanoramaImages>();
    app.add_systems(PostUpdate, draw.in_set(ViewSet).run_if(active_kind(KIND)));
}

/// The sphere the scene is painted inside, and the image it shows now.
#[derive(Component)]
struct Sky {
    showing: Option<Handle<Image>>,
}

/// Far enough that nothing of the kiosk's scene is in between, well inside the far plane.
const SKY_RADIUS: f32 = 50.0;

fn draw(
    mut commands: Commands,
    active: Res<ActiveExhibit>,
    sim: Option<Res<PanoramaSim>>,
    images: Res<PanoramaImages>,
    aspect: Res<ViewAspect>,
    mut sky: Query<(&mut Sky, &MeshMaterial3d<StandardMaterial>)>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut camera: Query<(&mut Transform, &mut Projection, &mut Tonemapping), With<Camera3d>>,
    mut badges: ResMut<Badges>,
    mut panel: ResMut<InfoPanel>,
    mut veil: ResMut<Veil>,
) {
    let (Some(sim), KindParams::Panorama(p)) = (sim, &active.descriptor.kind) else {
        return;
    };
    let t = &sim.tour;
    let Some(scene) = p.scenes.get(t.scene) else {
        return;
    };
    let picture = |rel: &str| images.0.get(&active.pack_dir.join(rel)).cloned();
    let image = picture(&scene.image);
    match sky.single_mut() {
        Ok((mut s, mat)) => {
            if s.showing != image
                && let Some(mut m) = materials.get_mut(&mat.0)
            {
                m.base_color_texture = image.clone();
                m.base_color = base_color(&image);
                s.showing = image;
            }
        }
        Err(_) => {
            let material = materials.add(StandardMaterial {
                base_color: base_color(&image),
                base_color_texture: image.clone(),
                unlit: true,
                cull_mode: None,
                ..default()
            });
            commands.spawn((
                ExhibitEntity,
                Sky { showing: image },
                Mesh3d(meshes.add(sky_mesh(96, 48))),
                MeshMaterial3d(material),
                Transform::from_scale(Vec3::splat(SKY_RADIUS)),
            ));
        }
    }
    // The kiosk has one 3D camera: this kind turns it (the descriptor's camera is unused).
    if let Ok((mut cam, mut proj, mut tone)) = camera.single_mut() {
        // A photograph is shown as it is: no tone mapping of its colours.
        tone.set_if_neq(Tonemapping::None);
        let f = t.view.forward();
        *cam = Transform::IDENTITY
            .looking_to(Vec3::new(f[0] as f32, f[1] as f32, f[2] as f32), Vec3::Y);
        *proj = Projection::Perspective(PerspectiveProjection {
            fov: (t.view.fov_deg as f32).to_radians(),
            near: 0.05,
            ..default()
        });
    }
    let fresh: Vec<Badge> = scene
        .hotspots
        .iter()
        .enumerate()
        .map(|(i, h)| Badge {
            at: t.view.project(direction(h.yaw_deg, h.pitch_deg), aspect.0),
            glyph: match h.icon() {
                Icon::Info => "i",
                Icon::Question => "?",
                Icon::Door => "→",
            },
            title: h.title.clone(),
            open: t.open == Some(i),
        })
        .collect();
    badges.set_if_neq(Badges(fresh));
    let open = t.open.and_then(|i| scene.hotspots.get(i)).map(|h| Panel {
        title: h.title.clone(),
        text: h.text.clone(),
        picture: h.picture.as_deref().and_then(picture),
    });
    panel.set_if_neq(InfoPanel(open));
    veil.set_if_neq(Veil(t.veil() as f32));
}

/// White under a decoded image; a dark grey while it is still being decoded (or could not be).
fn base_color(image: &Option<Handle<Image>>) -> Color {
    if image.is_some() {
        Color::WHITE
    } else {
        Color::srgb(0.12, 0.13, 0.16)
    }
}

/// A unit sphere whose texture coordinates are the equirectangular mapping of the model
/// (`panorama::equirect_uv`): u from yaw −180° to 180°, v from the zenith down. The seam
/// has its vertices twice (u = 0 and u = 1), so no triangle spans it; each pole is a row
/// of vertices, one per sector at its sector's middle u, so the image's top and bottom rows
/// meet at a point without a twisted fan.
fn sky_mesh(sectors: u32, stacks: u32) -> Mesh {
    let mut pos = Vec::new();
    let mut uv = Vec::new();
    let mut normal = Vec::new();
    for j in 0..=stacks {
        let v = j as f64 / stacks as f64;
        let pitch = 90.0 - v * 180.0;
        for i in 0..=sectors {
            let mut u = i as f64 / sectors as f64;
            if j == 0 || j == stacks {
                u = (i as f64 + 0.5).min(sectors as f64) / sectors as f64;
            }
            let d = direction(u * 360.0 - 180.0, pitch);
            let d = [d[0] as f32, d[1] as f32, d[2] as f32];
            pos.push(d);
            normal.push([-d[0], -d[1], -d[2]]);
            uv.push([u as f32, v as f32]);
        }
    }
    let row = sectors + 1;
    let mut idx = Vec::new();
    for j in 0..stacks {
        for i in 0..sectors {
            let (a, b) = (j * row + i, (j + 1) * row + i);
            idx.extend([a, a + 1, b, a + 1, b + 1, b]);
        }
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, pos)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normal)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uv)
    .with_inserted_indices(Indices::U32(idx))
}
