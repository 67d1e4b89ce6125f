//! What an exhibit kind declares about itself to the descriptor layer: its name, the controls
//! it offers, its sound events and the checks of its parameters. A leaf (std and serde only):
//! each model's parameter type implements [`KindSpec`], `descriptor::kinds` dispatches to it,
//! and neither imports the other's layer.

use crate::problems::{Problems, num};
use serde::{Deserialize, Serialize};

/// An exhibit kind's parameters, as a descriptor's `kind: NAME((…))` holds them.
pub trait KindSpec {
    /// The name used in descriptors, `caravan list` and the README: the `snake_case` of its
    /// `KindParams` variant (a test holds the two together).
    const NAME: &'static str;
    /// Sound events the kind can play (`sounds[].on`), for kinds whose events are fixed.
    const SOUND_EVENTS: &'static [&'static str];
    /// Sound events these parameters can play: the fixed ones, or (a kind whose scene is data)
    /// what the file declares.
    fn sound_events(&self) -> Vec<String> {
        Self::SOUND_EVENTS.iter().map(|s| s.to_string()).collect()
    }
    /// Meaning-level checks; `path` is where these parameters sit in the file (`kind`).
    fn check(&self, path: &str, p: &mut Problems);
    /// The controls an on-screen widget, a gamepad button, a replayed script or
    /// `--set controls.NAME=VALUE` can drive; ranges may follow from the parameters.
    fn controls(&self) -> Vec<ControlDef>;
    /// Files of the pack these parameters name, checked like the descriptor's own (inside
    /// the pack, present, of their format): none for most kinds.
    fn files(&self) -> Vec<PackFile> {
        Vec::new()
    }
}

/// A file of the pack a kind's parameters name.
#[derive(Debug, Clone, PartialEq)]
pub struct PackFile {
    /// Where the name sits, below the kind's parameters (`scenes[0].image`).
    pub field: String,
    pub rel: String,
    pub used_as: FileUse,
    /// A sound's event, when the kind plays it on its own cue (a hotspot's sound).
    pub cue: Option<String>,
}

/// What a pack file is for: each use has its formats and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileUse {
    /// 16-bit PCM mono WAV.
    Sound,
    /// A PNG (a launcher preview).
    Preview,
    /// A PNG or JPEG shown in a panel.
    Picture,
    /// A 360° equirectangular PNG or JPEG: 2:1, within the size a kiosk decodes.
    Panorama,
}

impl FileUse {
    /// The file name endings this use takes, lower case.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileUse::Sound => &[".wav"],
            FileUse::Preview => &[".png"],
            FileUse::Picture | FileUse::Panorama => &[".png", ".jpg", ".jpeg"],
        }
    }
    /// What to say of a file with another ending.
    pub fn wrong_type(self) -> &'static str {
        match self {
            FileUse::Sound => "is not a .wav file: sounds are 16-bit PCM WAV",
            FileUse::Preview => "is not a .png file: previews are PNG",
            FileUse::Picture => "is not a .png or .jpg file: pictures are PNG or JPEG",
            FileUse::Panorama => {
                "is not a .png or .jpg file: panoramas are equirectangular PNG or JPEG"
            }
        }
    }
}

/// The value of one control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ControlValue {
    Bool(bool),
    Number(f64),
    Choice(String),
}

impl std::fmt::Display for ControlValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ControlValue::Bool(b) => write!(f, "{b}"),
            ControlValue::Number(n) => write!(f, "{n}"),
            ControlValue::Choice(c) => write!(f, "{c}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ControlType {
    Bool,
    Number { min: f64, max: f64, integer: bool },
    Choice(Vec<String>),
}

/// A control a kind understands: what an on-screen widget, a gamepad button, a replayed
/// script or `--set controls.NAME=VALUE` can drive.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlDef {
    pub name: String,
    pub ty: ControlType,
    pub default: ControlValue,
    /// The parameter whose value sets this control's range (`kind.nozzle.max_angle_deg`), for
    /// messages about a dial outside it: they say what to change.
    pub range_set_by: Option<String>,
}

