//! 隔物吹球 — blow at a bottle and the ball behind it moves.
//!
//! A jet blown at a round bottle follows its curved surface (the Coandă effect), the two halves
//! join behind it and push on whatever is there; behind a square box the flow separates at the
//! front corners and leaves a wide, slow wake. Nothing here is scripted: the air is a
//! [`Lattice`] (D2Q9 lattice Boltzmann) over the tabletop seen from above, and the ball feels
//! the drag ½ρC_dA|u − v|(u − v) of the air averaged over its footprint.
//!
//! Scales, honestly: a breath across a 8 cm bottle is Re = uD/ν ≈ 10 m/s · 0.08 m / 1.5·10⁻⁵
//! m²/s ≈ 5·10⁴, a turbulent flow no real-time solver resolves. The lattice runs the same
//! geometry at the Reynolds number its grid can carry (a few hundred, plus a Smagorinsky
//! eddy viscosity), and [`AirflowModel::reynolds`] reports it. Speeds map to m/s through one
//! fixed scale: the jet's lattice speed at `jet.max_speed_m_s` is `grid.jet_lattice_speed`.
//! The lattice's own time step then stands for only `cell_m / scale` seconds, so the air
//! evolves in slow motion (about 100× at the defaults) while the ball moves in real time
//! under the drag of the flow as it is drawn.

mod params;
#[cfg(test)]
mod tests;

pub use params::*;

use super::lbm::smoke::advect;
use super::lbm::{Lattice, Relax, Shape, SideWalls};
use super::{BreathRamp, G, TICK_S};
use std::f64::consts::PI;

/// The sponge's strength at the table's edge, per tick.
const SPONGE_MAX: f32 = 0.2;

/// What stands in the jet's way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Obstacle {
    #[default]
    Round,
    Square,
    Plate,
    None,
}

