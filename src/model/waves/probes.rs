//! What the probes measure, step by step: sums of the field's square at points over each
//! window, a point's record for its spectrum, a tone's phase at two points, the first time a
//! point stirs, a pulse and its echo. Each publishes its value when a window ends.

use super::grid::{Grid, along};
use super::spec::*;
use std::f64::consts::TAU;

/// A point of the plane read from its four cells.
#[derive(Debug, Clone, Copy)]
pub struct Tap([(usize, f32); 4]);

impl Tap {
    pub fn at(g: &Grid, p: P2) -> Tap {
        Tap(g.bilinear(p))
    }
    pub fn read(&self, u: &[f32]) -> f64 {
        self.0.iter().map(|(i, w)| (u[*i] * w) as f64).sum()
    }
}

/// The RMS at a tap over each window: each of its four cells' mean square, weighted. (The
/// mean square is smooth across the cells where the wave itself is not: interpolating the
/// wave instead would dim it between cells by up to (kΔx)²/8, a ripple of a few per cent
/// along a line of probes that moves a broad fringe's top by a degree.)
#[derive(Debug, Clone)]
pub struct Meter {
    pub tap: Tap,
    sums: [f64; 4],
    pub rms: Option<f64>,
    /// The largest |field| at the tap since the start.
    pub peak: f64,
}

impl Meter {
    pub fn new(tap: Tap) -> Meter {
        Meter {
            tap,
            sums: [0.0; 4],
            rms: None,
            peak: 0.0,
        }
    }
    fn add(&mut self, u: &[f32]) {
        self.peak = self.peak.max(self.tap.read(u).abs());
        for (s, (i, _)) in self.sums.iter_mut().zip(&self.tap.0) {
            *s += (u[*i] as f64).powi(2);
        }
    }
    fn close(&mut self, n: usize) {
        let ms: f64 = self
            .sums
            .iter()
            .zip(&self.tap.0)
            .map(|(s, (_, w))| s * *w as f64)
            .sum();
        self.rms = Some((ms / n.max(1) as f64).sqrt());
        self.sums = [0.0; 4];
    }
}

/// How far the wave has come from a source to `p`, m: from a point (or a row's middle), the
/// distance; from a line, the distance along its normal (a plane wave's path).
fn from_source(shape: &SourceShape, p: P2) -> f64 {
    match shape {
        SourceShape::Point { at_m } => (p[0] - at_m[0]).hypot(p[1] - at_m[1]),
        SourceShape::Row { from_m, to_m, .. } => {
            let mid = [(from_m[0] + to_m[0]) / 2.0, (from_m[1] + to_m[1]) / 2.0];
            (p[0] - mid[0]).hypot(p[1] - mid[1])
        }
        SourceShape::Line { from_m, to_m } => {
            let (dx, dy) = (to_m[0] - from_m[0], to_m[1] - from_m[1]);
            let len = dx.hypot(dy).max(1e-12);
            ((p[0] - from_m[0]) * dy - (p[1] - from_m[1]) * dx).abs() / len
        }
    }
}

/// One probe's running state.
#[derive(Debug, Clone)]
pub enum Watch {
    Rms(Meter),
    Gain(Meter, Meter, Level),
    Along {
        meters: Vec<(Meter, f64)>,
        find: Extreme,
        nth: usize,
        by: Level,
        value: Option<f64>,
    },
    Frequency {
        tap: Tap,
        record: Vec<f32>,
        band: [f64; 2],
        value: Option<f64>,
    },
    Speed {
        source: usize,
        taps: [Tap; 2],
        /// Σ u·sin φ and Σ u·cos φ at each point, φ the source's phase.
        sums: [[f64; 2]; 2],
        distance: f64,
        /// m/s: the grid's own speed between the points (which turn of phase to read).
        nominal: f64,
        value: Option<f64>,
    },
    Arrival {
        tap: Tap,
        above: f64,
        value: Option<f64>,
    },
    Echo {
        tap: Tap,
        after_s: f64,
        most: [f64; 2],
        value: Option<f64>,
    },
    Energy,
}

