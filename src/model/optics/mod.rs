//! `optics`: geometric optics written in the descriptor. Sources (a laser, a beam, a point's
//! fan, an object's figure), surfaces on the shared curves (mirrors, part-silvered mirrors,
//! absorbers, screens, ideal thin lenses) and pieces of glass (Snell, total internal
//! reflection, Fresnel, dispersion by named material), with the controls, probes and `expect`
//! rows every data kind has (`model/scene`).
//!
//! The light is traced in the plane z = 0 ([`trace`]): what a plane leaves out (light
//! leaving it, astigmatism, a mirror's height) the reference says. [`world::OpticsWorld`]
//! traces again when a control changes; a tick that changes nothing costs nothing.

pub mod check;
pub mod geometry;
pub mod images;
pub mod materials;
mod spec;
pub mod trace;
pub mod world;

#[cfg(test)]
mod tests;

pub use spec::*;

use crate::kind_spec::{ControlDef, KindSpec};
use crate::problems::Problems;

/// The budget of a scene: rays its sources send in all, its elements' pieces.
pub const MAX_RAYS: usize = 20_000;
pub const MAX_ELEMENTS: usize = 64;

impl KindSpec for OpticsParams {
    const NAME: &'static str = "optics";
    const SOUND_EVENTS: &'static [&'static str] = &[];

    /// Each screen's id: played when the light on it is cut.
    fn sound_events(&self) -> Vec<String> {
        self.surfaces
            .iter()
            .filter(|s| s.does == Does::Screen)
            .map(|s| s.id.clone())
            .collect()
    }

    fn check(&self, path: &str, p: &mut Problems) {
        check::check(self, path, p);
    }

    fn controls(&self) -> Vec<ControlDef> {
        self.controls
            .iter()
            .enumerate()
            .map(|(i, c)| match &c.does {
                ControlDoes::Parameter(n) => n.dial(&c.name, i),
                ControlDoes::Source { source } => {
                    let on = self
                        .sources
                        .iter()
                        .find(|s| s.id == *source)
                        .is_none_or(|s| s.on);
                    ControlDef::switch(c.name.clone(), on)
                }
                ControlDoes::Place { .. } => ControlDef::toggle(c.name.clone()),
            })
            .collect()
    }
}

impl Default for OpticsParams {
    /// A laser on a mirror: the smallest scene that shows light.
    fn default() -> Self {
        Self {
            materials: Vec::new(),
            sources: vec![SourceSpec {
                id: "laser".into(),
                kind: SourceKind::Laser {
                    at_m: [-0.4, 0.2],
                    angle_deg: -30.0,
                },
                wavelengths_nm: vec![532.0],
                on: true,
            }],
            surfaces: vec![SurfaceSpec {
                id: "mirror".into(),
                curve: crate::model::scene::curve::Curve::Line {
                    from_m: [-0.2, -0.2, 0.0],
                    to_m: [0.4, -0.2, 0.0],
                },
                does: Does::Mirror,
                turn_deg: 0.0,
                pivot_m: None,
                shift_m: [0.0, 0.0],
            }],
            glass: Vec::new(),
            controls: Vec::new(),
            probes: Vec::new(),
            expect: Vec::new(),
            verify: VerifyRun::default(),
            limits: Limits::default(),
        }
    }
}