impl Obstacle {
    pub const NAMES: [&'static str; 4] = ["round", "square", "plate", "none"];
    pub fn from_name(s: &str) -> Option<Obstacle> {
        match s {
            "round" => Some(Obstacle::Round),
            "square" => Some(Obstacle::Square),
            "plate" => Some(Obstacle::Plate),
            "none" => Some(Obstacle::None),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The inputs of one tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AirflowInputs {
    /// Target jet speed (0 when nobody blows), m/s; the breath ramps towards it.
    pub jet_speed_m_s: f64,
    /// −1 … 1 of the nozzle's travel.
    pub nozzle_y: f64,
    pub nozzle_angle_deg: f64,
    pub obstacle: Obstacle,
}

pub struct AirflowModel {
    pub p: AirflowParams,
    pub lattice: Lattice,
    /// Velocity field after the last tick, lattice units, row-major from the bottom-left.
    pub ux: Vec<f32>,
    pub uy: Vec<f32>,
    /// Smoke concentration 0–1 per cell.
    pub smoke: Vec<f32>,
    smoke_back: Vec<f32>,
    pub obstacle: Obstacle,
    pub breath: BreathRamp,
    /// The largest lattice speed after the last tick.
    pub max_speed: f32,
    /// Times the fluid was found non-finite and restarted at rest.
    pub recoveries: u32,
    nozzle: [f64; 2],
    sponge: Vec<(u32, f32)>,
    ticks: u64,
}

impl AirflowModel {
    pub fn new(p: AirflowParams) -> Self {
        let g = &p.grid;
        let (nx, ny) = (g.width as usize, g.height as usize);
        let lattice = Lattice::new(
            nx,
            ny,
            SideWalls::Open,
            Relax::new(g.relaxation_time as f32, g.smagorinsky as f32),
        );
        let n = nx * ny;
        let mut m = Self {
            p,
            lattice,
            ux: vec![0.0; n],
            uy: vec![0.0; n],
            smoke: vec![0.0; n],
            smoke_back: vec![0.0; n],
            obstacle: Obstacle::None,
            breath: BreathRamp::default(),
            max_speed: 0.0,
            recoveries: 0,
            nozzle: [0.0; 2],
            sponge: Vec::new(),
            ticks: 0,
        };
        m.sponge = m.sponge_cells();
        m.set_obstacle(Obstacle::Round);
        m
    }

    /// The table is a slice of a large room: near its far end and its sides the air's momentum
    /// spreads out in three dimensions, which a 2D lattice cannot do. A sponge layer there
    /// (σ rising as the square of the depth, to [`SPONGE_MAX`] per tick at the edge) lets the
    /// jet leave and stops the closed 2D eddies that would otherwise fill the table.
    fn sponge_cells(&self) -> Vec<(u32, f32)> {
        let (nx, ny) = (self.lattice.nx, self.lattice.ny);
        let depth = (ny / 8).max(4);
        let mut cells = Vec::new();
        for y in 0..ny {
            for x in 0..nx {
                let d = (nx - 1 - x).min(y).min(ny - 1 - y);
                if d < depth {
                    let s = 1.0 - d as f32 / depth as f32;
                    cells.push(((y * nx + x) as u32, SPONGE_MAX * s * s));
                }
            }
        }
        cells
    }

    /// m/s per lattice speed unit.
    pub fn speed_scale(&self) -> f64 {
        self.p.jet.max_speed_m_s / self.p.grid.jet_lattice_speed
    }

    /// Physical seconds of air per lattice step (the slow motion is `TICK_S / (substeps × this)`).
    pub fn step_s(&self) -> f64 {
        self.p.grid.cell_m / self.speed_scale()
    }

    /// Table metres (x from the nozzle edge, y from the centre line) → lattice coordinates.
    pub fn to_lattice(&self, p: [f64; 2]) -> [f64; 2] {
        let c = self.p.grid.cell_m;
        let h = self.p.grid.height as f64;
        [p[0] / c - 0.5, p[1] / c + h / 2.0 - 0.5]
    }

    /// The obstacle's outline in table metres: (centre, half extents) or None.
    pub fn obstacle_box(&self, o: Obstacle) -> Option<([f64; 2], [f64; 2])> {
        let ob = &self.p.obstacle;
        let centre = [ob.x_m, 0.0];
        let w = ob.width_m / 2.0;
        match o {
            Obstacle::Round | Obstacle::Square => Some((centre, [w, w])),
            Obstacle::Plate => Some((centre, [ob.plate_thickness_m / 2.0, w])),
            Obstacle::None => None,
        }
    }

    fn shape(&self, o: Obstacle) -> Option<Shape> {
        let (c, h) = self.obstacle_box(o)?;
        let q = self.to_lattice(c);
        let cell = self.p.grid.cell_m;
        Some(match o {
            Obstacle::Round => Shape::Circle {
                x: q[0],
                y: q[1],
                r: h[0] / cell,
            },
            _ => Shape::Rect {
                x0: q[0] - h[0] / cell,
                y0: q[1] - h[1] / cell,
                x1: q[0] + h[0] / cell,
                y1: q[1] + h[1] / cell,
            },
        })
    }

    pub fn set_obstacle(&mut self, o: Obstacle) {
        if o != self.obstacle {
            self.obstacle = o;
            let shapes = self.shape(o).into_iter().collect();
            self.lattice.set_shapes(shapes);
        }
    }

    /// Nozzle centre (table metres) and direction (radians from +x) for the inputs.
    pub fn nozzle_pose(&self, i: &AirflowInputs) -> ([f64; 2], f64) {
        let y = i.nozzle_y.clamp(-1.0, 1.0) * self.p.nozzle.travel_m;
        let max = self.p.nozzle.max_angle_deg;
        ([0.0, y], i.nozzle_angle_deg.clamp(-max, max).to_radians())
    }

    /// One 60 Hz tick: the breath ramps, the lattice runs its substeps, the smoke moves.
    /// Returns false if the fluid had to be restarted (it was not finite).
    pub fn tick(&mut self, i: &AirflowInputs) -> bool {
        self.set_obstacle(i.obstacle);
        let target = i.jet_speed_m_s.clamp(0.0, self.p.jet.max_speed_m_s);
        let speed = self.breath.step(target, self.p.jet.rise_s, TICK_S);
        let u_lat = (speed / self.speed_scale()).min(self.p.grid.jet_lattice_speed) as f32;
        let (centre, angle) = self.nozzle_pose(i);
        self.ticks += 1;
        let t = self.ticks as f64 * TICK_S;
        let angle = angle
            + self.p.jet.wobble_deg.to_radians()
                * 0.5
                * ((std::f64::consts::TAU * t / 3.1).sin()
                    + (std::f64::consts::TAU * t / 1.7 + 1.0).sin());
        self.nozzle = [centre[1], angle];
        let jet = self.jet_profile(centre[1]);
        // The nozzle is a short wall moving at the jet's speed; the rest of the edge is open.
        for (row, w) in jet.iter().enumerate() {
            self.lattice.inlet[row] = (*w > 0.0).then(|| {
                [
                    u_lat * w * angle.cos() as f32,
                    u_lat * w * angle.sin() as f32,
                ]
            });
        }
        self.lattice.run(self.p.grid.substeps as usize);
        self.lattice.damp(&self.sponge);
        self.max_speed = self.lattice.velocity(&mut self.ux, &mut self.uy);
        if !self.max_speed.is_finite() {
            self.restart();
            return false;
        }
        self.advect_smoke(&jet, (speed / self.p.jet.max_speed_m_s) as f32);
        true
    }

    /// The fluid back at rest, smoke gone; the breath and obstacle stay.
    pub fn restart(&mut self) {
        self.recoveries += 1;
        self.lattice.init(|_, _| (1.0, 0.0, 0.0));
        self.ux.fill(0.0);
        self.uy.fill(0.0);
        self.smoke.fill(0.0);
        self.max_speed = 0.0;
    }

    /// The nozzle's opening over the rows of the left edge: 1 inside, 0 outside, one cell of
    /// ramp at each side so the jet's edges are not a step.
    fn jet_profile(&self, y_m: f64) -> Vec<f32> {
        let cell = self.p.grid.cell_m;
        let centre = self.to_lattice([0.0, y_m])[1];
        let half = self.p.nozzle.width_m / cell / 2.0;
        (0..self.p.grid.height as usize)
            .map(|j| ((half + 0.5 - (j as f64 - centre).abs()).clamp(0.0, 1.0)) as f32)
            .collect()
    }

    /// Semi-Lagrangian advection of the smoke by the tick's velocity field, plus what the
    /// nozzle puts in and a fade.
    fn advect_smoke(&mut self, jet: &[f32], level: f32) {
        let nx = self.lattice.nx;
        let steps = self.p.grid.substeps as f32;
        let fade = (-(TICK_S / self.p.smoke.fade_s) as f32).exp();
        advect(
            self.lattice.kernel,
            &self.smoke,
            &mut self.smoke_back,
            [&self.ux, &self.uy],
            self.lattice.fluid_mask(),
            nx,
            steps,
            fade,
        );
        for (y, w) in jet.iter().enumerate() {
            for x in 0..2 {
                let c = y * nx + x;
                self.smoke_back[c] = self.smoke_back[c].max(w * level);
            }
        }
        std::mem::swap(&mut self.smoke, &mut self.smoke_back);
    }

    /// Mean air velocity (m/s) over the cells under a ball at `p` (table metres).
    pub fn air_under(&self, p: [f64; 2], radius_m: f64) -> [f64; 2] {
        let q = self.to_lattice(p);
        let r = radius_m / self.p.grid.cell_m;
        let (nx, ny) = (self.lattice.nx as i64, self.lattice.ny as i64);
        let mut sum = [0.0f64; 2];
        let mut n = 0usize;
        let (x0, x1) = ((q[0] - r).ceil() as i64, (q[0] + r).floor() as i64);
        let (y0, y1) = ((q[1] - r).ceil() as i64, (q[1] + r).floor() as i64);
        for y in y0.max(0)..=y1.min(ny - 1) {
            for x in x0.max(0)..=x1.min(nx - 1) {
                let (dx, dy) = (x as f64 - q[0], y as f64 - q[1]);
                if dx * dx + dy * dy <= r * r {
                    let c = (y * nx + x) as usize;
                    sum[0] += self.ux[c] as f64;
                    sum[1] += self.uy[c] as f64;
                    n += 1;
                }
            }
        }
        if n == 0 {
            return [0.0; 2];
        }
        let s = self.speed_scale() / n as f64;
        [sum[0] * s, sum[1] * s]
    }

    /// Drag of the air on the ball at `p` moving at `v` (table metres, m/s), N.
    pub fn drag(&self, p: [f64; 2], v: [f64; 2]) -> [f64; 2] {
        let b = &self.p.ball;
        let u = self.air_under(p, b.radius_m);
        let rel = [u[0] - v[0], u[1] - v[1]];
        let k = 0.5
            * self.p.air.density_kg_m3
            * b.drag_coefficient
            * PI
            * b.radius_m
            * b.radius_m
            * (rel[0] * rel[0] + rel[1] * rel[1]).sqrt();
        [k * rel[0], k * rel[1]]
    }

    /// The horizontal force on the ball: drag less rolling resistance, which holds a ball at
    /// rest against a drag up to μ_r·m·g and slows a rolling one by μ_r·m·g.
    pub fn ball_force(&self, drag: [f64; 2], v: [f64; 2]) -> [f64; 2] {
        let b = &self.p.ball;
        let hold = b.rolling_resistance * b.mass_kg * G;
        let speed = (v[0] * v[0] + v[1] * v[1]).sqrt();
        if speed > 1e-3 {
            [drag[0] - hold * v[0] / speed, drag[1] - hold * v[1] / speed]
        } else {
            let d = (drag[0] * drag[0] + drag[1] * drag[1]).sqrt();
            if d <= hold {
                [0.0; 2]
            } else {
                let k = 1.0 - hold / d;
                [drag[0] * k, drag[1] * k]
            }
        }
    }

    /// The Reynolds number the lattice simulates now: jet speed × obstacle width / viscosity,
    /// in lattice units (the molecular viscosity; the eddy viscosity lowers it further).
    pub fn reynolds(&self) -> f64 {
        let u = (self.breath.speed / self.speed_scale()).min(self.p.grid.jet_lattice_speed);
        let d = self.p.obstacle.width_m / self.p.grid.cell_m;
        let nu = (self.p.grid.relaxation_time - 0.5) / 3.0;
        u * d / nu
    }

    /// The Reynolds number of the real breath at the same speed.
    pub fn real_reynolds(&self) -> f64 {
        self.breath.speed * self.p.obstacle.width_m / self.p.air.kinematic_viscosity_m2_s
    }

    /// The nozzle's position (m from the centre line) and angle (rad) in the last tick.
    pub fn nozzle(&self) -> (f64, f64) {
        (self.nozzle[0], self.nozzle[1])
    }
}
