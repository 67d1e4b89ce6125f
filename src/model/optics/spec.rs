//! An `optics` scene as RON spells it. Every field is described in
//! `docs/descriptor-reference.md`. Positions are metres in the plane z = 0 (x right, y up);
//! angles are degrees from +x, counter-clockwise.

use crate::model::scene::curve::Curve;
pub use crate::model::scene::shape::Outline;
pub use crate::model::scene::{Expect, Numbers, Quantity, VerifyRun};
use serde::{Deserialize, Serialize};

pub type ProbeSpec = crate::model::scene::ProbeSpec<Probe>;
pub type P2 = [f64; 2];

/// The parameters of an `optics` exhibit: its whole scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpticsParams {
    /// Glasses of the file's own (the built-in ones need none: `BK7`, `acrylic`, `water`).
    #[serde(default)]
    pub materials: Vec<MaterialSpec>,
    pub sources: Vec<SourceSpec>,
    #[serde(default)]
    pub surfaces: Vec<SurfaceSpec>,
    #[serde(default)]
    pub glass: Vec<GlassSpec>,
    #[serde(default)]
    pub controls: Vec<OpticsControl>,
    #[serde(default)]
    pub probes: Vec<ProbeSpec>,
    #[serde(default)]
    pub expect: Vec<Expect>,
    #[serde(default)]
    pub verify: VerifyRun,
    /// Where a ray's path stops being followed, said so that no light goes missing unseen.
    #[serde(default)]
    pub limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Most surfaces one path meets (a ray and the rays split from it count their own).
    pub bounces: usize,
    /// A ray weaker than this (its source's ray is 1) is dropped; its power is counted lost.
    pub floor: f64,
    /// Most ray segments one trace draws; what is left is counted lost.
    pub segments: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            bounces: 64,
            floor: 1e-3,
            segments: 100_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialSpec {
    pub id: String,
    pub index: Index,
    /// Where the index comes from.
    pub source: String,
}

/// A refractive index as a function of the vacuum wavelength λ (µm in the formulas).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Index {
    /// The same at every wavelength.
    Fixed(f64),
    /// n = a + b/λ² + c/λ⁴.
    Cauchy {
        a: f64,
        b_um2: f64,
        #[serde(default)]
        c_um4: f64,
    },
    /// n² = 1 + Σ bᵢλ²/(λ² − cᵢ).
    Sellmeier { b: Vec<f64>, c_um2: Vec<f64> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub id: String,
    pub kind: SourceKind,
    /// Vacuum wavelengths, nm; its power is shared among them (white light: several).
    #[serde(default = "green")]
    pub wavelengths_nm: Vec<f64>,
    /// Off: it sends nothing (a control can switch it).
    #[serde(default = "yes")]
    pub on: bool,
}

