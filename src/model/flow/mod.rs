//! `flow`: air written in the descriptor, on the one D2Q9 lattice ([`crate::model::lbm`]):
//! walls along the shared curves, obstacles, nozzles and a wind, and bodies the air moves and
//! that move the air (moving interpolated bounce-back with momentum exchange, in
//! `lbm/lattice/bodies.rs`), free, on a string or a hinge, under gravity in the plane or on a
//! table beneath it; with the controls, probes and `expect` rows every data kind has
//! (`model/scene`).
//!
//! What the plane leaves out: a body is a cylinder across it (its forces are per metre of
//! depth, its density its mean one); the air's own weight (buoyancy is put on the bodies
//! instead); a real breath's Reynolds number (the lattice carries the geometry at the one its
//! cell and speed allow, which `Reynolds` reports, in slow motion, which `Slowdown` reports).

pub mod bodies;
pub mod check;
pub mod layout;
pub mod probes;
mod spec;
pub mod world;

#[cfg(test)]
mod tests;

pub use spec::*;

use crate::kind_spec::{ControlDef, KindSpec};
use crate::problems::Problems;

/// The lattice's most cells.
pub const MAX_CELLS: usize = 400_000;
/// The most cell updates a 60 Hz tick may ask (cells × steps): a shipped exhibit's tick stays
/// within 4 ms on one core (README's bench rows).
pub const MAX_UPDATES_PER_TICK: usize = 600_000;
/// The fewest cells across a body or an obstacle's narrowest part: below it the momentum
/// exchange's force is off by more than a few percent.
pub const MIN_CELLS_ACROSS: f64 = 8.0;
/// The largest lattice speed a file may drive (the sound speed is 0.577; the scheme's error
/// grows as its square).
pub const MAX_LATTICE_SPEED: f64 = 0.15;

impl KindSpec for FlowParams {
    const NAME: &'static str = "flow";
    const SOUND_EVENTS: &'static [&'static str] = &[];

    /// Each nozzle sounds while it blows (a loop, as loud as its breath): its id.
    fn sound_events(&self) -> Vec<String> {
        self.nozzles.iter().map(|n| n.id.clone()).collect()
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
                ControlDoes::Nozzle { nozzle } => {
                    let on = self
                        .nozzles
                        .iter()
                        .find(|n| n.id == *nozzle)
                        .is_some_and(|n| n.on);
                    ControlDef::switch(c.name.clone(), on)
                }
                ControlDoes::Place { solids } => {
                    let placed = self
                        .walls
                        .iter()
                        .any(|w| solids.contains(&w.id) && w.placed)
                        || self
                            .obstacles
                            .iter()
                            .any(|o| solids.contains(&o.id) && o.placed);
                    ControlDef::switch(c.name.clone(), placed)
                }
                ControlDoes::Pick { options } => {
                    let names: Vec<&str> = options.iter().map(|o| o.0.as_str()).collect();
                    if names.is_empty() {
                        ControlDef::choice(c.name.clone(), &[""])
                    } else {
                        ControlDef::choice(c.name.clone(), &names)
                    }
                }
            })
            .collect()
    }
}

impl Default for FlowParams {
    /// A jet in still air: the smallest scene that shows a flow.
    fn default() -> Self {
        Self {
            field: FieldSpec {
                origin_m: [0.0, -0.1],
                size_m: [0.4, 0.2],
                cell_m: 0.004,
                max_speed_m_s: 2.0,
                lattice_speed: 0.1,
                viscosity_m2_s: 2.0e-4,
                smagorinsky: 0.15,
                density_kg_m3: crate::model::RHO_AIR_20C,
                steps_per_tick: 10,
                gravity_m_s2: [0.0, 0.0],
                left: Edge::Wall,
                right: Side::Open,
                sides: Sides::Open,
                sponge_cells: 10,
                smoke_fade_s: 3.0,
                average_s: 0.0,
            },
            walls: Vec::new(),
            obstacles: Vec::new(),
            nozzles: vec![NozzleSpec {
                id: "jet".into(),
                at_m: [0.02, 0.0],
                angle_deg: 0.0,
                width_m: 0.03,
                speed_m_s: 2.0,
                rise_s: 0.3,
                wobble_deg: 0.0,
                on: true,
            }],
            bodies: Vec::new(),
            controls: Vec::new(),
            probes: Vec::new(),
            expect: Vec::new(),
            verify: Default::default(),
        }
    }
}
