//! One room per third-party engine: their set-up lives here and nowhere else.

pub mod audio;
pub mod rapier;
pub mod window;