fn green() -> Vec<f64> {
    vec![532.0]
}
fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum SourceKind {
    /// One ray from `at_m` along `angle_deg`.
    Laser { at_m: P2, angle_deg: f64 },
    /// `rays` parallel rays along `angle_deg`, spread evenly across `width_m` centred on `at_m`.
    Beam {
        at_m: P2,
        angle_deg: f64,
        width_m: f64,
        rays: usize,
    },
    /// `rays` rays from the point `at_m`, evenly over `spread_deg` centred on `angle_deg`.
    Fan {
        at_m: P2,
        angle_deg: f64,
        spread_deg: f64,
        rays: usize,
    },
    /// A figure (an arrow, a candle) drawn through `points`: each point sends `rays` rays
    /// over `spread_deg` centred on `angle_deg`, whose meeting point is its image.
    Object {
        points: Vec<P2>,
        angle_deg: f64,
        spread_deg: f64,
        rays: usize,
        /// Moves the whole figure (a control drags the candle).
        #[serde(default)]
        shift_m: P2,
        /// Drawn as a figure, its points joined (an arrow, a hand); false: as separate lights.
        #[serde(default = "yes")]
        joined: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurfaceSpec {
    pub id: String,
    pub curve: Curve,
    pub does: Does,
    /// Turns the curve about `pivot_m` (its midpoint when none), degrees counter-clockwise.
    #[serde(default)]
    pub turn_deg: f64,
    #[serde(default)]
    pub pivot_m: Option<P2>,
    /// Moves it, after the turn.
    #[serde(default)]
    pub shift_m: P2,
}

/// What a surface does to the light that meets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Does {
    Mirror,
    /// Reflects `reflectance` of the light; the rest goes on through.
    PartMirror {
        reflectance: f64,
    },
    /// Takes all of it (a wall, a hand).
    Absorber,
    /// Takes all of it and shows where it landed (probes read its spot and its power).
    Screen,
    /// An ideal thin lens on a straight line: every ray from a point passes through the
    /// point's image (1/d_o + 1/d_i = 1/f); negative `focal_m` spreads the light.
    ThinLens {
        focal_m: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlassSpec {
    pub id: String,
    /// A built-in glass (`BK7`, `acrylic`, `water`) or one of `materials`.
    pub material: String,
    pub outline: Outline,
    /// The share of light each face reflects; none: Fresnel's, from the angle and indices.
    #[serde(default)]
    pub reflectance: Option<f64>,
    /// Turns the piece about its centre (of its outline's corners), then moves it.
    #[serde(default)]
    pub turn_deg: f64,
    #[serde(default)]
    pub shift_m: P2,
}

pub type OpticsControl = crate::model::scene::Control<ControlDoes>;

impl crate::model::scene::ControlAction for ControlDoes {
    fn numbers(&self) -> Option<&Numbers> {
        match self {
            ControlDoes::Parameter(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ControlDoes {
    /// A number written into the scene at each path (`sources.ID.angle_deg`,
    /// `surfaces.ID.turn_deg`, `glass.ID.shift_m.x`, …); the light is traced again.
    Parameter(Numbers),
    /// On/off: the source sends light or not.
    Source { source: String },
    /// On: the surface is in the scene (a hand in the beam); off: it is not.
    Place { surface: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    X,
    Y,
}

impl Axis {
    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a probe reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Probe {
    /// m: where the rays from an object's point meet after the optics (a real image) or seem
    /// to come from (a virtual one), along `axis`. `bounces`: the image seen after that many
    /// reflections (the infinity mirror's third); none: the brightest.
    Image {
        object: String,
        #[serde(default)]
        point: usize,
        axis: Axis,
        #[serde(default)]
        bounces: Option<usize>,
    },
    /// 1 for a real image, −1 for a virtual one.
    ImageKind {
        object: String,
        #[serde(default)]
        point: usize,
        #[serde(default)]
        bounces: Option<usize>,
    },
    /// The image's size over the object's, between two of its points: negative when upside
    /// down.
    Magnification {
        object: String,
        from: usize,
        to: usize,
        #[serde(default)]
        bounces: Option<usize>,
    },
    /// The share of the point's light in that image (the infinity mirror's n-th: Rⁿ).
    ImagePower {
        object: String,
        #[serde(default)]
        point: usize,
        #[serde(default)]
        bounces: Option<usize>,
    },
    /// How many images of the point carry more than `above` of its light.
    Images {
        object: String,
        #[serde(default)]
        point: usize,
        above: f64,
    },
    /// m: the centre of the light on a screen, along `axis` (its power's mean).
    Spot { screen: String, axis: Axis },
    /// m: the spot's width on a screen: twice the power-weighted RMS distance from its centre.
    SpotWidth { screen: String },
    /// The light arriving at a screen (a source's whole light is 1).
    Power { screen: String },
    /// Degrees from +x: the direction a source's ray (at its first wavelength; where it
    /// splits, the stronger part) leaves its `hit`-th meeting with an element (1: the first).
    RayAngle {
        source: String,
        #[serde(default)]
        ray: usize,
        at: String,
        #[serde(default = "first")]
        hit: usize,
    },
    /// The light dropped by the limits (weaker than the floor, past the bounces).
    Lost,
}

fn first() -> usize {
    1
}
