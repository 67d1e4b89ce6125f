//! Exhibit descriptors: RON files turned into checked types.
//!
//! Two layers of checks. Syntax and types come from RON itself (`source`: its position becomes
//! `PATH:LINE:COL`); meaning (ranges, units, localisations, controls, sounds) is checked in
//! `check`, and every problem found is reported, each with the field path it belongs to.

mod check;
pub mod kinds;
pub mod locate;
pub mod overrides;
mod source;
mod types;

pub use check::{AssetCheck, check_relative_path, check_script, is_valid_id, parse_color};
pub use source::*;
pub use types::*;
