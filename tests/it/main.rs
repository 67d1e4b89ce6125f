//! The one integration-test binary (one link of Bevy instead of one per file).

mod cli;
mod descriptors;
mod exhibits;
mod hostile;
mod kiosk;
mod support;