impl ControlDef {
    /// Parses `text` as a value of this control (the `--set` syntax), checking its range.
    pub fn parse(&self, text: &str) -> Result<ControlValue, String> {
        let v = match &self.ty {
            ControlType::Bool => match text {
                "true" | "1" | "on" => ControlValue::Bool(true),
                "false" | "0" | "off" => ControlValue::Bool(false),
                _ => return Err(format!("`{text}` is not a boolean: use true or false")),
            },
            ControlType::Number { .. } => ControlValue::Number(
                text.parse::<f64>()
                    .map_err(|_| format!("`{text}` is not a number"))?,
            ),
            ControlType::Choice(_) => ControlValue::Choice(text.to_string()),
        };
        self.check(&v)?;
        Ok(v)
    }

    /// ", which `PARAM` sets" where a parameter sets this control's range, else nothing: the
    /// end of a message about a value outside it, saying what to change.
    pub fn range_source(&self) -> String {
        match &self.range_set_by {
            Some(param) => format!(", which `{param}` sets"),
            None => String::new(),
        }
    }

    pub fn check(&self, v: &ControlValue) -> Result<(), String> {
        match (&self.ty, v) {
            (ControlType::Bool, ControlValue::Bool(_)) => Ok(()),
            (ControlType::Number { min, max, integer }, ControlValue::Number(x)) => {
                if !x.is_finite() || x < min || x > max {
                    Err(format!(
                        "{} is out of range: `{}` goes from {} to {}{}",
                        num(*x),
                        self.name,
                        num(*min),
                        num(*max),
                        self.range_source()
                    ))
                } else if *integer && x.fract() != 0.0 {
                    Err(format!(
                        "{} is not a whole number: `{}` takes whole numbers",
                        num(*x),
                        self.name
                    ))
                } else {
                    Ok(())
                }
            }
            (ControlType::Choice(options), ControlValue::Choice(c)) => {
                if options.contains(c) {
                    Ok(())
                } else {
                    Err(format!("`{c}` is not one of {}", options.join(", ")))
                }
            }
            (ty, v) => Err(format!(
                "`{}` takes {}, not {v:?}",
                self.name,
                type_name(ty)
            )),
        }
    }
}

fn type_name(t: &ControlType) -> &'static str {
    match t {
        ControlType::Bool => "Bool(true|false)",
        ControlType::Number { .. } => "Number(…)",
        ControlType::Choice(_) => "Choice(\"…\")",
    }
}

impl ControlDef {
    fn new(name: impl Into<String>, ty: ControlType, default: ControlValue) -> Self {
        Self {
            name: name.into(),
            ty,
            default,
            range_set_by: None,
        }
    }
    /// An on/off control, off at start.
    pub fn toggle(name: impl Into<String>) -> Self {
        Self::switch(name, false)
    }
    /// An on/off control that starts `on` (a data kind's source or wall as its file has it).
    pub fn switch(name: impl Into<String>, on: bool) -> Self {
        Self::new(name, ControlType::Bool, ControlValue::Bool(on))
    }
    /// A number from `min` to `max`.
    pub fn number(name: impl Into<String>, min: f64, max: f64, default: f64) -> Self {
        let integer = false;
        let ty = ControlType::Number { min, max, integer };
        Self::new(name, ty, ControlValue::Number(default))
    }
    /// A whole number from `min` to `max`.
    pub fn integer(name: impl Into<String>, min: f64, max: f64, default: f64) -> Self {
        let integer = true;
        let ty = ControlType::Number { min, max, integer };
        Self::new(name, ty, ControlValue::Number(default))
    }
    /// One of `options`, the first at start.
    pub fn choice(name: impl Into<String>, options: &[&str]) -> Self {
        let ty = ControlType::Choice(options.iter().map(|o| o.to_string()).collect());
        Self::new(name, ty, ControlValue::Choice(options[0].to_string()))
    }
    /// This control's range follows from the parameter at `path`.
    pub fn range_set_by(self, path: impl Into<String>) -> Self {
        Self {
            range_set_by: Some(path.into()),
            ..self
        }
    }
}
