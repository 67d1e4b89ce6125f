//! The flow scene running: the file with its controls applied, laid on the lattice; each 60 Hz
//! tick, `steps_per_tick` lattice steps, each with the bodies where they are, the nozzles
//! blowing, the bodies moved by what the air did to them; then the sponge, the smoke and the
//! probes.

use super::bodies::{Body, Step, advance, contacts};
use super::layout::{Grid, aim, mouth_cells, solids, sponge};
use super::spec::*;
use crate::kind_spec::ControlValue;
use crate::model::lbm::{Lattice, Relax, SideWalls};
use crate::model::scene::{NumberPaths, write_numbers};
use crate::model::{BreathRamp, TICK_S};
use std::collections::BTreeMap;

mod means;
mod smoke;

pub struct FlowWorld {
    file: FlowParams,
    controls: BTreeMap<String, ControlValue>,
    /// The file with the controls applied.
    pub scene: FlowParams,
    pub grid: Grid,
    pub lattice: Lattice,
    /// The air's velocity after the last tick, lattice units, row-major from the bottom-left.
    pub ux: Vec<f32>,
    pub uy: Vec<f32>,
    /// Smoke 0–1 per cell.
    pub smoke: Vec<f32>,
    smoke_back: Vec<f32>,
    pub bodies: Vec<Body>,
    /// Each nozzle's breath (m/s now) and its mouth's cells with their share of it.
    pub breaths: Vec<BreathRamp>,
    mouths: Vec<Vec<(u32, f32)>>,
    aims: Vec<f64>,
    sponge: Vec<(u32, f32)>,
    /// The bodies as the lattice last had them.
    placed: Vec<crate::model::lbm::MovingBody>,
    /// The probes' exponential means (where they average), of each part of their ratio
    /// ([`super::probes::parts`]).
    means: Vec<Option<[f64; 2]>>,
    pub ticks: u64,
    /// s of air since the start.
    pub t_s: f64,
    /// Times the air was found not finite and started again at rest.
    pub recoveries: u32,
    /// How many times the solids were laid again (the view redraws them).
    pub layouts: u64,
}

impl FlowWorld {
    pub fn new(file: &FlowParams, controls: &BTreeMap<String, ControlValue>) -> Self {
        let scene = applied(file, controls);
        let grid = Grid::of(&scene.field);
        let f = &scene.field;
        let sides = match f.sides {
            Sides::Open => SideWalls::Open,
            Sides::Wall => SideWalls::NoSlip,
            Sides::Slip => SideWalls::FreeSlip,
        };
        let relax = Relax::new(grid.tau(f) as f32, f.smagorinsky as f32);
        let mut lattice = Lattice::new(grid.nx, grid.ny, sides, relax);
        lattice.right_wall = f.right == Side::Wall;
        lattice.set_shapes(solids(&scene, &grid));
        let n = grid.nx * grid.ny;
        let mut w = FlowWorld {
            file: file.clone(),
            controls: controls.clone(),
            bodies: scene.bodies.iter().map(Body::new).collect(),
            breaths: vec![BreathRamp::default(); scene.nozzles.len()],
            mouths: vec![Vec::new(); scene.nozzles.len()],
            aims: vec![f64::NAN; scene.nozzles.len()],
            sponge: sponge(&scene, &grid),
            placed: Vec::new(),
            means: vec![None; scene.probes.len()],
            scene,
            grid,
            lattice,
            ux: vec![0.0; n],
            uy: vec![0.0; n],
            smoke: vec![0.0; n],
            smoke_back: vec![0.0; n],
            ticks: 0,
            t_s: 0.0,
            recoveries: 0,
            layouts: 1,
        };
        w.set_wind();
        // A wind starts blowing everywhere (as a channel's benchmark starts), not as a wall of
        // air from the left.
        if let Edge::Wind { .. } = w.scene.field.left {
            let inlet = w.lattice.inlet.clone();
            w.lattice.init(|_, y| {
                let u = inlet[y].unwrap_or([0.0; 2]);
                (1.0, u[0], u[1])
            });
        }
        w.place_bodies();
        w
    }

