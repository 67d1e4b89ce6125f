//! From the file's scene to a rapier world: parameters and variants applied, bodies with their
//! colliders, tracks swept along their curves, joints (the geometry they share with the view:
//! `geometry.rs`).

mod colliders;
mod geometry;
use colliders::colliders;
pub(in crate::model::mechanics) use colliders::{mass, volume};
use geometry::rotation_about;
pub use geometry::{
    bounding_radius, channel_mesh, rotation, rotation_xyzw, start_on, track_frames,
};

use super::parts::{Body, Rod, vec3};
use super::spec::*;
use crate::kind_spec::ControlValue;
use crate::model::{V3, add, normalize};
use rapier3d::prelude::*;
use std::collections::BTreeMap;

pub(super) struct Built {
    pub world: PhysicsWorld,
    pub bodies: Vec<Option<Body>>,
    pub ground: RigidBodyHandle,
    pub joints: BTreeMap<String, ImpulseJointHandle>,
    pub rods: Vec<Rod>,
}

/// How fast a hinge motor closes on its target speed, 1/s (rapier's acceleration-based motor):
/// within a tick or two, as far as its torque allows; 1 would take a second.
pub(super) const MOTOR_GAIN: f32 = 100.0;

/// Tabletop scenes: a length unit of 10 cm scales rapier's tolerances to their size (as the
/// built-in kinds do).
const LENGTH_UNIT: f32 = 0.1;

/// The scene with every `Parameter` and `Tune` control's value written in.
pub fn with_parameters(
    file: &MechanicsParams,
    controls: &BTreeMap<String, ControlValue>,
) -> MechanicsParams {
    let mut scene = file.clone();
    write_numbers(&mut scene, file, controls, false);
    scene
}

/// Writes the value of each `Tune` control (unless `tunes_only`, each `Parameter` control
/// too) at its paths into `scene`; a scaling control multiplies the file's value there.
pub fn write_numbers(
    scene: &mut MechanicsParams,
    file: &MechanicsParams,
    controls: &BTreeMap<String, ControlValue>,
    tunes_only: bool,
) {
    let numbers = file.controls.iter().filter_map(|c| {
        let n = c.does.numbers()?;
        (!tunes_only || matches!(c.does, Does::Tune(_))).then_some((c.name.as_str(), n))
    });
    crate::model::scene::write_numbers(scene, file, numbers, controls);
}

/// Which bodies are in the scene: all but those of the variants not chosen.
pub fn present_bodies(
    scene: &MechanicsParams,
    controls: &BTreeMap<String, ControlValue>,
) -> Vec<bool> {
    let mut present = vec![true; scene.bodies.len()];
    for c in &scene.controls {
        if let Does::Variant { options } = &c.does {
            let chosen = match controls.get(&c.name) {
                Some(ControlValue::Choice(s)) => s.as_str(),
                _ => options.first().map(|o| o.name.as_str()).unwrap_or(""),
            };
            // A body named in some option is there only if the chosen one names it.
            let named = |b: &BodySpec, only: Option<&str>| {
                options
                    .iter()
                    .any(|o| only.is_none_or(|n| o.name == n) && o.bodies.contains(&b.id))
            };
            for (i, b) in scene.bodies.iter().enumerate() {
                if named(b, None) && !named(b, Some(chosen)) {
                    present[i] = false;
                }
            }
        }
    }
    present
}