impl Watch {
    /// `speed_at`: the wave's speed the scene gives at a point.
    pub fn new(
        of: &Probe,
        g: &Grid,
        sources: &[SourceSpec],
        speed_at: impl Fn(P2) -> f64,
    ) -> Watch {
        let tap = |p: P2| Tap::at(g, p);
        match of {
            Probe::Rms { at_m } => Watch::Rms(Meter::new(tap(*at_m))),
            Probe::Gain {
                at_m,
                against_m,
                by,
            } => Watch::Gain(Meter::new(tap(*at_m)), Meter::new(tap(*against_m)), *by),
            Probe::Along {
                curve,
                find,
                nth,
                by,
            } => Watch::Along {
                meters: along(curve, g)
                    .into_iter()
                    .map(|(q, at)| (Meter::new(tap(q)), at))
                    .collect(),
                find: *find,
                nth: *nth,
                by: *by,
                value: None,
            },
            Probe::Frequency {
                at_m,
                from_hz,
                to_hz,
            } => Watch::Frequency {
                tap: tap(*at_m),
                record: Vec::new(),
                band: [*from_hz, *to_hz],
                value: None,
            },
            Probe::Speed {
                source,
                from_m,
                to_m,
            } => {
                let k = sources.iter().position(|s| s.id == *source).unwrap_or(0);
                Watch::Speed {
                    source: k,
                    taps: [tap(*from_m), tap(*to_m)],
                    sums: [[0.0; 2]; 2],
                    distance: sources.get(k).map_or(0.0, |s| {
                        from_source(&s.shape, *to_m) - from_source(&s.shape, *from_m)
                    }),
                    nominal: 0.5 * (speed_at(*from_m) + speed_at(*to_m)),
                    value: None,
                }
            }
            Probe::Arrival { at_m, above } => Watch::Arrival {
                tap: tap(*at_m),
                above: *above,
                value: None,
            },
            Probe::Echo { at_m, after_s } => Watch::Echo {
                tap: tap(*at_m),
                after_s: *after_s,
                most: [0.0; 2],
                value: None,
            },
            Probe::Energy => Watch::Energy,
        }
    }

    /// One step's field `u` at time `t` s; `phases` are the sources' phases now.
    pub fn add(&mut self, u: &[f32], t: f64, phases: &[f64]) {
        match self {
            Watch::Rms(m) => m.add(u),
            Watch::Gain(a, b, _) => {
                a.add(u);
                b.add(u);
            }
            Watch::Along { meters, .. } => meters.iter_mut().for_each(|(m, _)| m.add(u)),
            Watch::Frequency { tap, record, .. } => record.push(tap.read(u) as f32),
            Watch::Speed {
                source, taps, sums, ..
            } => {
                let phi = phases.get(*source).copied().unwrap_or(0.0);
                let (s, c) = phi.sin_cos();
                for (k, t) in taps.iter().enumerate() {
                    let v = t.read(u);
                    sums[k][0] += v * s;
                    sums[k][1] += v * c;
                }
            }
            Watch::Arrival { tap, above, value } => {
                if value.is_none() && tap.read(u).abs() > *above {
                    *value = Some(t);
                }
            }
            Watch::Echo {
                tap,
                after_s,
                most,
                value,
            } => {
                let k = usize::from(t > *after_s);
                most[k] = most[k].max(tap.read(u).abs());
                if k == 1 && most[0] > 0.0 {
                    *value = Some(most[1] / most[0]);
                }
            }
            Watch::Energy => {}
        }
    }

    /// A window of `n` steps of `dt` s has ended; `freq` is each source's frequency now.
    pub fn close(&mut self, n: usize, dt: f64, freq: &[f64]) {
        match self {
            Watch::Rms(m) => m.close(n),
            Watch::Gain(a, b, _) => {
                a.close(n);
                b.close(n);
            }
            Watch::Along {
                meters,
                find,
                nth,
                by,
                value,
            } => {
                meters.iter_mut().for_each(|(m, _)| m.close(n));
                let line: Vec<(f64, f64)> = meters
                    .iter()
                    .map(|(m, at)| {
                        let level = match by {
                            Level::Rms => m.rms.unwrap_or(0.0),
                            Level::Peak => m.peak,
                        };
                        (*at, level)
                    })
                    .collect();
                *value = extreme(&line, *find, *nth);
            }
            Watch::Frequency {
                record,
                band,
                value,
                ..
            } => {
                *value = strongest(record, dt, *band);
                record.clear();
            }
            Watch::Speed {
                source,
                sums,
                distance,
                nominal,
                value,
                ..
            } => {
                let f = freq.get(*source).copied().unwrap_or(0.0);
                let phase = |k: usize| sums[k][1].atan2(sums[k][0]);
                // The later point lags: its phase is less by k·distance, known only modulo
                // a turn; the turn is the one nearest what the field's own speed gives.
                let lag = (phase(0) - phase(1)).rem_euclid(TAU);
                *value = (f > 0.0 && *distance > 0.0).then(|| {
                    // (A point nearer the source than `from`: no speed is read.)
                    let expected = TAU * f * *distance / *nominal;
                    let turns = ((expected - lag) / TAU).round();
                    let lag = lag + turns * TAU;
                    TAU * f * *distance / lag
                });
                *sums = [[0.0; 2]; 2];
            }
            Watch::Arrival { .. } | Watch::Echo { .. } | Watch::Energy => {}
        }
    }