    /// One 60 Hz tick with the controls at these values.
    pub fn step(&mut self, controls: &BTreeMap<String, ControlValue>) {
        if *controls != self.controls {
            self.controls = controls.clone();
            self.apply();
        }
        self.ticks += 1;
        let screen_t = self.ticks as f64 * TICK_S;
        let steps = self.scene.field.steps_per_tick;
        let air_tick = steps as f64 * self.grid.dt;
        // The nozzles: their breath ramps over the tick, their mouths follow their aim.
        let mut fans = Vec::new();
        for (k, n) in self.scene.nozzles.iter().enumerate() {
            let target = if n.on { n.speed_m_s } else { 0.0 };
            let speed = self.breaths[k].step(target, n.rise_s, air_tick);
            let angle = aim(n, screen_t);
            if angle != self.aims[k] {
                let l = &self.lattice;
                self.mouths[k] = mouth_cells(n, angle, &self.grid, |c| {
                    l.is_solid(c % self.grid.nx, c / self.grid.nx)
                });
                self.aims[k] = angle;
            }
            let u = (speed / self.grid.speed()) as f32;
            let (s, c) = angle.sin_cos();
            fans.extend(
                self.mouths[k]
                    .iter()
                    .map(|&(cell, share)| (cell, [u * share * c as f32, u * share * s as f32])),
            );
        }
        self.lattice.fans = fans;
        let rho = self.scene.field.density_kg_m3;
        let dx = self.grid.dx;
        let dt = self.grid.dt;
        // Lattice force → N per metre of depth; torque → N·m per metre.
        let fs = rho * dx * dx * dx / (dt * dt);
        // Bodies held still (not dragged) neither move nor feel their force between steps:
        // the lattice then runs the tick's steps in one call, its threads meeting once a step
        // rather than twice. The same bits either way.
        let still = self
            .bodies
            .iter()
            .zip(&self.scene.bodies)
            .all(|(b, s)| s.mount == Mount::Held && b.grabbed.is_none());
        let (calls, each) = if still { (1, steps) } else { (steps, 1) };
        for _ in 0..calls {
            self.place_bodies();
            self.lattice.run(each);
            for (b, f) in self.bodies.iter_mut().zip(&self.lattice.body_force) {
                b.force = [f[0] * fs, f[1] * fs, f[2] * fs * dx];
            }
            let how = Step {
                dt,
                rho_air: rho,
                gravity: self.scene.field.gravity_m_s2,
                // A finger's body follows it within a tenth of a second of the screen.
                follow_s: 0.1 / self.slowdown(),
                top_speed: self.scene.field.max_speed_m_s,
            };
            for (b, s) in self.bodies.iter_mut().zip(&self.scene.bodies) {
                advance(b, s, &how);
            }
            contacts(
                &mut self.bodies,
                &self.scene.bodies,
                &self.lattice,
                &self.grid,
            );
            for _ in 0..each {
                self.t_s += dt;
            }
        }
        self.lattice.damp(&self.sponge);
        let top = self.lattice.velocity(&mut self.ux, &mut self.uy);
        if !top.is_finite() {
            self.restart();
            return;
        }
        self.advect_smoke(steps as f32);
        self.average();
    }

    /// The bodies where they are now, as the lattice sees them; a held one where the scene
    /// (its dials) puts it.
    fn place_bodies(&mut self) {
        for (b, s) in self.bodies.iter_mut().zip(&self.scene.bodies) {
            if s.mount == Mount::Held && b.grabbed.is_none() {
                b.pos = s.at_m;
                b.angle = s.angle_deg.to_radians();
            }
        }
        let moving: Vec<_> = self.bodies.iter().map(|b| b.moving(&self.grid)).collect();
        // Bodies that did not move (held ones, mostly) keep their cells and links: laying an
        // outline's links again costs more than the step.
        if moving != self.placed {
            self.placed = moving.clone();
            self.lattice.set_bodies(moving);
        }
    }

