//! The exhibit kinds a descriptor can name, with their typed parameters and the controls,
//! sounds and CSV columns each one offers. The Bevy side of each kind lives in `exhibits/`.

use super::problems::Problems;
use crate::model::airflow::{AirflowParams, Obstacle};
use crate::model::bernoulli::{self, BernoulliParams};
use crate::model::turntable::TurntableParams;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindParams {
    BernoulliCups(BernoulliParams),
    MusicTurntable(TurntableParams),
    AirflowObstacle(AirflowParams),
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
    Choice(Vec<&'static str>),
}

/// A control a kind understands: what an on-screen widget, a gamepad button, a replayed
/// script or `--set controls.NAME=VALUE` can drive.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlDef {
    pub name: &'static str,
    pub ty: ControlType,
    pub default: ControlValue,
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

    pub fn check(&self, v: &ControlValue) -> Result<(), String> {
        match (&self.ty, v) {
            (ControlType::Bool, ControlValue::Bool(_)) => Ok(()),
            (ControlType::Number { min, max, integer }, ControlValue::Number(x)) => {
                if !x.is_finite() || x < min || x > max {
                    Err(format!(
                        "{x} is out of range: `{}` goes from {min} to {max}",
                        self.name
                    ))
                } else if *integer && x.fract() != 0.0 {
                    Err(format!(
                        "{x} is not a whole number: `{}` takes whole numbers",
                        self.name
                    ))
                } else {
                    Ok(())
                }
            }
            (ControlType::Choice(options), ControlValue::Choice(c)) => {
                if options.contains(&c.as_str()) {
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

impl KindParams {
    /// The name used in descriptors, `caravan list` and the README.
    pub fn name(&self) -> &'static str {
        match self {
            KindParams::BernoulliCups(_) => "bernoulli_cups",
            KindParams::MusicTurntable(_) => "music_turntable",
            KindParams::AirflowObstacle(_) => "airflow_obstacle",
        }
    }

    pub fn check(&self, path: &str, p: &mut Problems) {
        match self {
            KindParams::BernoulliCups(k) => k.check(path, p),
            KindParams::MusicTurntable(k) => k.check(path, p),
            KindParams::AirflowObstacle(k) => k.check(path, p),
        }
    }

    pub fn controls(&self) -> Vec<ControlDef> {
        match self {
            KindParams::BernoulliCups(_) => vec![
                ControlDef {
                    name: "blow",
                    ty: ControlType::Bool,
                    default: ControlValue::Bool(false),
                },
                ControlDef {
                    name: "air_speed_m_s",
                    ty: ControlType::Number {
                        min: 0.0,
                        max: bernoulli::MAX_AIR_SPEED_M_S,
                        integer: false,
                    },
                    default: ControlValue::Number(12.0),
                },
                ControlDef {
                    name: "aim",
                    ty: ControlType::Choice(bernoulli::Aim::NAMES.to_vec()),
                    default: ControlValue::Choice("mouth".into()),
                },
            ],
            KindParams::MusicTurntable(t) => vec![
                ControlDef {
                    name: "motor_rpm",
                    ty: ControlType::Number {
                        min: 0.0,
                        max: t.motor.max_rpm,
                        integer: false,
                    },
                    default: ControlValue::Number(0.0),
                },
                ControlDef {
                    name: "ring",
                    ty: ControlType::Number {
                        min: 0.0,
                        max: t.rings.len().saturating_sub(1) as f64,
                        integer: true,
                    },
                    default: ControlValue::Number(0.0),
                },
                ControlDef {
                    name: "blow",
                    ty: ControlType::Bool,
                    default: ControlValue::Bool(false),
                },
                ControlDef {
                    name: "song",
                    ty: ControlType::Bool,
                    default: ControlValue::Bool(false),
                },
            ],
            KindParams::AirflowObstacle(a) => vec![
                ControlDef {
                    name: "blow",
                    ty: ControlType::Bool,
                    default: ControlValue::Bool(false),
                },
                ControlDef {
                    name: "jet_speed_m_s",
                    ty: ControlType::Number {
                        min: 0.0,
                        max: a.jet.max_speed_m_s,
                        integer: false,
                    },
                    default: ControlValue::Number(10.0f64.min(a.jet.max_speed_m_s)),
                },
                ControlDef {
                    name: "obstacle",
                    ty: ControlType::Choice(Obstacle::NAMES.to_vec()),
                    default: ControlValue::Choice("round".into()),
                },
                ControlDef {
                    name: "nozzle_y",
                    ty: ControlType::Number {
                        min: -1.0,
                        max: 1.0,
                        integer: false,
                    },
                    default: ControlValue::Number(0.0),
                },
                ControlDef {
                    name: "nozzle_angle_deg",
                    ty: ControlType::Number {
                        min: -a.nozzle.max_angle_deg,
                        max: a.nozzle.max_angle_deg,
                        integer: false,
                    },
                    default: ControlValue::Number(0.0),
                },
            ],
        }
    }

    /// Sound events the kind can play (`sounds[].on`).
    pub fn sound_events(&self) -> &'static [&'static str] {
        match self {
            KindParams::BernoulliCups(_) => &["blow", "land"],
            KindParams::MusicTurntable(_) => &["siren"],
            KindParams::AirflowObstacle(_) => &["blow"],
        }
    }

    /// The exhibit's own CSV columns in `caravan simulate`, after `tick,t_s`.
    pub fn columns(&self) -> &'static [&'static str] {
        match self {
            KindParams::BernoulliCups(_) => &[
                "air_speed_m_s",
                "pressure_drop_pa",
                "water_column_mm",
                "lift_n",
                "weight_n",
                "ball_x_m",
                "ball_y_m",
                "ball_z_m",
                "ball_vy_m_s",
                "ball_cup",
            ],
            KindParams::MusicTurntable(_) => &[
                "omega_rad_s",
                "rpm",
                "nozzle_ring",
                "ring_holes",
                "pitch_hz",
                "note",
                "cents",
                "blowing",
            ],
            KindParams::AirflowObstacle(_) => &[
                "jet_speed_m_s",
                "obstacle",
                "reynolds",
                "ball_x_m",
                "ball_y_m",
                "ball_vx_m_s",
                "ball_vy_m_s",
                "drag_x_n",
                "drag_y_n",
                "max_lattice_speed",
            ],
        }
    }
}

pub const KIND_NAMES: [&str; 3] = ["bernoulli_cups", "music_turntable", "airflow_obstacle"];
