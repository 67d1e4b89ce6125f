//! A `mechanics` scene's `expect` rows, measured by the shared runner (`model/scene`): the
//! scene is built from the file with its controls at their defaults and run as the file's
//! `verify` says.

use super::spec::*;
use super::world::MechanicsWorld;
use crate::kind_spec::{ControlValue, KindSpec};
pub use crate::model::scene::expect::Outcome;
use crate::model::scene::expect::SceneWorld;
use std::collections::BTreeMap;

/// Runs the scene's verify run and measures every `expect` row.
pub fn run(scene: &MechanicsParams) -> Vec<Outcome> {
    crate::model::scene::expect::verify(
        &scene.controls(),
        &scene.probes,
        &scene.expect,
        &scene.verify,
        |controls| MechanicsWorld::new(scene, controls),
    )
}

impl crate::model::scene::DataKind for MechanicsParams {
    fn verify(&self) -> Vec<Outcome> {
        run(self)
    }
}

impl SceneWorld for MechanicsWorld {
    fn tick(&mut self, controls: &BTreeMap<String, ControlValue>) {
        self.step(controls, None);
    }

    fn probe_values(&self) -> Vec<Option<f64>> {
        MechanicsWorld::probe_values(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_count_from_t_zero_and_values_show_their_probes_decimals() {
        // A ball coasting at 1 m/s with nothing on it: in 0.5 s it moves 0.5 m from t = 0
        // (measured from the first tick, as before, it was 0.4833 m: 3.3 % short).
        let s: MechanicsParams = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(
                r#"(
                gravity_m_s2: (0.0, 0.0, 0.0),
                bodies: [(id: "ball", shape: Sphere(radius_m: 0.01), velocity_m_s: (1.0, 0.0, 0.0))],
                probes: [(name: "x", of: Position(body: "ball", axis: x), decimals: 3)],
                expect: [Near(check: "coast", of: Change("x"), value: 0.5, tolerance_pct: 0.1, source: "x = v·t")],
                verify: (seconds: 0.5),
            )"#,
            )
            .unwrap();
        let rows = run(&s);
        assert!(rows[0].ok, "{rows:?}");
        assert_eq!(
            rows[0].measured.split('.').nth(1).map(str::len),
            Some(3),
            "{rows:?}"
        );
        assert!(rows[0].reference.starts_with("0.500 "), "{rows:?}");
    }
}
