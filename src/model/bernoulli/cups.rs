//! The row of cups: geometry, the suction lift with the trapped air's leak, the jet's drag
//! over the ball's frontal disk, and the floor's rolling resistance.

use super::{Aim, BernoulliParams, FreeJet, hop_speed, pressure_drop_pa, threshold_speed};
use crate::model::{G, TICK_S, V3, add, cross, norm, normalize, scale, sub};
use std::f64::consts::PI;

/// Over how many ball radii above the rim the plug's suction fades out.
const PLUG_FADE: f64 = 0.1;

/// How far above v_hop the air over a cup must be before the ball surely leaves it: v_hop
/// bounds the energy from above (the leak round the ball only takes away), so at v_hop itself
/// the ball just reaches the rim. The hop sweep's hopping runs start at the same margin.
pub const HOP_MARGIN: f64 = 1.1;

/// Contraction coefficient of a sharp-edged slot: Kirchhoff's free-streamline result π/(π+2).
const CONTRACTION: f64 = PI / (PI + 2.0);

/// Depth of the catch tray past the last cup: deeper than the largest ball's radius, so a ball
/// that lands there stays there.
pub const TRAY_DEPTH_M: f64 = 0.05;
/// Clear run from the last cup's wall to the step down into the tray.
const TRAY_GAP_M: f64 = 0.03;

/// Forces on the ball for one tick, N, and what the gauges show.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BallForces {
    pub pressure_drop_pa: f64,
    pub lift_n: f64,
    pub drag_n: V3,
    /// Rolling resistance from the table or a cup's floor, horizontal.
    pub rolling_n: V3,
}

/// Geometry and aerodynamics of the row of cups.
#[derive(Debug, Clone)]
pub struct CupsModel {
    pub p: BernoulliParams,
    /// Frontal-disk sample offsets (unit disk) with equal area weights.
    samples: Vec<(f64, f64)>,
}

impl CupsModel {
    pub fn new(p: BernoulliParams) -> Self {
        // A 9 × 9 grid clipped to the unit disk: 69 points of equal area.
        let n = 9;
        let mut samples = Vec::new();
        for i in 0..n {
            for j in 0..n {
                let a = -1.0 + (2 * i + 1) as f64 / n as f64;
                let b = -1.0 + (2 * j + 1) as f64 / n as f64;
                if a * a + b * b <= 1.0 {
                    samples.push((a, b));
                }
            }
        }
        Self { p, samples }
    }

    pub fn spacing(&self) -> f64 {
        2.0 * (self.p.cups.inner_radius_m + self.p.cups.wall_m) + self.p.cups.gap_m
    }
    pub fn cup_x(&self, i: usize) -> f64 {
        i as f64 * self.spacing()
    }
    /// Where the table steps down into the catch tray.
    pub fn tray_start_x(&self) -> f64 {
        let c = &self.p.cups;
        self.cup_x(c.count as usize - 1) + c.inner_radius_m + c.wall_m + TRAY_GAP_M
    }
    /// Height of what the ball would roll on at `x`: a cup's floor, the table or the tray.
    pub fn floor_y(&self, ball: V3) -> f64 {
        if self.cup_column(ball).is_some() {
            self.p.cups.base_m
        } else if ball[0] > self.tray_start_x() {
            -TRAY_DEPTH_M
        } else {
            0.0
        }
    }
    pub fn rim_y(&self) -> f64 {
        self.p.cups.height_m
    }
    /// Where the ball rests in cup `i`.
    pub fn rest_position(&self, i: usize) -> V3 {
        [
            self.cup_x(i),
            self.p.cups.base_m + self.p.ball.radius_m,
            0.0,
        ]
    }
    pub fn nozzle_position(&self) -> V3 {
        [
            -self.p.nozzle.setback_m,
            self.rim_y() + self.p.nozzle.height_above_rim_m,
            0.0,
        ]
    }
    pub fn weight_n(&self) -> f64 {
        self.p.ball.mass_kg * G
    }
    pub fn threshold_speed(&self) -> f64 {
        threshold_speed(
            self.p.ball.mass_kg,
            self.p.ball.radius_m,
            self.p.air.density_kg_m3,
            self.p.air.suction_coefficient,
        )
    }
    /// See [`hop_speed`]: the travel is from the resting centre to the rim.
    pub fn hop_speed(&self) -> f64 {
        let travel = self.rim_y() - self.rest_position(0)[1];
        hop_speed(self.threshold_speed(), self.p.ball.radius_m, travel)
    }

