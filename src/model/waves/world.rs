//! The waves scene running: the file with its controls applied, the field stepped
//! `steps_per_tick` times a 60 Hz tick, the sources driving their cells, a finger's splash,
//! the probes and the listener measured every step.

use super::field::Field;
use super::grid::{Grid, build};
use super::probes::{Meter, Tap, Watch};
use super::spec::*;
use crate::kind_spec::ControlValue;
use crate::model::scene::{NumberPaths, write_numbers};
use std::collections::BTreeMap;
use std::f64::consts::TAU;

/// A source's cells and its clock.
#[derive(Debug, Clone)]
struct Driven {
    /// Each cell it drives, with its phase behind the source's (a phased row's) and its
    /// weight: a point's δ is 1/Δx² on the grid, a line's (per metre of line) ℓ/Δx² for the
    /// length ℓ of line in the cell.
    cells: Vec<(usize, f64, f64)>,
    /// s when it was last switched on.
    since: Option<f64>,
}

pub struct WavesWorld {
    file: WavesParams,
    controls: BTreeMap<String, ControlValue>,
    /// The file with the controls applied.
    pub scene: WavesParams,
    pub grid: Grid,
    pub field: Field,
    /// s of the real wave since the start.
    pub t_s: f64,
    driven: Vec<Driven>,
    /// Each source's tone's phase now, rad (advanced step by step: a dial's new frequency
    /// goes on smoothly); the `Speed` probes read it too.
    phases: Vec<f64>,
    watches: Vec<Watch>,
    listener: Option<Watch>,
    /// Steps into the current window, and the window's length in steps.
    in_window: usize,
    window: usize,
    /// How many times the walls or regions were laid again (the view redraws them).
    pub layouts: u64,
}

impl WavesWorld {
    pub fn new(file: &WavesParams, controls: &BTreeMap<String, ControlValue>) -> Self {
        let scene = applied(file, controls);
        let grid = Grid::of(&scene.field);
        let field = build(&scene);
        let window = ((scene.field.window_s / grid.dt).round() as usize).max(1);
        let mut w = WavesWorld {
            file: file.clone(),
            controls: controls.clone(),
            scene: scene.clone(),
            grid,
            field,
            t_s: 0.0,
            driven: Vec::new(),
            phases: scene
                .sources
                .iter()
                .map(|s| s.phase_deg.to_radians())
                .collect(),
            watches: Vec::new(),
            listener: None,
            in_window: 0,
            window,
            layouts: 1,
        };
        w.driven = scene
            .sources
            .iter()
            .map(|s| Driven {
                cells: w.cells_of(&s.shape),
                since: s.on.then_some(0.0),
            })
            .collect();
        w.watches = scene
            .probes
            .iter()
            .map(|p| {
                let (g, f) = (&w.grid, &w.field);
                let speed_at = |q: P2| {
                    g.cell(q).map_or(scene.field.speed_m_s, |c| {
                        (f.c2[c] as f64).sqrt() * g.dx / g.dt
                    })
                };
                Watch::new(&p.of, g, &scene.sources, speed_at)
            })
            .collect();
        w.listener = w.listener_meter();
        w
    }

    fn listener_meter(&self) -> Option<Watch> {
        let l = self.scene.listener.as_ref()?;
        Some(Watch::Rms(Meter::new(Tap::at(&self.grid, l.at_m))))
    }

    /// The cells a source drives, with their phase lag and weight.
    fn cells_of(&self, shape: &SourceShape) -> Vec<(usize, f64, f64)> {
        let g = &self.grid;
        let point = 1.0 / (g.dx * g.dx);
        let mut out = Vec::new();
        match shape {
            SourceShape::Point { at_m } => out.extend(g.cell(*at_m).map(|c| (c, 0.0, point))),
            SourceShape::Line { from_m, to_m } => {
                let len = (to_m[0] - from_m[0]).hypot(to_m[1] - from_m[1]);
                let n = (len / (g.dx / 2.0)).ceil().max(1.0) as usize;
                for k in 0..=n {
                    let t = k as f64 / n as f64;
                    let q = [
                        from_m[0] + (to_m[0] - from_m[0]) * t,
                        from_m[1] + (to_m[1] - from_m[1]) * t,
                    ];
                    out.extend(g.cell(q).map(|c| (c, 0.0, 0.0)));
                }
                out.sort_by_key(|c| c.0);
                out.dedup_by_key(|c| c.0);
                let per_cell = len / out.len().max(1) as f64;
                for c in &mut out {
                    c.2 = per_cell * point;
                }
            }
            SourceShape::Row {
                from_m,
                to_m,
                count,
                step_deg,
            } => {
                for k in 0..*count {
                    let t = if *count > 1 {
                        k as f64 / (*count - 1) as f64
                    } else {
                        0.5
                    };
                    let q = [
                        from_m[0] + (to_m[0] - from_m[0]) * t,
                        from_m[1] + (to_m[1] - from_m[1]) * t,
                    ];
                    let lag = (k as f64 * step_deg).to_radians();
                    out.extend(g.cell(q).map(|c| (c, lag, point)));
                }
            }
        }
        // A source never holds a wall's cell (the check refuses one inside a wall; a wall
        // moved onto it by a dial silences it there).
        out.retain(|(c, ..)| self.field.c2[*c] > 0.0);
        out
    }

