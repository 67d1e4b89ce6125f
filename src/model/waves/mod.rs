//! `waves`: a wave field written in the descriptor. The scalar wave equation
//! u_tt = c(x)²∇²u − γ·u_t on a grid in the plane ([`field`]), with sources (a point, a line,
//! a phased row; a tone or a clap), walls on the shared curves (rigid for sound, holding
//! the field at zero for water), regions of other speed, an absorbing edge, a listener, and
//! the controls, probes and `expect` rows every data kind has (`model/scene`).
//!
//! What the plane leaves out (a point source's wave falls off as 1/√r, not 1/r; a wall's
//! height; sound's slowing in a real tube's boundary layer) the reference says.

pub mod check;
pub mod field;
pub mod grid;
pub mod probes;
mod spec;
pub mod world;

#[cfg(test)]
mod tests;

pub use spec::*;

use crate::kind_spec::{ControlDef, KindSpec};
use crate::problems::Problems;

/// The grid's most cells, absorbing edge included.
pub const MAX_CELLS: usize = 600_000;
/// The most cell updates a 60 Hz tick may ask (cells × steps): a shipped exhibit's tick stays
/// within 3 ms on one core (README's bench rows).
pub const MAX_UPDATES_PER_TICK: usize = 6_000_000;
/// The fewest cells to a wavelength: below it the grid's waves run visibly slow and
/// direction-dependent (the leapfrog dispersion relation, in the reference).
pub const MIN_CELLS_PER_WAVELENGTH: f64 = 6.0;
/// The absorbing edge's least depth in wavelengths of a tone that reaches it: its reflection
/// is then under 1 % (0.7–0.9 % measured; the test in `tests.rs`).
pub const EDGE_WAVELENGTHS: f64 = 5.0;

impl KindSpec for WavesParams {
    const NAME: &'static str = "waves";
    const SOUND_EVENTS: &'static [&'static str] = &[];

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
                ControlDoes::Place { walls } => {
                    let placed = self
                        .walls
                        .iter()
                        .find(|w| walls.first() == Some(&w.id))
                        .is_none_or(|w| w.placed);
                    ControlDef::switch(c.name.clone(), placed)
                }
            })
            .collect()
    }
}

impl Default for WavesParams {
    /// A dipper in a ripple tank: the smallest scene that shows a wave.
    fn default() -> Self {
        Self {
            field: FieldSpec {
                medium: Medium::Water,
                origin_m: [-0.2, -0.15],
                size_m: [0.4, 0.3],
                cell_m: 0.0025,
                speed_m_s: 0.25,
                slowdown: 1.0,
                steps_per_tick: 4,
                damping_per_s: 0.0,
                sponge_cells: 50,
                window_s: 0.5,
                splash: 1.0,
            },
            sources: vec![SourceSpec {
                id: "dipper".into(),
                shape: SourceShape::Point { at_m: [0.0, 0.0] },
                signal: Signal::Sine,
                amplitude: 1.0,
                frequency_hz: 10.0,
                phase_deg: 0.0,
                on: true,
            }],
            walls: Vec::new(),
            media: Vec::new(),
            listener: None,
            controls: Vec::new(),
            probes: Vec::new(),
            expect: Vec::new(),
            verify: VerifyRun::default(),
        }
    }
}
