//! The probes' readings: now, or as exponential means over `average_s` of air.

use super::FlowWorld;
use crate::model::flow::probes;

impl FlowWorld {
    /// The probes that average take this tick's value into their means.
    pub(super) fn average(&mut self) {
        let tau = self.scene.field.average_s;
        let air_tick = self.scene.field.steps_per_tick as f64 * self.grid.dt;
        let keep = if tau > 0.0 {
            (-air_tick / tau).exp()
        } else {
            0.0
        };
        let air = self.air();
        let now: Vec<Option<[f64; 2]>> = self
            .scene
            .probes
            .iter()
            .map(|p| {
                probes::averages(&p.of)
                    .then(|| probes::parts(&air, &p.of))
                    .flatten()
            })
            .collect();
        for (mean, now) in self.means.iter_mut().zip(now) {
            *mean = match (*mean, now) {
                (Some(m), Some(v)) => Some([0, 1].map(|k| keep * m[k] + (1.0 - keep) * v[k])),
                (_, v) => v,
            };
        }
    }

    /// Each probe's value now, in the file's order; None where it has none.
    pub fn probe_values(&self) -> Vec<Option<f64>> {
        self.scene
            .probes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if probes::averages(&p.of) && self.ticks > 0 {
                    let [over, under] = self.means[i]?;
                    (under.abs() > 1e-12).then(|| over / under)
                } else {
                    probes::read(&self.air(), &p.of)
                }
            })
            .collect()
    }

    /// What the probes read from.
    pub(super) fn air(&self) -> probes::Air<'_> {
        probes::Air {
            scene: &self.scene,
            grid: &self.grid,
            lattice: &self.lattice,
            bodies: &self.bodies,
            drive_m_s: self.drive_speed(),
            slowdown: self.slowdown(),
        }
    }
}
