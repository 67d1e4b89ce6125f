//! A body's colliders, from its shape: one per sphere, box, cylinder, capsule or cone, a
//! compound's parts (each perhaps of its own density), a tube's wall (slabs round the bore
//! where it is fixed; its outside, weighing its wall exactly, where it moves) and a track's
//! rail or channel; and the volume a density turns into a mass.

use super::geometry::{channel_mesh, rotation};
use crate::model::mechanics::parts::vec3;
use crate::model::mechanics::spec::*;
use rapier3d::prelude::*;

/// One collider of a body: its shape and pose, the density it has if not the body's, and for
/// a moving tube its exact size (outer radius, bore, height): its mass is the wall's.
pub(super) struct Piece {
    pub collider: ColliderBuilder,
    pub density: Option<f64>,
    pub tube: Option<[f64; 3]>,
}

impl Piece {
    /// m³ that take the density.
    fn volume(&self) -> f64 {
        match self.tube {
            Some([r, bore, h]) => std::f64::consts::PI * (r * r - bore * bore) * h,
            None => self.collider.clone().density(1.0).build().mass() as f64,
        }
    }

    /// The collider with its mass at `density` (a tube's: the wall's, exactly; Lamé's hollow
    /// cylinder, I_axis = m(R² + r²)/2, I_across = m(3(R² + r²) + h²)/12).
    pub(super) fn with_mass(self, density: f64) -> ColliderBuilder {
        let density = self.density.unwrap_or(density);
        match self.tube {
            Some([r, bore, h]) => {
                let m = density * self.volume();
                let sq = r * r + bore * bore;
                let (axis, across) = (m * sq / 2.0, m * (3.0 * sq + h * h) / 12.0);
                self.collider.mass_properties(MassProperties::new(
                    Vector::ZERO,
                    m as f32,
                    Vector::new(across as f32, axis as f32, across as f32),
                ))
            }
            None => self.collider.density(density as f32),
        }
    }
}

/// How many slabs make a tube's wall (their faces 15° apart).
const TUBE_SLABS: usize = 24;

/// The colliders of a shape, each with its pose in the body. `fixed`: a tube is then open
/// inside (its wall as slabs); a moving one touches with its outside and weighs its wall.
pub(super) fn colliders(shape: &BodyShape, at: Pose, fixed: bool) -> Vec<Piece> {
    let f = |x: f64| x as f32;
    let piece = |b: ColliderBuilder| Piece {
        collider: b.position(at),
        density: None,
        tube: None,
    };
    let one = |b: ColliderBuilder| vec![piece(b)];
    match shape {
        BodyShape::Sphere { radius_m } => one(ColliderBuilder::ball(f(*radius_m))),
        BodyShape::Box { size_m } => one(ColliderBuilder::cuboid(
            f(size_m[0] / 2.0),
            f(size_m[1] / 2.0),
            f(size_m[2] / 2.0),
        )),
        BodyShape::Cylinder { radius_m, height_m } => {
            one(ColliderBuilder::cylinder(f(height_m / 2.0), f(*radius_m)))
        }
        BodyShape::Capsule { radius_m, height_m } => {
            one(ColliderBuilder::capsule_y(f(height_m / 2.0), f(*radius_m)))
        }
        BodyShape::Cone { radius_m, height_m } => {
            one(ColliderBuilder::cone(f(height_m / 2.0), f(*radius_m)))
        }
        BodyShape::Tube {
            radius_m,
            height_m,
            wall_m,
        } => {
            let mid = radius_m - wall_m / 2.0;
            let half_w = (mid * (std::f64::consts::PI / TUBE_SLABS as f64).tan()) * 1.02;
            if !fixed {
                // Moving, it touches with its outside; its mass is the wall's, exactly.
                let outside = ColliderBuilder::cylinder(f(height_m / 2.0), f(*radius_m));
                return vec![Piece {
                    tube: Some([*radius_m, radius_m - wall_m, *height_m]),
                    ..piece(outside)
                }];
            }
            (0..TUBE_SLABS)
                .map(|i| {
                    let a = std::f32::consts::TAU * i as f32 / TUBE_SLABS as f32;
                    let place = Pose::from_parts(
                        Vector::new(f(mid) * a.cos(), 0.0, -f(mid) * a.sin()),
                        Rotation::from_axis_angle(Vector::Y, a),
                    );
                    let slab =
                        ColliderBuilder::cuboid(f(wall_m / 2.0), f(height_m / 2.0), f(half_w));
                    Piece {
                        collider: slab.position(at * place),
                        density: None,
                        tube: None,
                    }
                })
                .collect()
        }
        BodyShape::Compound(parts) => parts
            .iter()
            .flat_map(|p| {
                let at = at * Pose::from_parts(vec3(p.offset_m), rotation(p.rotation_deg));
                colliders(&p.shape, at, fixed).into_iter().map(|c| Piece {
                    density: c.density.or(p.density_kg_m3),
                    ..c
                })
            })
            .collect(),
        BodyShape::Track { curve, profile } => match profile {
            Profile::Rail { radius_m } => curve
                .sample()
                .windows(2)
                .map(|w| {
                    piece(ColliderBuilder::capsule_from_endpoints(
                        vec3(w[0]),
                        vec3(w[1]),
                        f(*radius_m),
                    ))
                })
                .collect(),
            Profile::Channel { width_m, wall_m } => {
                let (v, t) = channel_mesh(curve, *width_m, *wall_m);
                let v: Vec<Vector> = v.into_iter().map(vec3).collect();
                ColliderBuilder::trimesh_with_flags(v, t, TriMeshFlags::FIX_INTERNAL_EDGES)
                    .map(one)
                    .unwrap_or_default()
            }
        },
    }
}

/// The volume of a shape, m³ (from rapier's own mass properties at density 1): a tube's wall,
/// not its bore.
pub(in crate::model::mechanics) fn volume(shape: &BodyShape) -> f64 {
    colliders(shape, Pose::IDENTITY, false)
        .iter()
        .map(Piece::volume)
        .sum()
}

/// The mass of a shape, kg, at `density` where a part has none of its own.
pub(in crate::model::mechanics) fn mass(shape: &BodyShape, density: f64) -> f64 {
    colliders(shape, Pose::IDENTITY, false)
        .iter()
        .map(|c| c.volume() * c.density.unwrap_or(density))
        .sum()
}