    /// The value now (`energy`: the field's, read only when a probe asks).
    pub fn value(&self, energy: impl Fn() -> f64) -> Option<f64> {
        match self {
            Watch::Rms(m) => m.rms,
            Watch::Gain(a, b, by) => match by {
                Level::Rms => a.rms.zip(b.rms),
                Level::Peak => Some((a.peak, b.peak)),
            }
            .and_then(|(x, y)| (y > 0.0).then(|| x / y)),
            Watch::Along { value, .. }
            | Watch::Frequency { value, .. }
            | Watch::Speed { value, .. }
            | Watch::Arrival { value, .. }
            | Watch::Echo { value, .. } => *value,
            Watch::Energy => Some(energy()),
        }
    }
}

/// The share of the line's range a turn must rise or fall by on both sides to count: the
/// grid's staircase leaves ripples a few thousandths deep along a smooth fringe.
pub const TURN: f64 = 0.05;

/// Where along the line (its `at`) the `nth` turn of `find`'s kind lies: a loudest place has
/// the line [`TURN`] of its range lower on both sides before the next, a quietest higher (the
/// line's ends are no turn). Refined by a parabola through it and its neighbours.
pub fn extreme(line: &[(f64, f64)], find: Extreme, nth: usize) -> Option<f64> {
    let v = |i: usize| line[i].1;
    let (lo, hi) = line
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let h = TURN * (hi - lo);
    if line.len() < 3 || h <= 0.0 {
        return None;
    }
    // Zigzag: the running top (rising) or bottom (falling), confirmed once the line has
    // turned by h from it.
    let (mut rising, mut top, mut bottom): (Option<bool>, usize, usize) = (None, 0, 0);
    let mut seen = 0;
    for i in 1..line.len() {
        let turned = match rising {
            None => {
                if v(i) > v(bottom) + h {
                    rising = Some(true);
                    top = i;
                } else if v(i) < v(top) - h {
                    rising = Some(false);
                    bottom = i;
                } else {
                    if v(i) > v(top) {
                        top = i;
                    }
                    if v(i) < v(bottom) {
                        bottom = i;
                    }
                }
                None
            }
            Some(true) => {
                if v(i) > v(top) {
                    top = i;
                    None
                } else if v(i) < v(top) - h {
                    rising = Some(false);
                    bottom = i;
                    Some((top, Extreme::Loudest))
                } else {
                    None
                }
            }
            Some(false) => {
                if v(i) < v(bottom) {
                    bottom = i;
                    None
                } else if v(i) > v(bottom) + h {
                    rising = Some(true);
                    top = i;
                    Some((bottom, Extreme::Quietest))
                } else {
                    None
                }
            }
        };
        if let Some((k, kind)) = turned
            && kind == find
        {
            seen += 1;
            if seen == nth {
                return Some(refined(line, k));
            }
        }
    }
    None
}

/// Where the parabola through point `k` and its neighbours turns.
fn refined(line: &[(f64, f64)], k: usize) -> f64 {
    if k == 0 || k + 1 >= line.len() {
        return line[k].0;
    }
    let (a, b, c) = (line[k - 1].1, line[k].1, line[k + 1].1);
    let den = a - 2.0 * b + c;
    let off = if den.abs() > 0.0 {
        (0.5 * (a - c) / den).clamp(-0.5, 0.5)
    } else {
        0.0
    };
    line[k].0 + off * (line[k + 1].0 - line[k].0)
}

/// The strongest frequency of `record` (one sample each `dt` s) within `band` Hz: its power
/// under a Hann window scanned in 512 steps across the band, the top refined by a parabola
/// through the log power of its neighbours.
pub fn strongest(record: &[f32], dt: f64, band: [f64; 2]) -> Option<f64> {
    let n = record.len();
    if n < 16 || band[1] <= band[0] {
        return None;
    }
    let mean = record.iter().map(|x| *x as f64).sum::<f64>() / n as f64;
    let x: Vec<f64> = record
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let w = 0.5 - 0.5 * (TAU * k as f64 / (n - 1) as f64).cos();
            (*v as f64 - mean) * w
        })
        .collect();
    const SCAN: usize = 512;
    let power = |f: f64| {
        // Goertzel's recurrence at f.
        let w = TAU * f * dt;
        let c = 2.0 * w.cos();
        let (mut s1, mut s2) = (0.0, 0.0);
        for v in &x {
            let s = v + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        (s1 * s1 + s2 * s2 - c * s1 * s2).max(1e-300)
    };
    let step = (band[1] - band[0]) / SCAN as f64;
    let ps: Vec<f64> = (0..=SCAN)
        .map(|k| power(band[0] + step * k as f64))
        .collect();
    let top = (0..=SCAN).max_by(|a, b| ps[*a].total_cmp(&ps[*b]))?;
    if top == 0 || top == SCAN {
        return Some(band[0] + step * top as f64);
    }
    let (a, b, c) = (ps[top - 1].ln(), ps[top].ln(), ps[top + 1].ln());
    let den = a - 2.0 * b + c;
    let off = if den.abs() > 0.0 {
        (0.5 * (a - c) / den).clamp(-0.5, 0.5)
    } else {
        0.0
    };
    Some(band[0] + step * (top as f64 + off))
}
