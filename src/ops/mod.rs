//! The command-line operations besides the kiosk itself.

pub mod bake_panorama;
pub mod bench;
pub mod fuzz;
pub mod hop_sweep;
pub mod list;
pub mod new;
pub mod report;
pub mod simulate;
pub mod soak;
pub mod validate;
pub mod verify;
pub mod watch;
