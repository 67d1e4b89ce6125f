//! `mechanics`: a rigid-body scene written entirely in the descriptor: bodies (spheres, boxes,
//! cylinders, capsules, cones, compounds and *tracks* swept along curves), joints, forces,
//! sensor zones, the controls that act on them, probes that measure them, and `expect` rows
//! that check the measurements against references the author names. An exhibit author builds
//! a new exhibit with no Rust; `caravan verify --pack` proves it honest.
//!
//! The scene runs on rapier (plain Rust, no Bevy) in [`world::MechanicsWorld`]: one 60 Hz
//! tick is [`SUBSTEPS`] rapier steps, with the scene's own forces (springs, drag, rolling
//! resistance, a visitor's grab) applied before each. Everything a control changes that is
//! not a live input (a parameter, a variant) rebuilds the scene from the file, as a reset.
//!
//! Units are SI and named in the fields (`radius_m`, `mass_kg`); +y is up, gravity −y.

mod build;
pub mod check;

pub mod expect;
pub mod laws;
mod parts;
mod spec;
pub mod world;

pub use crate::model::scene::curve::{self, Curve};
pub use build::{bounding_radius, channel_mesh, rotation_xyzw, track_frames};
pub use spec::*;

use crate::kind_spec::{ControlDef, KindSpec};
use crate::problems::Problems;

/// rapier steps per 60 Hz tick (960 Hz, one solver iteration each). Measured on a 1 cm steel
/// ball rolling in a 0.3 m arc channel: at 240 Hz contacts gain and lose ±8 % of the energy a
/// swing (a ball moves 6 mm, half its radius, between contact updates); at 960 Hz the rolling
/// ball loses 0.7 % in two swings (a test), and 1920 Hz changes nothing more.
pub const SUBSTEPS: usize = 16;

/// The budget a scene must fit: what `caravan bench` holds under 2 ms per tick on one core.
pub const MAX_DYNAMIC_BODIES: usize = 64;
pub const MAX_BODIES: usize = 160;
pub const MAX_JOINTS: usize = 32;

impl KindSpec for MechanicsParams {
    const NAME: &'static str = "mechanics";
    const SOUND_EVENTS: &'static [&'static str] = &[];

    /// `release`, and each zone's id: played when a body first enters it.
    fn sound_events(&self) -> Vec<String> {
        std::iter::once("release".to_string())
            .chain(self.zones.iter().map(|z| z.id.clone()))
            .collect()
    }

    fn check(&self, path: &str, p: &mut Problems) {
        check::check(self, path, p);
    }

    fn controls(&self) -> Vec<ControlDef> {
        self.controls
            .iter()
            .enumerate()
            .map(|(i, c)| match &c.does {
                Does::Release | Does::Reset | Does::Impulse { .. } | Does::Force { .. } => {
                    ControlDef::toggle(c.name.clone())
                }
                Does::Motor {
                    max_speed_rad_s, ..
                } => ControlDef::number(c.name.clone(), -max_speed_rad_s, *max_speed_rad_s, 0.0)
                    .range_set_by(format!("kind.controls[{i}].does.max_speed_rad_s")),
                Does::Parameter(n) | Does::Tune(n) => n.dial(&c.name, i),
                Does::Variant { options } => {
                    let names: Vec<&str> = options.iter().map(|o| o.name.as_str()).collect();
                    if names.is_empty() {
                        // Refused by the check; a control needs one value to start with.
                        ControlDef::choice(c.name.clone(), &["-"])
                    } else {
                        ControlDef::choice(c.name.clone(), &names)
                    }
                }
            })
            .collect()
    }
}
