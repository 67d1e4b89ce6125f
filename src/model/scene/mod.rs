//! What every data kind shares, written once: a probe's column and gauge, the `expect` rows
//! with their references and the run that measures them (`expect`), and their checks
//! (`check`). A kind adds what its probes read (`of`), its scene and its world; its world runs
//! a verify through [`expect::SceneWorld`]. `mechanics` is the first kind on it.

pub mod check;
pub mod expect;
mod spec;

pub use spec::*;
