//! A round free jet (Hussein, Capp & George 1994; see the module above).

use crate::model::{V3, dot, norm, scale, sub};
use std::f64::consts::LN_2;

/// A round free jet.
#[derive(Debug, Clone, Copy)]
pub struct FreeJet {
    pub origin: V3,
    pub dir: V3,
    pub diameter: f64,
    pub exit_speed: f64,
    pub decay_constant: f64,
    pub spreading_rate: f64,
}

impl FreeJet {
    /// Centreline speed at distance `s` downstream.
    pub fn centreline_speed(&self, s: f64) -> f64 {
        if s <= 0.0 {
            return 0.0;
        }
        let core = self.decay_constant * self.diameter;
        self.exit_speed * (core / s).min(1.0)
    }

    pub fn velocity_at(&self, p: V3) -> V3 {
        let rel = sub(p, self.origin);
        let s = dot(rel, self.dir);
        if s <= 0.0 || self.exit_speed == 0.0 {
            return [0.0; 3];
        }
        let radial = sub(rel, scale(self.dir, s));
        let r = norm(radial);
        let half = 0.5 * self.diameter + self.spreading_rate * s;
        let u = self.centreline_speed(s) * (-LN_2 * (r / half).powi(2)).exp();
        scale(self.dir, u)
    }
}
