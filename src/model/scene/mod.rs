//! What every data kind shares, written once: a probe's column and gauge, the `expect` rows
//! with their references and the run that measures them (`expect`), and their checks
//! (`check`). A kind adds what its probes read (`of`), its scene and its world; its world runs
//! a verify through [`expect::SceneWorld`]. `mechanics` is the first kind on it.

pub mod check;
pub mod curve;
pub mod expect;
pub mod shape;
mod spec;

pub use spec::*;

/// A kind whose scene is written in the file: it measures its own `expect` rows (built from
/// the file, with its controls at their defaults, run as its `verify` says).
pub trait DataKind {
    fn verify(&self) -> Vec<expect::Outcome>;
}
