//! Caravan: an interactive science-exhibit runtime for museum kiosks.
//!
//! - `descriptor/`: RON exhibit descriptors → checked types, `PATH:LINE:COL` diagnostics.
//! - `pack/`: pack folders, their manifests and assets.
//! - `model/`: exhibit physics as plain Rust, tested against references.
//! - `exhibits/`: each exhibit kind as a Bevy plugin (simulation + view), registered in one place.
//! - `engine/`: rapier and kira set-up.
//! - `sim`: the headless app; `kiosk/`: screens, input, language; `ops/`: the other subcommands.

pub mod descriptor;
pub mod engine;
pub mod exhibits;
pub mod kiosk;
pub mod model;
pub mod ops;
pub mod pack;
pub mod sim;