    /// The left edge's rows: the wind's velocity in each, a wall's zero, or open.
    fn set_wind(&mut self) {
        let ny = self.grid.ny;
        let speed = self.grid.speed();
        for (y, row) in self.lattice.inlet.iter_mut().enumerate() {
            *row = match &self.scene.field.left {
                Edge::Open => None,
                Edge::Wall => Some([0.0; 2]),
                Edge::Wind { speed_m_s, profile } => {
                    let u = speed_m_s / speed;
                    let k = match profile {
                        Profile::Uniform => 1.0,
                        Profile::Parabolic => {
                            // Walls half a cell outside the first and last rows.
                            let (s, h) = (y as f64 + 0.5, ny as f64);
                            4.0 * s * (h - s) / (h * h)
                        }
                    };
                    Some([(u * k) as f32, 0.0])
                }
            };
        }
    }

    /// The controls' new values into the scene: the solids laid again if they moved or were
    /// placed or taken away (the air kept), the wind set, held bodies put where they go.
    fn apply(&mut self) {
        let scene = applied(&self.file, &self.controls);
        let relay = scene.walls != self.scene.walls || scene.obstacles != self.scene.obstacles;
        let wind = scene.field.left != self.scene.field.left;
        let nozzles_moved = scene.nozzles != self.scene.nozzles;
        for ((b, new), old) in self
            .bodies
            .iter_mut()
            .zip(&scene.bodies)
            .zip(&self.scene.bodies)
        {
            if new.density_kg_m3 != old.density_kg_m3 {
                let fresh = Body::new(new);
                (b.mass, b.inertia) = (fresh.mass, fresh.inertia);
            }
        }
        self.scene = scene;
        if relay {
            self.lattice.set_shapes(solids(&self.scene, &self.grid));
            self.layouts += 1;
        }
        if relay || nozzles_moved {
            self.aims.fill(f64::NAN);
        }
        if wind {
            self.set_wind();
        }
    }

    /// The air back at rest and the smoke gone; the bodies stop where they are.
    pub fn restart(&mut self) {
        self.recoveries += 1;
        self.lattice.init(|_, _| (1.0, 0.0, 0.0));
        self.ux.fill(0.0);
        self.uy.fill(0.0);
        self.smoke.fill(0.0);
        for b in &mut self.bodies {
            b.vel = [0.0; 2];
            b.omega = 0.0;
        }
    }

    /// How many times slower than real the kiosk shows the air.
    pub fn slowdown(&self) -> f64 {
        TICK_S / (self.scene.field.steps_per_tick as f64 * self.grid.dt)
    }

    /// The fastest the air is driven now, m/s: a nozzle's breath or the wind.
    pub fn drive_speed(&self) -> f64 {
        let wind = match &self.scene.field.left {
            Edge::Wind { speed_m_s, .. } => *speed_m_s,
            _ => 0.0,
        };
        self.breaths.iter().map(|b| b.speed).fold(wind, f64::max)
    }

    /// Body `i` by its id.
    pub fn body(&self, id: &str) -> Option<&Body> {
        let i = self.scene.bodies.iter().position(|b| b.id == id)?;
        self.bodies.get(i)
    }

    /// A finger holds body `i` at `at` (m), or lets it go (None).
    pub fn grab(&mut self, i: usize, at: Option<P2>) {
        let Some(b) = self.bodies.get_mut(i) else {
            return;
        };
        let movable = !matches!(
            self.scene.bodies[i].mount,
            Mount::Held | Mount::Hinge { .. }
        );
        if movable {
            b.grabbed = at.map(|p| {
                let [lo, hi] = self.grid.bounds();
                [p[0].clamp(lo[0], hi[0]), p[1].clamp(lo[1], hi[1])]
            });
        }
    }
}