    /// One 60 Hz tick with the controls at these values.
    pub fn step(&mut self, controls: &BTreeMap<String, ControlValue>) {
        if *controls != self.controls {
            self.controls = controls.clone();
            self.apply();
        }
        for _ in 0..self.scene.field.steps_per_tick {
            self.one_step();
        }
    }

    /// The controls' new values into the scene: the cells laid again if the walls, regions
    /// or speeds moved (the waves in flight kept), the sources' cells and the listener moved.
    fn apply(&mut self) {
        let scene = applied(&self.file, &self.controls);
        let relay = scene.walls != self.scene.walls
            || scene.media != self.scene.media
            || scene.field != self.scene.field;
        if relay {
            let mut f = build(&scene);
            for (i, k) in f.c2.iter().enumerate() {
                if *k > 0.0 {
                    f.u[i] = self.field.u[i];
                    f.prev[i] = self.field.prev[i];
                }
            }
            f.kernel = self.field.kernel;
            self.field = f;
            self.layouts += 1;
        }
        let listener_moved = scene.listener != self.scene.listener;
        for (i, s) in scene.sources.iter().enumerate() {
            let was = &self.scene.sources[i];
            if relay || s.shape != was.shape {
                self.driven[i].cells = self.cells_of(&s.shape);
            }
            if s.on && !was.on {
                self.driven[i].since = Some(self.t_s);
            } else if !s.on {
                self.driven[i].since = None;
            }
        }
        self.scene = scene;
        if listener_moved {
            self.listener = self.listener_meter();
        }
    }

    fn one_step(&mut self) {
        self.field.step();
        self.t_s += self.grid.dt;
        let t = self.t_s;
        let (dt, c) = (self.grid.dt, self.scene.field.speed_m_s);
        let sources = self.scene.sources.iter().zip(&self.driven);
        for ((s, d), phase) in sources.zip(&mut self.phases) {
            *phase = (*phase + TAU * s.frequency_hz * dt) % TAU;
            let Some(since) = d.since else { continue };
            let Some([a, b, k]) = volume_push(s, t - since, c) else {
                continue;
            };
            for (cell, lag, weight) in &d.cells {
                // u_tt = c²∇²u + V''(t)·δ: the step's share, dt²·V''·(δ on the grid).
                let (sn, cs) = (*phase - lag).sin_cos();
                let push = a * sn + b * cs + k;
                self.field.u[*cell] += (dt * dt * weight * push) as f32;
            }
        }
        for w in self.watches.iter_mut().chain(&mut self.listener) {
            w.add(&self.field.u, t, &self.phases);
        }
        self.in_window += 1;
        if self.in_window == self.window {
            let freq: Vec<f64> = self.scene.sources.iter().map(|s| s.frequency_hz).collect();
            for w in self.watches.iter_mut().chain(&mut self.listener) {
                w.close(self.window, self.grid.dt, &freq);
            }
            self.in_window = 0;
        }
    }
}

