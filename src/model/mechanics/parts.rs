//! What the build hands the running world: its bodies and pendulum rods as rapier handles with
//! what the world needs of each, and the f64 → f32 vector rapier takes. Both `build` and
//! `world` read them; neither reaches into the other for them.

use crate::model::V3;
use rapier3d::prelude::*;

pub(in crate::model::mechanics) struct Body {
    pub id: String,
    pub handle: RigidBodyHandle,
    pub colliders: Vec<ColliderHandle>,
    /// The radius rolling resistance acts at: the largest distance of the shape from its centre.
    pub radius: f64,
    pub rolling_resistance: f64,
    pub held: bool,
    /// The velocities it gets when released.
    pub launch: (V3, V3),
    /// m³: what a magnet's moment is reckoned from.
    pub volume: f64,
    /// Where its centre starts: what a `Shake` moves it about.
    pub start: V3,
}

/// A pendulum's massless rod: body `b`'s centre held `length` from a pivot fixed to body `a`
/// (the ground for `world`), in the plane across `axis`.
pub(in crate::model::mechanics) struct Rod {
    pub a: RigidBodyHandle,
    /// In `a`'s frame.
    pub pivot: Vector,
    /// In `a`'s frame.
    pub axis: Vector,
    pub b: RigidBodyHandle,
    pub length: f64,
}

/// A scene vector as rapier's.
pub(in crate::model::mechanics) fn vec3(v: V3) -> Vector {
    Vector::new(v[0] as f32, v[1] as f32, v[2] as f32)
}