    pub fn jet(&self, aim: Aim, exit_speed: f64) -> FreeJet {
        let (origin, dir) = match aim {
            Aim::Mouth => (self.nozzle_position(), [1.0, 0.0, 0.0]),
            Aim::Side => {
                let a = self.p.nozzle.side_angle_deg.to_radians();
                let dir = [a.cos(), -a.sin(), 0.0];
                (
                    sub(self.rest_position(0), scale(dir, self.p.nozzle.setback_m)),
                    dir,
                )
            }
        };
        FreeJet {
            origin,
            dir,
            diameter: self.p.nozzle.diameter_m,
            exit_speed,
            decay_constant: self.p.jet.decay_constant,
            spreading_rate: self.p.jet.spreading_rate,
        }
    }

    /// The cup whose column contains `p` horizontally (any height), if any.
    fn cup_column(&self, p: V3) -> Option<usize> {
        let i = (p[0] / self.spacing()).round();
        if i < 0.0 || i >= self.p.cups.count as f64 {
            return None;
        }
        let i = i as usize;
        let dx = p[0] - self.cup_x(i);
        (dx * dx + p[2] * p[2] < self.p.cups.inner_radius_m.powi(2)).then_some(i)
    }

    /// The cup the ball is in (centre below the rim inside a cup), or `None` in flight.
    pub fn ball_cup(&self, ball: V3) -> Option<usize> {
        self.cup_column(ball).filter(|_| ball[1] < self.rim_y())
    }

    /// Speed of the air skimming across the mouth of cup `i`: the jet's velocity at the
    /// mouth's centre, along the mouth. A jet pointed into the cup (steeper than 10°)
    /// stagnates there and skims nothing.
    pub fn mouth_speed(&self, jet: &FreeJet, i: usize) -> f64 {
        if jet.dir[1] < -(10f64.to_radians().sin()) {
            return 0.0;
        }
        let u = jet.velocity_at([self.cup_x(i), self.rim_y(), 0.0]);
        (u[0] * u[0] + u[2] * u[2]).sqrt()
    }

    /// Suction over the mouth of cup `i`: Δp = C·½ρu² of the air skimming across it.
    pub fn mouth_pressure_drop(&self, jet: &FreeJet, i: usize) -> f64 {
        pressure_drop_pa(
            self.p.air.density_kg_m3,
            self.p.air.suction_coefficient,
            self.mouth_speed(jet, i),
        )
    }

    /// Where the cup-by-cup account says a jet leaving the nozzle at `exit_speed` takes the
    /// ball: each cup whose mouth sees at least `HOP_MARGIN`·v_hop throws it on (the jet
    /// slows past its potential core, so cups further along see less), and it stays in the
    /// first that does not; the cup count if every cup throws it on (the catch tray). A
    /// floor, not always the place: the account forgets the ball's momentum, which can carry
    /// it over a cup that would have kept it, or along the rims. It rises with the speed,
    /// which is the lesson: the faster the air, the further the ball.
    pub fn carried_to(&self, exit_speed: f64) -> usize {
        let jet = self.jet(Aim::Mouth, exit_speed);
        let needed = HOP_MARGIN * self.hop_speed();
        (0..self.p.cups.count as usize)
            .find(|&i| self.mouth_speed(&jet, i) < needed)
            .unwrap_or(self.p.cups.count as usize)
    }

    /// The cup whose mouth the gauges report: the one holding the ball, else the nearest.
    pub fn gauge_cup(&self, ball: V3) -> usize {
        let i = (ball[0] / self.spacing()).round();
        i.clamp(0.0, (self.p.cups.count - 1) as f64) as usize
    }