impl WavesWorld {
    /// A finger's splash at `at` (m): a bump of the file's `splash` height ringed by a trough
    /// (a Mexican hat, 3.5 cells to its first zero: as much water down as up, so that no slow
    /// swell is left to the edges), started at rest (both time levels); walls keep their zero.
    pub fn splash(&mut self, at: P2) {
        if !self.grid.contains(at) {
            return;
        }
        let g = self.grid;
        let [cx, cy] = g.cell_coords(at);
        let sigma = 2.5;
        let r = (5.0 * sigma) as i64;
        let h = self.scene.field.splash as f32;
        let (nx, ny) = (g.nx() as i64, g.ny() as i64);
        for dy in -r..=r {
            for dx in -r..=r {
                let (x, y) = (cx.round() as i64 + dx, cy.round() as i64 + dy);
                if x < 1 || y < 1 || x >= nx - 1 || y >= ny - 1 {
                    continue;
                }
                let i = (y * nx + x) as usize;
                if self.field.c2[i] == 0.0 {
                    continue;
                }
                let d2 = (x as f64 - cx).powi(2) + (y as f64 - cy).powi(2);
                let q = d2 / (2.0 * sigma * sigma);
                let v = h * ((1.0 - q) * (-q).exp()) as f32;
                self.field.u[i] += v;
                self.field.prev[i] += v;
            }
        }
    }

    /// The cells source `i` holds.
    pub fn source_cells(&self, i: usize) -> Vec<usize> {
        self.driven
            .get(i)
            .map_or_else(Vec::new, |d| d.cells.iter().map(|c| c.0).collect())
    }

    /// Each probe's value now, in the file's order; None where it has none yet.
    pub fn probe_values(&self) -> Vec<Option<f64>> {
        self.watches
            .iter()
            .map(|w| w.value(|| self.field.energy()))
            .collect()
    }

    /// The listener's tone: its source's frequency (Hz) and how loud the field is there,
    /// 0–1 of the file's `full_scale` (over the last window).
    pub fn listener_tone(&self) -> Option<(f64, f64)> {
        let l = self.scene.listener.as_ref()?;
        let s = self.scene.sources.iter().find(|s| s.id == l.source)?;
        let rms = self.listener.as_ref()?.value(|| 0.0)?;
        let on = self.driven[self.scene.sources.iter().position(|x| x.id == s.id)?]
            .since
            .is_some();
        Some((
            s.frequency_hz,
            if on {
                (rms / l.full_scale).min(1.0)
            } else {
                0.0
            },
        ))
    }
}

/// 2D point source far field: |H₀⁽¹⁾(kr)| ≈ √(2/(πkr)); at one wavelength (kr = 2π) that is
/// 1/π = 0.3183, within 0.2 % of the exact 0.3178 (J₀(2π) = 0.2203, Y₀(2π) = −0.2291;
/// Abramowitz & Stegun 9.1, tables 9.1).
const H0_AT_ONE_WAVELENGTH: f64 = std::f64::consts::FRAC_1_PI;

/// A source's push on the field `age` s after it came on: the second derivative V''(t) of the
/// volume V(t) it displaces (a dipper, a speaker's cone: u_tt = c²∇²u + V''·δ for a height or
/// a pressure), as a function of a cell's phase lag; None when it is done (a clap's end).
///
/// V is a tone eased in over two periods (smootherstep: no jerk) or a Gaussian (a clap: its
/// V'' is a Ricker wavelet), and moves no net volume: nothing is left to pile up in a closed
/// tube or to seep slowly out of a 2D field. Its size is set so that the wave has the file's
/// `amplitude` one wavelength from a point (|u| = V̂ω²·|H₀(kr)|/(4c²)) and along a line's
/// plane wave (|u| = V̂ω/(2c), per metre of line); a clap's at the frequency √2/w where its
/// spectrum peaks.
///
/// Returned as (a, b, k): a cell `lag` behind is pushed a·sin(φ − lag) + b·cos(φ − lag) + k.
fn volume_push(s: &SourceSpec, age: f64, c: f64) -> Option<[f64; 3]> {
    let size = |omega: f64| match s.shape {
        SourceShape::Line { .. } => 2.0 * c * s.amplitude / omega,
        _ => 4.0 * c * c * s.amplitude / (omega * omega * H0_AT_ONE_WAVELENGTH),
    };
    match s.signal {
        Signal::Sine => {
            let omega = TAU * s.frequency_hz;
            let v = size(omega);
            // The ease and its two derivatives in time (x from 0 to 1 over two periods).
            let span = 2.0 / s.frequency_hz;
            let x = (age / span).min(1.0);
            let (e, de, dde) = if x < 1.0 {
                (
                    x * x * x * (10.0 - 15.0 * x + 6.0 * x * x),
                    30.0 * x * x * (1.0 - x) * (1.0 - x) / span,
                    60.0 * x * (1.0 - x) * (1.0 - 2.0 * x) / (span * span),
                )
            } else {
                (1.0, 0.0, 0.0)
            };
            Some([v * (dde - e * omega * omega), v * 2.0 * de * omega, 0.0])
        }
        Signal::Pulse { width_s: w } => (age < 10.0 * w).then(|| {
            let v = size(std::f64::consts::SQRT_2 / w);
            let z = (age - 5.0 * w) / w;
            [0.0, 0.0, v * (z * z - 1.0) / (w * w) * (-z * z / 2.0).exp()]
        }),
    }
}

