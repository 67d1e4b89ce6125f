//! The Bernoulli cups' lesson over the whole dial and for other reasonable balls and suctions:
//! the built-in exhibit run headless for every speed × ball mass × suction coefficient of a
//! grid, each run checked against the regime the closed forms predict (see
//! `model::bernoulli`): below v* the ball stays put; between v* and v_hop it lifts; above
//! v_hop it leaves forward, never behind the nozzle, and gets at least as far along the row as
//! the cup-by-cup account says (`CupsModel::carried_to`: each cup whose mouth sees enough air
//! throws it on), which rises with the speed.
//!
//! Not checked: that every faster run got at least as far as every slower one. Near the speed
//! at which one more cup throws the ball on, a ball thrown from the cup before can carry over
//! it on its own momentum, or skip along the rims, and land one or two places further than the
//! account; a slightly faster run may not. `caravan verify --hop-speeds 97` found 21 such pairs
//! in 1 818 runs, all of them the last cup against the catch tray: where a bouncing ball lands
//! there turns on a rim's edge, not on the air. The lesson is the floor, and that the ball
//! usually lands on it ([`at_account`]).

use crate::model::TICK_HZ;
use crate::model::bernoulli::{
    BernoulliParams, CupsModel, HOP_MARGIN, MAX_AIR_SPEED_M_S, NARROWEST_NOZZLE_PER_RADIUS,
};
use crate::sim::Simulation;

/// A table-tennis ball is 2.7 g (ITTF); 2 g and 4 g are the light and heavy balls a museum
/// might use instead.
pub const MASSES_KG: [f64; 3] = [0.002, 0.0027, 0.004];
/// From weak suction to Bernoulli's ideal.
pub const SUCTIONS: [f64; 3] = [0.3, 0.6, 1.0];
/// The narrowest jet the validator allows for the ball, and the shipped one.
pub const NOZZLES_M: [f64; 2] = [NARROWEST_NOZZLE_PER_RADIUS * 0.02, 0.03];
/// Multiples of v_hop for the hopping runs; the dial's maximum is always run too.
const HOP_FACTORS: [f64; 8] = [1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5];
/// How long each run blows.
const BLOW_S: f64 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// Under v*: the ball does not move.
    Stays,
    /// Between v* and v_hop: it lifts. The suction alone cannot lift it out, though the jet
    /// may roll it forward over the rim's edge.
    Lifts,
    /// Above v_hop: it leaves forward.
    Hops,
}

#[derive(Debug, Clone)]
pub struct HopRun {
    pub mass_kg: f64,
    pub suction: f64,
    pub speed: f64,
    pub regime: Regime,
    /// Highest the ball's centre rose over its resting height, m.
    pub rise_m: f64,
    /// Farthest the ball's centre strayed sideways from cup 0's axis, m.
    pub stray_m: f64,
    /// Smallest x the ball reached, m (the nozzle is at −setback).
    pub min_x: f64,
    /// Where the ball ended: x, m.
    pub final_x: f64,
    /// Farthest place reached: a cup's index, or the cup count for the catch tray.
    pub furthest: usize,
    /// Where the cup-by-cup account takes it ([`CupsModel::carried_to`]), for a hopping run.
    pub carried_to: usize,
}

/// What is wrong with one run, if anything. `m`: the run's model.
fn verdict(run: &HopRun, m: &CupsModel) -> Option<String> {
    let p = &m.p;
    // Its centre over cup 0's mouth: still in (or on) the cup.
    let room = p.cups.inner_radius_m;
    let wrong = match run.regime {
        Regime::Stays if run.rise_m > 0.001 => "it should stay still but rose",
        Regime::Lifts if run.rise_m <= 0.001 => "it should lift but did not",

        Regime::Hops if run.stray_m <= room => "it should hop but stayed in its cup",
        Regime::Hops if run.final_x <= p.cups.inner_radius_m + p.cups.wall_m => {
            "it hopped but did not end forward of the first cup"
        }
        Regime::Hops if run.furthest < run.carried_to => {
            "it stopped short of where the cup-by-cup account takes it"
        }
        _ if run.min_x < -p.nozzle.setback_m => "it went behind the nozzle",
        _ => return None,
    };
    Some(format!(
        "d = {} m, m = {} kg, C = {}, {:.2} m/s ({:?}): {wrong} (rise {:.3} m, stray {:.3} m, x {:.3}…{:.3} m, place {} of {})",
        m.p.nozzle.diameter_m,
        run.mass_kg,
        run.suction,
        run.speed,
        run.regime,
        run.rise_m,
        run.stray_m,
        run.min_x,
        run.final_x,
        run.furthest,
        run.carried_to,
    ))
}

fn model(nozzle_m: f64, mass_kg: f64, suction: f64) -> CupsModel {
    let mut p = BernoulliParams::default();
    p.nozzle.diameter_m = nozzle_m;
    p.ball.mass_kg = mass_kg;
    p.air.suction_coefficient = suction;
    CupsModel::new(p)
}

