//! The scene as RON spells it. Every field is documented in `docs/descriptor-reference.md`.

use super::curve::Curve;
use serde::{Deserialize, Serialize};

pub use crate::problems::Localized;

mod controls;
mod forces;
mod probes;
pub use controls::*;
pub use forces::*;
pub use probes::*;

/// The parameters of a `mechanics` exhibit: its whole scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MechanicsParams {
    #[serde(default = "standard_gravity")]
    pub gravity_m_s2: [f64; 3],
    pub bodies: Vec<BodySpec>,
    #[serde(default)]
    pub joints: Vec<JointSpec>,
    #[serde(default)]
    pub forces: Vec<ForceSpec>,
    /// Boxes that notice a body entering them (`Arrival` probes, sounds).
    #[serde(default)]
    pub zones: Vec<ZoneSpec>,
    /// The controls this scene offers; the descriptor's widgets drive them by name.
    #[serde(default)]
    pub controls: Vec<MechControl>,
    /// What is measured: gauges and `simulate`'s columns, in this order.
    #[serde(default)]
    pub probes: Vec<ProbeSpec>,
    /// Checks `caravan verify` runs on this exhibit.
    #[serde(default)]
    pub expect: Vec<Expect>,
    /// The run the `expect` rows are measured on.
    #[serde(default)]
    pub verify: VerifyRun,
}

fn standard_gravity() -> [f64; 3] {
    [0.0, -crate::model::G, 0.0]
}

