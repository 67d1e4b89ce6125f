//! A scene's controls as RON spells them: what each one does to the scene.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MechControl {
    pub name: String,
    pub does: Does,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Does {
    /// While on (a toggle or a button): the held bodies go, also after the scene is rebuilt.
    Release,
    /// On: the scene starts again from the file (the other controls keep their values).
    Reset,
    /// On: one impulse on the body's centre.
    Impulse { body: String, impulse_n_s: [f64; 3] },
    /// A number from −max to max: the hinge motor's target speed.
    Motor { joint: String, max_speed_rad_s: f64 },
    /// On/off: a `Constant` force.
    Force { force: String },
    /// A number written into the scene at each path (`bodies.ID.FIELD`, `joints.ID.FIELD`,
    /// `forces.ID.FIELD`, `gravity_m_s2.y`); the scene starts again with it.
    Parameter(Numbers),
    /// A number written into a force at each path (`forces.ID.FIELD`, `forces.ID.FIELD.x`)
    /// while the scene runs on: a drive's frequency, a wind's speed, a brake's strength. A
    /// drive's phase runs on smoothly.
    Tune(Numbers),
    /// One of several sets of bodies is in the scene (e.g. which track is in place); bodies
    /// named in no option are always there.
    Variant { options: Vec<VariantOption> },
}

pub use crate::model::scene::Numbers;

impl Does {
    /// What a `Parameter` or `Tune` writes; None for the other controls.
    pub fn numbers(&self) -> Option<&Numbers> {
        match self {
            Does::Parameter(n) | Does::Tune(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantOption {
    pub name: String,
    pub bodies: Vec<String>,
}
