//! The descriptor's scene in Bevy: camera, background, lights and props. The exhibit's own
//! bodies come from its kind's `view_plugin`.

use crate::descriptor::{LightSpec, Scene, Shape, parse_color};
use crate::exhibits::{self, ExhibitEntity};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    // Spawned now: the first screen is entered before `Startup` and aims the camera.
    app.world_mut().spawn((
        KioskCamera,
        Camera3d::default(),
        Transform::from_xyz(0.0, 0.3, 0.6).looking_at(Vec3::ZERO, Vec3::Y),
    ));
}

#[derive(Component)]
struct KioskCamera;

fn color(hex: &str) -> Color {
    let c = parse_color(hex).unwrap_or([0.8, 0.8, 0.8]);
    Color::srgb(c[0], c[1], c[2])
}

fn vec3(a: [f32; 3]) -> Vec3 {
    Vec3::from_array(a)
}

pub(super) fn spawn_scene(world: &mut World, s: &Scene) {
    world.insert_resource(ClearColor(color(&s.background)));
    world.insert_resource(GlobalAmbientLight {
        brightness: s.ambient_brightness,
        ..default()
    });
    let mut cam = world.query_filtered::<(
        &mut Transform,
        &mut Projection,
        &mut bevy::core_pipeline::tonemapping::Tonemapping,
    ), With<KioskCamera>>();
    if let Ok((mut t, mut proj, mut tone)) = cam.single_mut(world) {
        // Scenes are lit and tone mapped (a panorama's view turns it off for its photo).
        *tone = default();
        *t = exhibits::camera_transform(&s.camera);
        *proj = Projection::Perspective(PerspectiveProjection {
            fov: s.camera.fov_deg.to_radians(),
            near: 0.005,
            ..default()
        });
    }
    for l in &s.lights {
        match l {
            LightSpec::Directional {
                direction,
                illuminance_lux,
                color: c,
                shadows,
            } => {
                world.spawn((
                    ExhibitEntity,
                    DirectionalLight {
                        illuminance: *illuminance_lux,
                        color: color(c),
                        shadow_maps_enabled: *shadows,
                        ..default()
                    },
                    Transform::default().looking_to(vec3(*direction), Vec3::Y),
                ));
            }
            LightSpec::Point {
                position,
                intensity_lm,
                range_m,
                color: c,
                shadows,
            } => {
                world.spawn((
                    ExhibitEntity,
                    PointLight {
                        intensity: *intensity_lm,
                        range: *range_m,
                        color: color(c),
                        shadow_maps_enabled: *shadows,
                        ..default()
                    },
                    Transform::from_translation(vec3(*position)),
                ));
            }
        }
    }
    for p in &s.props {
        let mesh: Mesh = match p.shape {
            Shape::Box { size } => Cuboid::new(size[0], size[1], size[2]).into(),
            Shape::Sphere { radius } => Sphere::new(radius).into(),
            Shape::Cylinder { radius, height } => Cylinder::new(radius, height).into(),
            Shape::Plane { size } => Plane3d::default().mesh().size(size[0], size[1]).into(),
        };
        let m = &p.material;
        let mut base = color(&m.color);
        base.set_alpha(m.alpha);
        let mat = StandardMaterial {
            base_color: base,
            metallic: m.metallic,
            perceptual_roughness: m.roughness,
            emissive: color(&m.color).to_linear() * m.emissive,
            alpha_mode: if m.alpha < 1.0 {
                AlphaMode::Blend
            } else {
                AlphaMode::Opaque
            },
            ..default()
        };
        let mesh = world.resource_mut::<Assets<Mesh>>().add(mesh);
        let mat = world.resource_mut::<Assets<StandardMaterial>>().add(mat);
        let r = p.transform.rotation_deg;
        world.spawn((
            ExhibitEntity,
            Mesh3d(mesh),
            MeshMaterial3d(mat),
            Transform {
                translation: vec3(p.transform.translation),
                rotation: Quat::from_euler(
                    EulerRot::XYZ,
                    r[0].to_radians(),
                    r[1].to_radians(),
                    r[2].to_radians(),
                ),
                scale: vec3(p.transform.scale),
            },
        ));
    }
}