impl Default for MechanicsParams {
    /// A ball dropped on a floor: the smallest scene that runs.
    fn default() -> Self {
        Self {
            gravity_m_s2: standard_gravity(),
            bodies: vec![
                BodySpec::new(
                    "floor",
                    BodyShape::Box {
                        size_m: [1.0, 0.02, 0.4],
                    },
                    Motion::Fixed,
                    [0.0, -0.01, 0.0],
                ),
                BodySpec::new(
                    "ball",
                    BodyShape::Sphere { radius_m: 0.02 },
                    Motion::Dynamic,
                    [0.0, 0.2, 0.0],
                ),
            ],
            joints: Vec::new(),
            forces: Vec::new(),
            zones: Vec::new(),
            controls: Vec::new(),
            probes: Vec::new(),
            expect: Vec::new(),
            verify: VerifyRun::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    pub id: String,
    pub shape: BodyShape,
    #[serde(default)]
    pub motion: Motion,
    /// The body's mass; else `density_kg_m3` × its volume.
    #[serde(default)]
    pub mass_kg: Option<f64>,
    #[serde(default = "default_density")]
    pub density_kg_m3: f64,
    #[serde(default = "default_friction")]
    pub friction: f64,
    #[serde(default = "default_restitution")]
    pub restitution: f64,
    /// Coefficient of rolling resistance μ_r: a torque μ_r·m·g·r against the spin while the
    /// body touches something (dimensionless, as for a wheel; 0.001–0.01 for hard balls).
    #[serde(default)]
    pub rolling_resistance: f64,
    #[serde(default)]
    pub position_m: [f64; 3],
    /// Rotation about x, then y, then z, degrees.
    #[serde(default)]
    pub rotation_deg: [f64; 3],
    #[serde(default)]
    pub velocity_m_s: [f64; 3],
    #[serde(default)]
    pub angular_velocity_rad_s: [f64; 3],
    /// Placed resting on the start of this track (its `position_m` is then ignored).
    #[serde(default)]
    pub on_track: Option<String>,
    /// Kept in place until a `Release` control lets it go.
    #[serde(default)]
    pub held: bool,
    #[serde(default)]
    pub material: Look,
    /// A caption drawn next to the body.
    #[serde(default)]
    pub label: Option<Localized>,
    /// The control a tap on this body sets, as a button press would.
    #[serde(default)]
    pub on_tap: Option<String>,
    /// Seconds of the path its centre took that the kiosk draws behind it (0: none): the
    /// figure a sand pendulum pours.
    #[serde(default)]
    pub trail_s: f64,
}

impl BodySpec {
    pub fn new(id: &str, shape: BodyShape, motion: Motion, position_m: [f64; 3]) -> Self {
        Self {
            id: id.into(),
            shape,
            motion,
            mass_kg: None,
            density_kg_m3: default_density(),
            friction: default_friction(),
            restitution: default_restitution(),
            rolling_resistance: 0.0,
            position_m,
            rotation_deg: [0.0; 3],
            velocity_m_s: [0.0; 3],
            angular_velocity_rad_s: [0.0; 3],
            on_track: None,
            held: false,
            material: Look::default(),
            label: None,
            on_tap: None,
            trail_s: 0.0,
        }
    }
}

fn default_density() -> f64 {
    1000.0
}
fn default_friction() -> f64 {
    0.5
}
fn default_restitution() -> f64 {
    0.1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Motion {
    Fixed,
    #[default]
    Dynamic,
    /// Moved only by a motor joint or a control, never by contacts.
    Kinematic,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Look {
    /// sRGB hex, `#rrggbb`.
    pub color: String,
    pub metallic: f32,
    pub roughness: f32,
    /// 1 opaque, 0 invisible: a clear tube shows the magnet falling inside it.
    pub opacity: f32,
}

impl Default for Look {
    fn default() -> Self {
        Self {
            color: "#c8ccd4".into(),
            metallic: 0.0,
            roughness: 0.6,
            opacity: 1.0,
        }
    }
}

/// A body's shape, centred on its position; cylinders, capsules and cones stand along +y.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum BodyShape {
    Sphere {
        radius_m: f64,
    },
    Box {
        size_m: [f64; 3],
    },
    Cylinder {
        radius_m: f64,
        height_m: f64,
    },
    /// `height_m` between the centres of its two end caps.
    Capsule {
        radius_m: f64,
        height_m: f64,
    },
    /// Apex up; its base `height_m / 2` below the position.
    Cone {
        radius_m: f64,
        height_m: f64,
    },
    /// A hollow cylinder standing along +y, its wall `wall_m` thick: a hoop, a pipe. Its mass
    /// is the wall's. Fixed, it is open inside (a body can fall through it); moving, it
    /// touches others with its outside only.
    Tube {
        radius_m: f64,
        height_m: f64,
        wall_m: f64,
    },
    Compound(Vec<Part>),
    /// A rail or a grooved channel swept along a curve (fixed bodies only).
    Track {
        curve: Curve,
        profile: Profile,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub shape: BodyShape,
    #[serde(default)]
    pub offset_m: [f64; 3],
    #[serde(default)]
    pub rotation_deg: [f64; 3],
    /// This part's density; else the body's (a lead weight on a wooden wheel). Not with the
    /// body's `mass_kg`, which spreads one mass over the whole shape.
    #[serde(default)]
    pub density_kg_m3: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Profile {
    /// A round bar whose axis is the curve.
    Rail { radius_m: f64 },
    /// A flat floor whose top surface is the curve, `width_m` wide (across, along z), with
    /// walls `wall_m` high on both sides.
    Channel { width_m: f64, wall_m: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointSpec {
    pub id: String,
    pub kind: JointKind,
    /// `world` or a body id.
    #[serde(default = "world")]
    pub a: String,
    pub b: String,
    /// Where the joint sits, in `a`'s frame (the world's for `world`).
    #[serde(default)]
    pub anchor_a_m: [f64; 3],
    /// Where the joint sits, in `b`'s frame.
    #[serde(default)]
    pub anchor_b_m: [f64; 3],
    /// Whether the two bodies still collide with each other.
    #[serde(default)]
    pub collide: bool,
}

fn world() -> String {
    "world".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum JointKind {
    Hinge {
        axis: [f64; 3],
        #[serde(default)]
        limits_deg: Option<[f64; 2]>,
        #[serde(default)]
        motor: Option<Motor>,
        /// Dry friction in the axle: a torque up to this much against the turning, N·m.
        #[serde(default)]
        friction_n_m: f64,
    },
    Slider {
        axis: [f64; 3],
        #[serde(default)]
        limits_m: Option<[f64; 2]>,
    },
    Ball,
    Fixed,
    /// At most `length_m` apart (slack allowed).
    Rope {
        length_m: f64,
    },
    /// A massless rigid rod from a pivot to body `b`, swinging about `axis`: `b` is placed
    /// at `angle_deg` from straight down, `length_m` below the pivot (anchors are not used).
    /// The pivot is a point of the world, or with `a` a body, a point in `a`'s frame (from its
    /// centre): a pendulum hung from a shaken bar, or from another pendulum's bob.
    Pendulum {
        pivot_m: [f64; 3],
        length_m: f64,
        #[serde(default)]
        angle_deg: f64,
        #[serde(default = "z_axis")]
        axis: [f64; 3],
        /// In the plane across `axis` (a rod on a hinge), or any way (a bob on a string).
        #[serde(default)]
        swing: Swing,
    },
}

/// How a pendulum may swing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Swing {
    /// In the plane across its `axis`.
    #[default]
    Plane,
    /// Any way: a spherical pendulum (its `axis` then only turns where it starts).
    Free,
}

fn z_axis() -> [f64; 3] {
    [0.0, 0.0, 1.0]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Motor {
    #[serde(default)]
    pub speed_rad_s: f64,
    pub max_torque_n_m: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneSpec {
    pub id: String,
    pub center_m: [f64; 3],
    pub size_m: [f64; 3],
}
