//! The descriptor's types, as RON spells them: what an exhibit file can say.

use super::kinds::{ControlValue, KindParams};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::problems::{Localized, REQUIRED_LOCALES};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExhibitDescriptor {
    pub id: String,
    pub kind: KindParams,
    pub title: Localized,
    pub blurb: Localized,
    /// The "what is happening?" panel.
    #[serde(default)]
    pub explanation: Localized,
    #[serde(default)]
    pub scene: Scene,
    #[serde(default)]
    pub controls: Vec<ControlSpec>,
    #[serde(default)]
    pub sounds: Vec<SoundSpec>,
    #[serde(default)]
    pub reset: ResetSpec,
    /// Inputs the attract loop replays, looping.
    #[serde(default)]
    pub attract: Vec<ScriptEvent>,
    /// Touches beyond this many at once are ignored.
    #[serde(default = "default_max_pointers")]
    pub max_pointers: u32,
    /// A PNG in the pack shown on the launcher tile (`caravan screenshot ID --bare` makes one).
    #[serde(default)]
    pub preview: Option<String>,
}

fn default_max_pointers() -> u32 {
    2
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scene {
    pub camera: CameraSpec,
    /// sRGB hex, `#rrggbb`.
    pub background: String,
    pub ambient_brightness: f32,
    pub lights: Vec<LightSpec>,
    pub props: Vec<PropSpec>,
}

impl Default for Scene {
    fn default() -> Self {
        Self {
            camera: CameraSpec::default(),
            background: "#1d2733".into(),
            ambient_brightness: 300.0,
            lights: vec![LightSpec::Directional {
                direction: [-0.4, -1.0, -0.6],
                illuminance_lux: 8000.0,
                color: "#ffffff".into(),
                shadows: true,
            }],
            props: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CameraSpec {
    pub position: [f32; 3],
    pub look_at: [f32; 3],
    pub fov_deg: f32,
}

impl Default for CameraSpec {
    fn default() -> Self {
        Self {
            position: [0.0, 0.3, 0.6],
            look_at: [0.0, 0.0, 0.0],
            fov_deg: 45.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum LightSpec {
    Directional {
        direction: [f32; 3],
        illuminance_lux: f32,
        #[serde(default = "white")]
        color: String,
        #[serde(default)]
        shadows: bool,
    },
    Point {
        position: [f32; 3],
        intensity_lm: f32,
        #[serde(default = "default_range")]
        range_m: f32,
        #[serde(default = "white")]
        color: String,
        #[serde(default)]
        shadows: bool,
    },
}

fn white() -> String {
    "#ffffff".into()
}
fn default_range() -> f32 {
    20.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropSpec {
    pub shape: Shape,
    #[serde(default)]
    pub material: MaterialSpec,
    #[serde(default)]
    pub transform: TransformSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Shape {
    Box { size: [f32; 3] },
    Sphere { radius: f32 },
    Cylinder { radius: f32, height: f32 },
    Plane { size: [f32; 2] },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MaterialSpec {
    pub color: String,
    pub metallic: f32,
    pub roughness: f32,
    pub alpha: f32,
    pub emissive: f32,
}

impl Default for MaterialSpec {
    fn default() -> Self {
        Self {
            color: "#cccccc".into(),
            metallic: 0.0,
            roughness: 0.6,
            alpha: 1.0,
            emissive: 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransformSpec {
    pub translation: [f32; 3],
    pub rotation_deg: [f32; 3],
    pub scale: [f32; 3],
}

impl Default for TransformSpec {
    fn default() -> Self {
        Self {
            translation: [0.0; 3],
            rotation_deg: [0.0; 3],
            scale: [1.0; 3],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Widget {
    /// Pressed and held: a boolean control that is true while held.
    Hold,
    /// Tapped on and off.
    Toggle,
    /// A slider/dial over a number range.
    Dial,
    /// One button per option.
    Choice,
}

/// Kiosk actions a gamepad or arcade button maps to (`config/kiosk.ron`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Action {
    Select,
    Back,
    Home,
    Blow,
    Left,
    Right,
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlSpec {
    /// The kind's control this widget drives (see `caravan list --controls` / docs).
    pub drives: String,
    pub widget: Widget,
    pub label: Localized,
    /// Starting value; the kind's default when absent.
    #[serde(default)]
    pub initial: Option<ControlValue>,
    /// Dial range, inside the kind's own range.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Localised labels of a choice's options.
    #[serde(default)]
    pub options: BTreeMap<String, Localized>,
    /// Gamepad/arcade action that also drives it (hold: pressed = true; choice: next option).
    #[serde(default)]
    pub action: Option<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoundSpec {
    /// The kind's sound event (`blow`, `land`, `siren`, …).
    pub on: String,
    /// A WAV file inside the pack; none for sounds the kind synthesises.
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default = "default_volume")]
    pub volume: f64,
}

fn default_volume() -> f64 {
    0.8
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ResetSpec {
    /// Idle time before "still there?", s; the kiosk's setting when absent.
    pub idle_s: Option<f64>,
    /// Seconds of the "still there?" countdown; the kiosk's setting when absent.
    pub countdown_s: Option<f64>,
}

/// One timed input, in replay scripts and the attract loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptEvent {
    pub t_s: f64,
    pub input: Input,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TouchPhase {
    Down,
    Move,
    Up,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Input {
    /// Sets a control as its widget would.
    Set {
        control: String,
        value: ControlValue,
    },
    /// A touch at normalised exhibit coordinates (0,0 top-left … 1,1 bottom-right).
    Touch {
        id: u64,
        phase: TouchPhase,
        x: f64,
        y: f64,
    },
    /// A gamepad or arcade button.
    Button { action: Action, pressed: bool },
}

/// A replay script for `caravan simulate --input`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputScript {
    pub events: Vec<ScriptEvent>,
}

impl ExhibitDescriptor {
    /// The initial value of each of the kind's controls: the widget's `initial`, else the kind's default.
    pub fn initial_controls(&self) -> BTreeMap<String, ControlValue> {
        self.kind
            .controls()
            .into_iter()
            .map(|d| {
                let v = self
                    .controls
                    .iter()
                    .find(|c| c.drives == d.name)
                    .and_then(|c| c.initial.clone())
                    .unwrap_or(d.default);
                (d.name.to_string(), v)
            })
            .collect()
    }

    pub fn title_in(&self, lang: &str) -> &str {
        localized(&self.title, lang)
    }
}

/// The text in `lang`, else English, else any.
pub fn localized<'a>(l: &'a Localized, lang: &str) -> &'a str {
    l.get(lang)
        .or_else(|| l.get("en"))
        .or_else(|| l.values().next())
        .map(|s| s.as_str())
        .unwrap_or("")
}