impl crate::model::scene::NumberPaths for MechanicsParams {
    /// The number at a `Parameter` or `Tune` path (`bodies.ID.FIELD`, `joints.ID.FIELD`,
    /// `forces.ID.FIELD`, a vector's `….FIELD.x|y|z`, `gravity_m_s2.x|y|z`); None if there is
    /// none there.
    fn number_at(&mut self, path: &str) -> Option<&mut f64> {
        let parts: Vec<&str> = path.split('.').collect();
        let xyz = |k: &str| ["x", "y", "z"].iter().position(|a| *a == k);
        match parts.as_slice() {
            ["gravity_m_s2", k] => {
                let i = xyz(k)?;
                Some(&mut self.gravity_m_s2[i])
            }
            ["bodies", id, field, rest @ ..] => {
                let b = self.bodies.iter_mut().find(|b| b.id == *id)?;
                match (*field, rest) {
                    ("mass_kg", []) => b.mass_kg.as_mut(),
                    ("density_kg_m3", []) => Some(&mut b.density_kg_m3),
                    ("friction", []) => Some(&mut b.friction),
                    ("restitution", []) => Some(&mut b.restitution),
                    ("rolling_resistance", []) => Some(&mut b.rolling_resistance),
                    ("position_m", [k]) => {
                        let i = xyz(k)?;
                        Some(&mut b.position_m[i])
                    }
                    ("velocity_m_s", [k]) => {
                        let i = xyz(k)?;
                        Some(&mut b.velocity_m_s[i])
                    }
                    ("radius_m", []) => match &mut b.shape {
                        BodyShape::Sphere { radius_m }
                        | BodyShape::Cylinder { radius_m, .. }
                        | BodyShape::Capsule { radius_m, .. }
                        | BodyShape::Cone { radius_m, .. } => Some(radius_m),
                        _ => None,
                    },
                    _ => None,
                }
            }
            ["joints", id, field] => {
                let j = self.joints.iter_mut().find(|j| j.id == *id)?;
                match (&mut j.kind, *field) {
                    (JointKind::Rope { length_m }, "length_m")
                    | (JointKind::Pendulum { length_m, .. }, "length_m") => Some(length_m),
                    (JointKind::Pendulum { angle_deg, .. }, "angle_deg") => Some(angle_deg),
                    (JointKind::Hinge { motor: Some(m), .. }, "speed_rad_s") => {
                        Some(&mut m.speed_rad_s)
                    }
                    (JointKind::Hinge { friction_n_m, .. }, "friction_n_m") => Some(friction_n_m),
                    _ => None,
                }
            }
            ["forces", id, field, rest @ ..] => {
                let f = self.forces.iter_mut().find(|f| f.id() == *id)?;
                match (f, *field, rest) {
                    (ForceSpec::Spring(s), "rest_length_m", []) => Some(&mut s.rest_length_m),
                    (ForceSpec::Spring(s), "stiffness_n_m", []) => Some(&mut s.stiffness_n_m),
                    (ForceSpec::Spring(s), "damping_n_s_m", []) => Some(&mut s.damping_n_s_m),
                    (
                        ForceSpec::Drag {
                            coefficient_n_s_m, ..
                        }
                        | ForceSpec::Wind {
                            coefficient_n_s_m, ..
                        },
                        "coefficient_n_s_m",
                        [],
                    ) => Some(coefficient_n_s_m),
                    (
                        ForceSpec::Wind {
                            velocity_m_s: v, ..
                        },
                        "velocity_m_s",
                        rest,
                    )
                    | (ForceSpec::Constant { force_n: v, .. }, "force_n", rest)
                    | (ForceSpec::Drive { force_n: v, .. }, "force_n", rest)
                    | (ForceSpec::Constant { torque_n_m: v, .. }, "torque_n_m", rest)
                    | (ForceSpec::Drive { torque_n_m: v, .. }, "torque_n_m", rest)
                    | (ForceSpec::Shake { amplitude_m: v, .. }, "amplitude_m", rest) => {
                        let [k] = rest else { return None };
                        Some(&mut v[xyz(k)?])
                    }
                    (
                        ForceSpec::Drive { frequency_hz, .. }
                        | ForceSpec::Shake { frequency_hz, .. },
                        "frequency_hz",
                        [],
                    ) => Some(frequency_hz),
                    (ForceSpec::Between { softening_m, .. }, "softening_m", []) => {
                        Some(softening_m)
                    }
                    (ForceSpec::Between { law, .. }, field, []) => match (law, field) {
                        (Law::Magnets { remanence_t, .. }, "remanence_t") => Some(remanence_t),
                        (Law::Charges { a_c, .. }, "a_c") => Some(a_c),
                        (Law::Charges { b_c, .. }, "b_c") => Some(b_c),
                        (Law::Power { k, .. }, "k") => Some(k),
                        _ => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

pub(super) fn world(scene: &MechanicsParams, present: &[bool]) -> Built {
    let mut world = PhysicsWorld::new();
    world.gravity = vec3(scene.gravity_m_s2);
    world.integration_parameters.length_unit = LENGTH_UNIT;
    // The 16 steps a tick are the substeps; rapier's own (4 by default) would repeat them.
    world.integration_parameters.num_solver_iterations = 2;
    // Contacts four times stiffer than rapier's defaults (60 Hz against fixed bodies): a 1 cm
    // ball pressed by 25 g in a track's bend then sinks 0.1 mm instead of 2 mm, and gives back
    // what it stored; the 960 Hz steps keep such stiffness stable.
    for soft in [
        &mut world.integration_parameters.contact_softness,
        &mut world.integration_parameters.static_contact_softness,
    ] {
        soft.natural_frequency = 240.0;
    }
    let ground = world.insert_body(RigidBodyBuilder::fixed());
    let mut bodies = Vec::new();
    let placed = pendulum_bobs(scene);
    for (i, b) in scene.bodies.iter().enumerate() {
        if !present[i] {
            bodies.push(None);
            continue;
        }
        let radius = bounding_radius(&b.shape);
        let position = placed
            .get(b.id.as_str())
            .copied()
            .or_else(|| {
                let t = scene
                    .bodies
                    .iter()
                    .find(|t| Some(&t.id) == b.on_track.as_ref())?;
                start_on(t, radius)
            })
            .unwrap_or(b.position_m);
        let rot = if placed.contains_key(b.id.as_str()) {
            Rotation::IDENTITY
        } else {
            rotation(b.rotation_deg)
        };
        let builder = match (b.motion, b.held) {
            (Motion::Fixed, _) => RigidBodyBuilder::fixed(),
            (Motion::Dynamic, true) => RigidBodyBuilder::kinematic_position_based(),
            (Motion::Dynamic, false) => RigidBodyBuilder::dynamic()
                .linvel(vec3(b.velocity_m_s))
                .angvel(vec3(b.angular_velocity_rad_s)),
            (Motion::Kinematic, _) => RigidBodyBuilder::kinematic_velocity_based()
                .linvel(vec3(b.velocity_m_s))
                .angvel(vec3(b.angular_velocity_rad_s)),
        };
        let handle = world.insert_body(
            builder
                .pose(Pose::from_parts(vec3(position), rot))
                .ccd_enabled(b.motion == Motion::Dynamic),
        );
        let density = match b.mass_kg {
            Some(m) => m / volume(&b.shape).max(1e-12),
            None => b.density_kg_m3,
        };
        let colliders = colliders(&b.shape, Pose::IDENTITY, b.motion == Motion::Fixed)
            .into_iter()
            .map(|c| {
                world.insert_collider(
                    c.with_mass(density)
                        .friction(b.friction as f32)
                        .restitution(b.restitution as f32),
                    Some(handle),
                )
            })
            .collect();
        bodies.push(Some(Body {
            id: b.id.clone(),
            handle,
            colliders,
            radius,
            rolling_resistance: b.rolling_resistance,
            held: b.held && b.motion == Motion::Dynamic,
            launch: (b.velocity_m_s, b.angular_velocity_rad_s),
            volume: volume(&b.shape),
            start: position,
        }));
    }
    let handle_of = |id: &str, bodies: &[Option<Body>]| -> Option<RigidBodyHandle> {
        if id == "world" {
            return Some(ground);
        }
        bodies
            .iter()
            .flatten()
            .find(|b| b.id == id)
            .map(|b| b.handle)
    };
    let mut joints = BTreeMap::new();
    let mut rods = Vec::new();
    for j in &scene.joints {
        let (Some(a), Some(b)) = (handle_of(&j.a, &bodies), handle_of(&j.b, &bodies)) else {
            continue;
        };
        let (aa, ab) = (vec3(j.anchor_a_m), vec3(j.anchor_b_m));
        let data: GenericJoint = match &j.kind {
            JointKind::Hinge {
                axis,
                limits_deg,
                motor,
                friction_n_m,
            } => {
                let mut h = RevoluteJointBuilder::new(vec3(normalize(*axis)))
                    .local_anchor1(aa)
                    .local_anchor2(ab)
                    .contacts_enabled(j.collide);
                if let Some([lo, hi]) = limits_deg {
                    h = h.limits([lo.to_radians() as f32, hi.to_radians() as f32]);
                }
                if let Some(m) = motor {
                    h = h
                        .motor_velocity(m.speed_rad_s as f32, MOTOR_GAIN)
                        .motor_max_force(m.max_torque_n_m as f32);
                } else if *friction_n_m > 0.0 {
                    // Dry friction: a motor that wants the axle still, as strong as the friction.
                    h = h
                        .motor_velocity(0.0, MOTOR_GAIN)
                        .motor_max_force(*friction_n_m as f32);
                }
                h.into()
            }
            JointKind::Slider { axis, limits_m } => {
                let mut s = PrismaticJointBuilder::new(vec3(normalize(*axis)))
                    .local_anchor1(aa)
                    .local_anchor2(ab)
                    .contacts_enabled(j.collide);
                if let Some([lo, hi]) = limits_m {
                    s = s.limits([*lo as f32, *hi as f32]);
                }
                s.into()
            }
            JointKind::Ball => SphericalJointBuilder::new()
                .local_anchor1(aa)
                .local_anchor2(ab)
                .contacts_enabled(j.collide)
                .into(),
            JointKind::Fixed => FixedJointBuilder::new()
                .local_anchor1(aa)
                .local_anchor2(ab)
                .contacts_enabled(j.collide)
                .into(),
            JointKind::Rope { length_m } => RopeJointBuilder::new(*length_m as f32)
                .local_anchor1(aa)
                .local_anchor2(ab)
                .contacts_enabled(j.collide)
                .into(),
            JointKind::Pendulum {
                pivot_m,
                length_m,
                axis,
                swing,
                ..
            } => {
                // Held by the world itself, exactly (`world/rods.rs`), not by a rapier joint;
                // a free swing has no plane.
                let plane = match swing {
                    Swing::Plane => vec3(normalize(*axis)),
                    Swing::Free => Vector::ZERO,
                };
                rods.push(Rod {
                    a,
                    pivot: vec3(*pivot_m),
                    axis: world.bodies[a].rotation().inverse() * plane,
                    b,
                    length: *length_m,
                });
                continue;
            }
        };
        // Each joint holds the two bodies as they start: its frame in `b` is its frame in
        // `a` turned by their starting rotations, so a `Fixed` joint keeps the angle between
        // them and a hinge's angle is 0 where it starts.
        let mut data = data;
        let (rot_a, rot_b) = (*world.bodies[a].rotation(), *world.bodies[b].rotation());
        let mut frame2 = data.local_frame2;
        frame2.rotation = rot_b.inverse() * rot_a * data.local_frame1.rotation;
        data.set_local_frame2(frame2);
        joints.insert(j.id.clone(), world.impulse_joints.insert(a, b, data, true));
    }
    Built {
        world,
        bodies,
        ground,
        joints,
        rods,
    }
}

/// Where each pendulum's bob starts: `length_m` from its pivot, `angle_deg` from straight down.
/// A pivot on a body is a point of that body where it starts (itself perhaps a bob: a chain
/// is placed link by link, at most one pass a joint).
fn pendulum_bobs(scene: &MechanicsParams) -> BTreeMap<&str, V3> {
    let mut placed: BTreeMap<&str, V3> = BTreeMap::new();
    for _ in 0..=scene.joints.len() {
        let mut changed = false;
        for j in &scene.joints {
            let JointKind::Pendulum {
                pivot_m,
                length_m,
                angle_deg,
                axis,
                ..
            } = &j.kind
            else {
                continue;
            };
            let pivot = if j.a == "world" {
                *pivot_m
            } else if let Some(at) = placed.get(j.a.as_str()) {
                add(*at, *pivot_m)
            } else if let Some(body) = scene.bodies.iter().find(|x| x.id == j.a) {
                let turned = rotation(body.rotation_deg) * vec3(*pivot_m);
                add(
                    body.position_m,
                    [turned.x as f64, turned.y as f64, turned.z as f64],
                )
            } else {
                continue;
            };
            let down =
                rotation_about(*axis, *angle_deg) * Vector::new(0.0, -(*length_m as f32), 0.0);
            let at = add(pivot, [down.x as f64, down.y as f64, down.z as f64]);
            if placed.insert(&j.b, at) != Some(at) {
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    placed
}