    /// A point inside a cup is reached by the jet only through that cup's mouth: the straight
    /// line from the nozzle must cross the rim plane inside the mouth.
    fn shielded(&self, jet: &FreeJet, q: V3) -> bool {
        let rim = self.rim_y();
        let Some(i) = self.cup_column(q).filter(|_| q[1] < rim) else {
            return false;
        };
        let o = jet.origin;
        if o[1] <= rim {
            return true;
        }
        let t = (rim - o[1]) / (q[1] - o[1]);
        let c = add(o, scale(sub(q, o), t));
        let dx = c[0] - self.cup_x(i);
        dx * dx + c[2] * c[2] >= self.p.cups.inner_radius_m.powi(2)
    }

    /// Pressure the air under a ball moving up at `w` loses (or, moving down, gains) by
    /// squeezing through the gap round it, Pa.
    pub fn cavity_leak_pa(&self, w: f64) -> f64 {
        let r = self.p.ball.radius_m;
        let gap = PI * (self.p.cups.inner_radius_m.powi(2) - r * r);
        let u = PI * r * r * w / (CONTRACTION * gap);
        0.5 * self.p.air.density_kg_m3 * u * u.abs()
    }

    /// −μ_r·m·g against the horizontal velocity of a ball touching the table or a cup's floor,
    /// never more than stops it within a tick.
    pub fn rolling_resistance(&self, ball: V3, vel: V3) -> V3 {
        let b = &self.p.ball;
        let floor = self.floor_y(ball);
        let speed = (vel[0] * vel[0] + vel[2] * vel[2]).sqrt();
        if ball[1] - b.radius_m > floor + 0.001 || speed < 1e-6 {
            return [0.0; 3];
        }
        let f = (b.rolling_resistance * b.mass_kg * G).min(b.mass_kg * speed / TICK_S);
        [-f * vel[0] / speed, 0.0, -f * vel[2] / speed]
    }

    pub fn forces(&self, jet: &FreeJet, ball: V3, ball_vel: V3) -> BallForces {
        let r = self.p.ball.radius_m;
        let rim = self.rim_y();
        let dp = self.mouth_pressure_drop(jet, self.gauge_cup(ball));
        // How far the ball still plugs a cup: 1 while its equator is below the rim, fading to
        // 0 over the next tenth of a radius as the gap round it opens (no jump in the force).
        let plug = match self.cup_column(ball) {
            Some(_) => ((rim + PLUG_FADE * r - ball[1]) / (PLUG_FADE * r)).clamp(0.0, 1.0),
            None => 0.0,
        };
        // Plugging a cup, the ball has the mouth's suction over it and the trapped air under
        // it, which loses pressure as the ball rises (`cavity_leak_pa`).
        let lift = plug * (dp - self.cavity_leak_pa(ball_vel[1])) * PI * r * r;
        // Drag summed over the frontal disk, normal to the jet.
        let e1 = normalize(if jet.dir[1].abs() < 0.9 {
            cross(jet.dir, [0.0, 1.0, 0.0])
        } else {
            cross(jet.dir, [1.0, 0.0, 0.0])
        });
        let e2 = cross(jet.dir, e1);
        let area = PI * r * r / self.samples.len() as f64;
        let k = 0.5 * self.p.air.density_kg_m3 * self.p.ball.drag_coefficient * area;
        let mut drag = [0.0; 3];
        for &(a, b) in &self.samples {
            let q = add(ball, add(scale(e1, a * r), scale(e2, b * r)));
            let u = if self.shielded(jet, q) {
                [0.0; 3]
            } else {
                jet.velocity_at(q)
            };
            let rel = sub(u, ball_vel);
            drag = add(drag, scale(rel, k * norm(rel)));
        }
        BallForces {
            pressure_drop_pa: dp,
            lift_n: lift,
            drag_n: drag,
            rolling_n: self.rolling_resistance(ball, ball_vel),
        }
    }
}
