//! The one integration-test binary (one link of Bevy instead of one per file).

mod airflow;
mod alloc;
mod cli;
mod cups;
mod descriptors;
mod exhibits;
mod fleet;
mod flow;
mod forces;
mod fuzz_parsers;
mod headless;
mod hostile;
mod hours;
mod install;
mod kiosk;
mod launcher;
mod layout;
mod mechanics;
mod mechanics_errors;
mod operator;
mod optics;
mod panorama;
mod panorama_errors;
mod set_sweep;
mod support;
mod turntable;
mod usage;
mod waves;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;