/// The file with the controls applied: each dial's numbers, each source on or off, each
/// wall placed or not.
pub fn applied(file: &WavesParams, controls: &BTreeMap<String, ControlValue>) -> WavesParams {
    let on = |name: &str, default: bool| match controls.get(name) {
        Some(ControlValue::Bool(b)) => *b,
        _ => default,
    };
    let mut scene = file.clone();
    let numbers = file.controls.iter().filter_map(|c| match &c.does {
        ControlDoes::Parameter(n) => Some((c.name.as_str(), n)),
        _ => None,
    });
    write_numbers(&mut scene, file, numbers, controls);
    for c in &file.controls {
        match &c.does {
            ControlDoes::Source { source } => {
                if let Some(s) = scene.sources.iter_mut().find(|s| s.id == *source) {
                    s.on = on(&c.name, s.on);
                }
            }
            ControlDoes::Place { walls } => {
                for w in scene.walls.iter_mut().filter(|w| walls.contains(&w.id)) {
                    w.placed = on(&c.name, w.placed);
                }
            }
            ControlDoes::Parameter(_) => {}
        }
    }
    scene
}

crate::data_kind!(WavesParams, WavesWorld);

impl NumberPaths for WavesParams {
    /// `sources.ID.FIELD` (`frequency_hz`, `amplitude`, `phase_deg`, `at_m.x`, `from_m.y`,
    /// `to_m.x`, `step_deg`, `width_s`), `walls.ID.FIELD` (`shift_m.x`, `thickness_m`),
    /// `media.ID.FIELD` (`speed_m_s`, `shift_m.y`), `listener.at_m.x`, `field.speed_m_s`,
    /// `field.damping_per_s`.
    fn number_at(&mut self, path: &str) -> Option<&mut f64> {
        let parts: Vec<&str> = path.split('.').collect();
        let xy = |k: &str| ["x", "y"].iter().position(|a| *a == k);
        match parts.as_slice() {
            ["sources", id, field, rest @ ..] => {
                let s = self.sources.iter_mut().find(|s| s.id == *id)?;
                match (*field, rest, &mut s.shape, &mut s.signal) {
                    ("frequency_hz", [], ..) => Some(&mut s.frequency_hz),
                    ("amplitude", [], ..) => Some(&mut s.amplitude),
                    ("phase_deg", [], ..) => Some(&mut s.phase_deg),
                    ("at_m", [k], SourceShape::Point { at_m }, _) => Some(&mut at_m[xy(k)?]),
                    (
                        "from_m",
                        [k],
                        SourceShape::Line { from_m, .. } | SourceShape::Row { from_m, .. },
                        _,
                    ) => Some(&mut from_m[xy(k)?]),
                    (
                        "to_m",
                        [k],
                        SourceShape::Line { to_m, .. } | SourceShape::Row { to_m, .. },
                        _,
                    ) => Some(&mut to_m[xy(k)?]),
                    ("step_deg", [], SourceShape::Row { step_deg, .. }, _) => Some(step_deg),
                    ("width_s", [], _, Signal::Pulse { width_s }) => Some(width_s),
                    _ => None,
                }
            }
            ["walls", id, field, rest @ ..] => {
                let w = self.walls.iter_mut().find(|w| w.id == *id)?;
                match (*field, rest) {
                    ("shift_m", [k]) => Some(&mut w.shift_m[xy(k)?]),
                    ("thickness_m", []) => Some(&mut w.thickness_m),
                    _ => None,
                }
            }
            ["media", id, field, rest @ ..] => {
                let m = self.media.iter_mut().find(|m| m.id == *id)?;
                match (*field, rest) {
                    ("speed_m_s", []) => Some(&mut m.speed_m_s),
                    ("shift_m", [k]) => Some(&mut m.shift_m[xy(k)?]),
                    _ => None,
                }
            }
            ["listener", "at_m", k] => Some(&mut self.listener.as_mut()?.at_m[xy(k)?]),
            ["field", "speed_m_s"] => Some(&mut self.field.speed_m_s),
            ["field", "damping_per_s"] => Some(&mut self.field.damping_per_s),
            _ => None,
        }
    }
}
