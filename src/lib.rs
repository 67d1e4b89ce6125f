//! Caravan: an interactive science-exhibit runtime for museum kiosks.
//!
//! The layers, each importing only those below it:
//! - `problems`, `kind_spec`, `wav`: leaves (std and serde only).
//! - `model/`: exhibit physics as plain Rust, tested against references.
//! - `descriptor/`: RON exhibit descriptors → checked types, `PATH:LINE:COL` diagnostics.
//! - `pack/`: pack folders, their manifests and assets.
//! - `engine/`: rapier and kira set-up, one file per engine.
//! - `exhibits/`: each exhibit kind as a Bevy plugin (simulation + view), registered in one place.
//! - `sim`: the headless app; `kiosk/`: screens, input, language; `ops/`: the other subcommands.

pub mod dates;
pub mod descriptor;
pub mod engine;
pub mod exhibits;
pub mod kind_spec;
pub mod kiosk;
pub mod memory;
pub mod model;
pub mod ops;
pub mod pack;
pub mod problems;
pub mod sim;
pub mod usage;
pub mod wav;
