//! The descriptor's camera, and touches mapped through it: a touch at a normalised view
//! position to a ray into the scene or a point on a plane, and back. Headless runs use the
//! same mapping at [`EXHIBIT_ASPECT`], so an input script's touches land where the kiosk's do.

use bevy::prelude::*;

pub const EXHIBIT_ASPECT: f64 = 1.6;

/// Width over height of the view touches are normalised to: the kiosk's window, or
/// [`EXHIBIT_ASPECT`] headless.
#[derive(Resource, Debug, Clone, Copy)]
pub struct ViewAspect(pub f64);

impl Default for ViewAspect {
    fn default() -> Self {
        Self(EXHIBIT_ASPECT)
    }
}

/// Where a touch at normalised view position `p` (0–1, y down) meets the horizontal plane at
/// height `h`, through the descriptor's camera ([`camera_transform`], `fov_deg` vertical).
/// None if the ray misses it.
pub fn touch_on_plane(
    cam: &crate::descriptor::CameraSpec,
    aspect: f64,
    p: [f64; 2],
    h: f32,
) -> Option<Vec3> {
    let (origin, dir) = touch_ray(cam, aspect, p);
    if dir.y.abs() < 1e-6 {
        return None;
    }
    let s = (h - origin.y) / dir.y;
    (s > 0.0).then(|| origin + dir * s)
}

/// Where a touch at normalised `p` meets the plane z = 0 (a data kind's page: optics, waves),
/// in its metres.
pub fn touch_on_page(
    cam: &crate::descriptor::CameraSpec,
    aspect: f64,
    p: [f64; 2],
) -> Option<[f64; 2]> {
    let (o, d) = touch_ray(cam, aspect, p);
    (d.z.abs() > 1e-6 && -o.z / d.z > 0.0).then(|| {
        let t = -o.z / d.z;
        [(o.x + d.x * t) as f64, (o.y + d.y * t) as f64]
    })
}

/// The ray through a touch at normalised view position `p`: the camera's position and the
/// unit direction into the scene.
pub fn touch_ray(cam: &crate::descriptor::CameraSpec, aspect: f64, p: [f64; 2]) -> (Vec3, Vec3) {
    let t = camera_transform(cam);
    let half = (cam.fov_deg.to_radians() / 2.0).tan();
    let (nx, ny) = ((2.0 * p[0] - 1.0) as f32, (1.0 - 2.0 * p[1]) as f32);
    let dir = *t.forward() + *t.right() * nx * half * aspect as f32 + *t.up() * ny * half;
    (t.translation, dir.normalize_or_zero())
}

/// The inverse of [`touch_on_plane`]: where a world point shows in the view, normalised.
pub fn view_of(cam: &crate::descriptor::CameraSpec, aspect: f64, w: Vec3) -> Option<[f64; 2]> {
    let t = camera_transform(cam);
    let d = w - t.translation;
    let z = d.dot(*t.forward());
    if z <= 0.0 {
        return None;
    }
    let half = (cam.fov_deg.to_radians() / 2.0).tan();
    let nx = d.dot(*t.right()) / (z * half * aspect as f32);
    let ny = d.dot(*t.up()) / (z * half);
    Some([((nx + 1.0) / 2.0) as f64, ((1.0 - ny) / 2.0) as f64])
}

/// Where the descriptor's camera stands and looks (+y up): the kiosk places its camera with
/// this, and touches are mapped back through it.
pub fn camera_transform(cam: &crate::descriptor::CameraSpec) -> Transform {
    Transform::from_translation(Vec3::from_array(cam.position))
        .looking_at(Vec3::from_array(cam.look_at), Vec3::Y)
}
