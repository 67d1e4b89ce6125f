//! The smoke a flow scene shows: carried by the air each tick, fading, and put in again where
//! the nozzles blow and the wind comes in.

use super::FlowWorld;
use crate::model::TICK_S;
use crate::model::flow::Edge;
use crate::model::lbm::smoke::advect;

impl FlowWorld {
    pub(super) fn advect_smoke(&mut self, steps: f32) {
        let fade = (-(TICK_S / self.scene.field.smoke_fade_s.max(0.1)) as f32).exp();
        advect(
            self.lattice.kernel,
            &self.smoke,
            &mut self.smoke_back,
            [&self.ux, &self.uy],
            self.lattice.fluid_mask(),
            self.grid.nx,
            steps,
            fade,
        );
        // Each nozzle's smoke, from its mouth as far as its air went this tick (marking only
        // the mouth would leave a puff a tick, stripes along the jet).
        let nx = self.grid.nx as i64;
        let cells = self.smoke_back.len() as i64;
        for (k, mouth) in self.mouths.iter().enumerate() {
            let n = &self.scene.nozzles[k];
            let level = (self.breaths[k].speed / n.speed_m_s.max(1e-9)) as f32;
            let reach = (self.breaths[k].speed / self.grid.speed() * steps as f64).ceil() as i64;
            let (s, c) = self.aims[k].sin_cos();
            for &(cell, share) in mouth {
                let (x, y) = (cell as i64 % nx, cell as i64 / nx);
                for d in 0..=reach.min(64) {
                    let (px, py) = (
                        x + (c * d as f64).round() as i64,
                        y + (s * d as f64).round() as i64,
                    );
                    let i = py * nx + px;
                    if px < 0
                        || px >= nx
                        || i < 0
                        || i >= cells
                        || self.lattice.fluid_mask()[i as usize] == 0.0
                    {
                        break;
                    }
                    let v = &mut self.smoke_back[i as usize];
                    *v = v.max(share * level);
                }
            }
        }
        // A wind carries streaks of smoke in from the left, every eighth row.
        if let Edge::Wind { .. } = self.scene.field.left {
            for y in (4..self.grid.ny).step_by(8) {
                let c = y * self.grid.nx;
                self.smoke_back[c] = 1.0;
                self.smoke_back[c + 1] = 1.0;
            }
        }
        std::mem::swap(&mut self.smoke, &mut self.smoke_back);
    }
}