/// The speeds run for one ball and suction, with the regime each should show: the hopping
/// runs at [`HOP_FACTORS`], or with `dense: Some(n)` at `n` speeds evenly spaced from 1.1 v_hop
/// to the dial's maximum (`caravan verify --hop-speeds N`).
fn speeds(m: &CupsModel, dense: Option<usize>) -> Vec<(f64, Regime)> {
    let (v_star, v_hop) = (m.threshold_speed(), m.hop_speed());
    let mut v = vec![
        (0.5 * v_star, Regime::Stays),
        (0.95 * v_star, Regime::Stays),
        (0.5 * (v_star + v_hop), Regime::Lifts),
    ];
    let hops: Vec<f64> = match dense {
        None => HOP_FACTORS.iter().map(|k| k * v_hop).collect(),
        Some(n) => {
            let (lo, hi) = (HOP_MARGIN * v_hop, MAX_AIR_SPEED_M_S);
            (0..n)
                .map(|i| lo + (hi - lo) * i as f64 / n as f64)
                .collect()
        }
    };
    v.extend(
        hops.into_iter()
            .filter(|s| *s < MAX_AIR_SPEED_M_S)
            .chain([MAX_AIR_SPEED_M_S])
            .map(|s| (s, Regime::Hops)),
    );
    v
}

fn run(m: &CupsModel, speed: f64, regime: Regime) -> HopRun {
    let p = &m.p;
    let sets = [
        format!("ball.mass_kg={}", p.ball.mass_kg),
        format!("air.suction_coefficient={}", p.air.suction_coefficient),
        "controls.blow=true".into(),
        format!("nozzle.diameter_m={}", p.nozzle.diameter_m),
        format!("controls.air_speed_m_s={speed}"),
    ];
    let sets: Vec<&str> = sets.iter().map(String::as_str).collect();
    let mut sim = Simulation::builtin("bernoulli_cups", &sets);
    let rest_y = m.rest_position(0)[1];
    let mut out = HopRun {
        mass_kg: p.ball.mass_kg,
        suction: p.air.suction_coefficient,
        speed,
        regime,
        rise_m: 0.0,
        stray_m: 0.0,
        min_x: 0.0,
        final_x: 0.0,
        furthest: 0,
        carried_to: if regime == Regime::Hops {
            m.carried_to(speed)
        } else {
            0
        },
    };
    for _ in 0..(BLOW_S * TICK_HZ) as u64 {
        sim.step();
        let (x, y, z) = (
            sim.number("ball_x_m"),
            sim.number("ball_y_m"),
            sim.number("ball_z_m"),
        );
        out.rise_m = out.rise_m.max(y - rest_y);
        out.stray_m = out.stray_m.max(x.hypot(z));
        out.min_x = out.min_x.min(x);
        out.final_x = x;
        // In the catch tray: past the last cup and below the table top (where it may lie
        // anywhere along its floor, also by its near edge after flying in at a slant).
        let last = p.cups.count as usize - 1;
        let place = if x > m.tray_start_x() || (y < 0.0 && x > m.cup_x(last)) {
            p.cups.count as usize
        } else {
            sim.number("ball_cup").max(0.0) as usize
        };
        out.furthest = out.furthest.max(place);
    }
    out
}

/// One ball, suction and nozzle over the whole dial: its runs, and what is wrong with them.
fn sweep_one(m: &CupsModel, dense: Option<usize>) -> (Vec<HopRun>, Vec<String>) {
    let runs: Vec<HopRun> = speeds(m, dense)
        .into_iter()
        .map(|(speed, regime)| run(m, speed, regime))
        .collect();
    let problems = runs.iter().filter_map(|r| verdict(r, m)).collect();
    (runs, problems)
}

/// Of the hopping runs, how many ended exactly where the cup-by-cup account puts the ball,
/// and how many there are. The account is a floor every run must reach (`verdict`); this says
/// it is also where the ball usually lands, not a bound too low to mean anything.
pub fn at_account(runs: &[HopRun]) -> (usize, usize) {
    let hops = runs.iter().filter(|r| r.regime == Regime::Hops);
    let at = hops.clone().filter(|r| r.furthest == r.carried_to).count();
    (at, hops.count())
}

/// Every run of the grid, and what is wrong (`dense`: see [`speeds`]). The grid's cells run on
/// all cores; the result does not depend on how many.
pub fn sweep(dense: Option<usize>) -> (Vec<HopRun>, Vec<String>) {
    let models: Vec<CupsModel> = NOZZLES_M
        .iter()
        .flat_map(|d| {
            MASSES_KG
                .iter()
                .flat_map(move |m| SUCTIONS.map(|c| (*d, *m, c)))
        })
        .map(|(d, m, c)| model(d, m, c))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = models.len().div_ceil(cores);
    let cells: Vec<(Vec<HopRun>, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = models
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|m| sweep_one(m, dense))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a hop sweep thread panicked"))
            .collect()
    });
    let (mut runs, mut problems) = (Vec::new(), Vec::new());
    for (r, p) in cells {
        runs.extend(r);
        problems.extend(p);
    }
    (runs, problems)
}
