//! A scene's forces as RON spells them: springs, drag and wind, constant and periodic pushes,
//! a shaken body, and forces between two bodies by their distance. Each law, with its source,
//! is in `docs/descriptor-reference.md`; how they are integrated is in `world/forces.rs`.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ForceSpec {
    /// Hooke's law between two anchors (body ids or `world`), with dashpot damping.
    Spring(Spring),
    /// Linear drag F = −c·v on one body; with `zone`, only while the body's centre is inside
    /// that zone (eddy-current braking in a copper tube).
    Drag {
        id: String,
        body: String,
        coefficient_n_s_m: f64,
        #[serde(default)]
        zone: Option<String>,
    },
    /// A steady wind of velocity w: F = c·(w − v) on one body; with `zone`, only inside it.
    Wind {
        id: String,
        body: String,
        velocity_m_s: [f64; 3],
        coefficient_n_s_m: f64,
        #[serde(default)]
        zone: Option<String>,
    },
    /// A constant force and torque (world axes) on one body, switched by a `Force` control.
    Constant {
        id: String,
        body: String,
        #[serde(default)]
        force_n: [f64; 3],
        #[serde(default)]
        torque_n_m: [f64; 3],
        #[serde(default)]
        on: bool,
    },
    /// A periodic push on one body's centre: F(t) = F₀·sin(2πft + φ), τ(t) = τ₀·sin(2πft + φ).
    Drive {
        id: String,
        body: String,
        #[serde(default)]
        force_n: [f64; 3],
        #[serde(default)]
        torque_n_m: [f64; 3],
        frequency_hz: f64,
        #[serde(default)]
        phase_deg: f64,
    },
    /// A `kinematic` body moved to and fro about where it starts: x(t) = x₀ + A·sin(2πft + φ)
    /// (a shaken bar that pendulums hang from, say).
    Shake {
        id: String,
        body: String,
        amplitude_m: [f64; 3],
        frequency_hz: f64,
        #[serde(default)]
        phase_deg: f64,
    },
    /// Between two bodies' centres, by their distance r: equal and opposite along the line
    /// that joins them. The law is taken at s = √(r² + ε²), ε the softening distance, so two
    /// centres that meet give a finite force.
    Between {
        id: String,
        a: String,
        b: String,
        law: Law,
        #[serde(default = "default_softening")]
        softening_m: f64,
    },
}

/// A spring between two anchors: what its force, its stored energy, its check and its
/// drawing all read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spring {
    pub id: String,
    pub a: String,
    pub b: String,
    #[serde(default)]
    pub anchor_a_m: [f64; 3],
    #[serde(default)]
    pub anchor_b_m: [f64; 3],
    pub rest_length_m: f64,
    pub stiffness_n_m: f64,
    #[serde(default)]
    pub damping_n_s_m: f64,
}

fn default_softening() -> f64 {
    0.001
}

/// What pulls or pushes two bodies apart, by their distance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Law {
    /// Two magnets on one axis (coaxial point dipoles): F = 3μ₀m₁m₂/(2πr⁴), each moment
    /// m = B_r·V/μ₀ from the remanence and the magnet's volume (the body's, unless given).
    Magnets {
        remanence_t: f64,
        facing: Facing,
        #[serde(default)]
        volume_a_m3: Option<f64>,
        #[serde(default)]
        volume_b_m3: Option<f64>,
    },
    /// Coulomb's law: F = q₁q₂/(4πε₀r²); like charges repel.
    Charges { a_c: f64, b_c: f64 },
    /// F = k/rⁿ: k > 0 pushes apart, k < 0 pulls together.
    Power { k: f64, exponent: f64 },
}

/// How two magnets face each other along their axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facing {
    /// North to south: they pull together.
    Attract,
    /// North to north: they push apart.
    Repel,
}

impl ForceSpec {
    pub fn id(&self) -> &str {
        match self {
            ForceSpec::Spring(Spring { id, .. })
            | ForceSpec::Drag { id, .. }
            | ForceSpec::Wind { id, .. }
            | ForceSpec::Constant { id, .. }
            | ForceSpec::Drive { id, .. }
            | ForceSpec::Shake { id, .. }
            | ForceSpec::Between { id, .. } => id,
        }
    }
}