/// The file with the controls applied: each dial's numbers, each nozzle on or off, each
/// wall and obstacle placed or not.
pub fn applied(file: &FlowParams, controls: &BTreeMap<String, ControlValue>) -> FlowParams {
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
    let mut place = |ids: &[String], placed: bool| {
        for w in scene.walls.iter_mut().filter(|w| ids.contains(&w.id)) {
            w.placed = placed;
        }
        for o in scene.obstacles.iter_mut().filter(|o| ids.contains(&o.id)) {
            o.placed = placed;
        }
    };
    for c in &file.controls {
        match &c.does {
            ControlDoes::Place { solids } => {
                let default = file
                    .walls
                    .iter()
                    .any(|w| solids.contains(&w.id) && w.placed)
                    || file
                        .obstacles
                        .iter()
                        .any(|o| solids.contains(&o.id) && o.placed);
                place(solids, on(&c.name, default));
            }
            ControlDoes::Pick { options } => {
                let chosen = match controls.get(&c.name) {
                    Some(ControlValue::Choice(name)) => name.clone(),
                    _ => options.first().map_or_else(String::new, |o| o.0.clone()),
                };
                for (_, ids) in options {
                    place(ids, false);
                }
                if let Some((_, ids)) = options.iter().find(|o| o.0 == chosen) {
                    place(ids, true);
                }
            }
            ControlDoes::Nozzle { .. } | ControlDoes::Parameter(_) => {}
        }
    }
    for c in &file.controls {
        if let ControlDoes::Nozzle { nozzle } = &c.does
            && let Some(n) = scene.nozzles.iter_mut().find(|n| n.id == *nozzle)
        {
            n.on = on(&c.name, n.on);
        }
    }
    scene
}

crate::data_kind!(FlowParams, FlowWorld);

impl NumberPaths for FlowParams {
    /// `nozzles.ID.FIELD` (`speed_m_s`, `angle_deg`, `width_m`, `at_m.x`), `bodies.ID.FIELD`
    /// (`angle_deg`, `density_kg_m3`, `at_m.y`), `obstacles.ID.shift_m.x`, `walls.ID.shift_m.y`,
    /// `field.wind_m_s`, `field.gravity_m_s2.y`.
    fn number_at(&mut self, path: &str) -> Option<&mut f64> {
        let parts: Vec<&str> = path.split('.').collect();
        let xy = |k: &str| ["x", "y"].iter().position(|a| *a == k);
        match parts.as_slice() {
            ["nozzles", id, field, rest @ ..] => {
                let n = self.nozzles.iter_mut().find(|n| n.id == *id)?;
                match (*field, rest) {
                    ("speed_m_s", []) => Some(&mut n.speed_m_s),
                    ("angle_deg", []) => Some(&mut n.angle_deg),
                    ("width_m", []) => Some(&mut n.width_m),
                    ("at_m", [k]) => Some(&mut n.at_m[xy(k)?]),
                    _ => None,
                }
            }
            ["bodies", id, field, rest @ ..] => {
                let b = self.bodies.iter_mut().find(|b| b.id == *id)?;
                match (*field, rest) {
                    ("angle_deg", []) => Some(&mut b.angle_deg),
                    ("density_kg_m3", []) => Some(&mut b.density_kg_m3),
                    ("at_m", [k]) => Some(&mut b.at_m[xy(k)?]),
                    _ => None,
                }
            }
            ["obstacles", id, "shift_m", k] => {
                let o = self.obstacles.iter_mut().find(|o| o.id == *id)?;
                Some(&mut o.shift_m[xy(k)?])
            }
            ["walls", id, "shift_m", k] => {
                let w = self.walls.iter_mut().find(|w| w.id == *id)?;
                Some(&mut w.shift_m[xy(k)?])
            }
            ["field", "wind_m_s"] => match &mut self.field.left {
                Edge::Wind { speed_m_s, .. } => Some(speed_m_s),
                _ => None,
            },
            ["field", "gravity_m_s2", k] => Some(&mut self.field.gravity_m_s2[xy(k)?]),
            _ => None,
        }
    }
}
