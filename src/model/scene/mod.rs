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

/// The glue between a data kind's world and the shared verify, written once: `SceneWorld`
/// for `$world` (a tick is its `step`, its probes its `probe_values`) and `DataKind` for
/// `$params` (each run's world built by `$world::new(params, controls)`).
#[macro_export]
macro_rules! data_kind {
    ($params:ty, $world:ty) => {
        impl $crate::model::scene::expect::SceneWorld for $world {
            fn tick(
                &mut self,
                controls: &std::collections::BTreeMap<String, $crate::kind_spec::ControlValue>,
            ) {
                <$world>::step(self, controls);
            }
            fn probe_values(&self) -> Vec<Option<f64>> {
                <$world>::probe_values(self)
            }
        }

        impl $crate::model::scene::DataKind for $params {
            fn verify(&self) -> Vec<$crate::model::scene::expect::Outcome> {
                $crate::model::scene::expect::verify(
                    &$crate::kind_spec::KindSpec::controls(self),
                    &self.probes,
                    &self.expect,
                    &self.verify,
                    |controls| <$world>::new(self, controls),
                )
            }
        }
    };
}
