//! What makes a waves scene valid: a grid the leapfrog step is stable on (the Courant limit)
//! and fine enough for every tone (cells per wavelength), wave speeds above zero, sources,
//! the listener and probes inside the field and not in a wall, every id once and every
//! reference resolved, the scene within its budget, and each dial keeping it so at both
//! ends. Each problem carries its field path, which the descriptor layer turns into
//! `file:line:col`.

use super::grid::{Grid, fastest, reaches_edge};
use super::spec::*;
use super::world::WavesWorld;
use super::{EDGE_WAVELENGTHS, MAX_CELLS, MAX_UPDATES_PER_TICK, MIN_CELLS_PER_WAVELENGTH};
use crate::kind_spec::KindSpec;
use crate::model::scene::curve::{self, Curve, REACH_M};
use crate::model::scene::{self, shape};
use crate::problems::{Problems, join, num, one_line};
use std::collections::BTreeSet;

/// How the messages name the scene.
const KIND: &str = "a waves scene";

pub fn check(s: &WavesParams, path: &str, p: &mut Problems) {
    let before = p.items.len();
    let at = |rest: &str| join(path, rest);
    let grid_ok = field(s, &at("field"), p);
    let mut ids = BTreeSet::new();
    let mut id = |p: &mut Problems, path: String, x: &str| {
        scene::check::name(p, &path, x);
        if !ids.insert(x.to_string()) {
            p.push_named(
                path,
                format!(
                    "a second element named `{}`: sources, walls and media each need their own id",
                    one_line(x)
                ),
            );
        }
    };
    for (i, w) in s.walls.iter().enumerate() {
        let wp = format!("{}[{i}]", at("walls"));
        id(p, join(&wp, "id"), &w.id);
        shape::in_plane(&w.curve, &join(&wp, "curve"), KIND, p);
        curve::check(&w.curve, &join(&wp, "curve"), p);
        p.range(&join(&wp, "thickness_m"), w.thickness_m, 0.0, 1.0, "m");
        p.range_each(&join(&wp, "shift_m"), w.shift_m, -REACH_M, REACH_M, "m");
    }
    for (i, m) in s.media.iter().enumerate() {
        let mp = format!("{}[{i}]", at("media"));
        id(p, join(&mp, "id"), &m.id);
        shape::check_outline(&m.outline, &join(&mp, "outline"), "a region", KIND, p);
        speed(m.speed_m_s, &join(&mp, "speed_m_s"), p);
        p.range_each(&join(&mp, "shift_m"), m.shift_m, -REACH_M, REACH_M, "m");
    }
    if s.sources.is_empty() || s.sources.len() > 16 {
        p.push_named(
            at("sources"),
            format!("{} sources: a scene has 1 to 16", s.sources.len()),
        );
    }
    for (i, src) in s.sources.iter().enumerate() {
        let sp = format!("{}[{i}]", at("sources"));
        id(p, join(&sp, "id"), &src.id);
        source(src, &sp, p);
    }
    // Where things stand needs a grid that can be laid.
    if grid_ok && p.items.len() == before {
        // The scene as the file writes it (no dial's default applied), laid out once.
        let mut bare = s.clone();
        bare.controls.clear();
        let laid = WavesWorld::new(&bare, &Default::default());
        placed(s, &laid, path, p);
        tones(s, &laid, path, p);
    }
    if let Some(l) = &s.listener {
        let lp = at("listener");
        if !s.sources.iter().any(|x| x.id == l.source) {
            p.unknown(join(&lp, "source"), &l.source, "source");
        }
        p.range(&join(&lp, "full_scale"), l.full_scale, 1e-9, 1e9, "");
    }
    scene::check::controls(
        &s.controls,
        |c| &c.name,
        &at("controls"),
        p,
        |c, dp, p| control(s, c, dp, p),
    );
    let columns =
        scene::check::probes(&s.probes, &at("probes"), p, |of, pp, p| probe(s, of, pp, p));
    scene::check::expect_rows(&s.expect, &s.verify, &columns, &s.controls(), path, p);
    if p.items.len() > before {
        return;
    }
    let dials = scene::dials(&s.controls);
    scene::check::dials_keep_valid(s, dials, &at("controls"), p, |mut moved, q| {
        moved.controls.clear();
        moved.expect.clear();
        moved.verify = VerifyRun::default();
        check(&moved, path, q);
    });
}

fn speed(v: f64, path: &str, p: &mut Problems) {
    if !(v.is_finite() && v > 0.0) {
        p.push_named(
            path,
            format!(
                "a wave speed of {} m/s: waves need a speed above zero (343 for air, 0.2–0.3 for a ripple tank)",
                num(v)
            ),
        );
    } else {
        p.range(path, v, 1e-3, 1e5, "m/s");
    }
}

/// The grid and its clock; true if a grid can be laid from them.
fn field(s: &WavesParams, fp: &str, p: &mut Problems) -> bool {
    let f = &s.field;
    let before = p.items.len();
    p.range_each(&join(fp, "origin_m"), f.origin_m, -REACH_M, REACH_M, "m");
    p.range_each(&join(fp, "size_m"), f.size_m, 1e-3, 2.0 * REACH_M, "m");
    p.range(&join(fp, "cell_m"), f.cell_m, 1e-5, 1.0, "m");
    speed(f.speed_m_s, &join(fp, "speed_m_s"), p);
    p.range(&join(fp, "slowdown"), f.slowdown, 1.0, 1e6, "×");
    p.range_int(
        &join(fp, "steps_per_tick"),
        f.steps_per_tick as i64,
        1,
        1000,
    );
    p.range(&join(fp, "damping_per_s"), f.damping_per_s, 0.0, 1e6, "/s");
    p.range_int(&join(fp, "sponge_cells"), f.sponge_cells as i64, 8, 200);
    p.range(&join(fp, "window_s"), f.window_s, 1e-6, 10.0, "s");
    p.range(&join(fp, "splash"), f.splash, 0.0, 1e6, "");
    if p.items.len() > before {
        return false;
    }
    let g = Grid::of(f);
    if !scene::check::cells_each_way(p, fp, [g.cols, g.rows], f.cell_m, 1024) {
        return false;
    }
    let cells = g.nx() * g.ny();
    if cells > MAX_CELLS {
        p.push_named(
            join(fp, "cell_m"),
            format!("the grid has {cells} cells with its absorbing edge: at most {MAX_CELLS} (larger cells, a smaller field or a thinner edge)"),
        );
        return false;
    }
    if cells * f.steps_per_tick > MAX_UPDATES_PER_TICK {
        p.push_named(
            join(fp, "steps_per_tick"),
            format!(
                "{} cells × {} steps is {} cell updates a tick: at most {MAX_UPDATES_PER_TICK} (fewer steps with more `slowdown`, or a coarser grid)",
                cells,
                f.steps_per_tick,
                cells * f.steps_per_tick
            ),
        );
    }
    let c = fastest(s);
    let courant = g.courant(c);
    let limit = std::f64::consts::FRAC_1_SQRT_2;
    if courant > limit {
        let need = (c / (TICK_HZ_F * f.slowdown * f.cell_m * limit)).ceil();
        p.push_named(
            join(fp, "steps_per_tick"),
            format!(
                "the Courant number c·Δt/Δx is {:.3} at {} m/s: the leapfrog step is stable only up to 1/√2 = 0.707; take at least {} steps a tick (or more `slowdown`, or larger cells)",
                courant,
                num(c),
                need
            ),
        );
    }
    // The window reads whole periods of a sampled wave: at least 20 steps.
    if f.window_s < 20.0 * g.dt {
        p.push_named(
            join(fp, "window_s"),
            format!(
                "{} s is under 20 steps of {} s: make it at least a few periods of the lowest tone",
                num(f.window_s),
                num(g.dt)
            ),
        );
    }
    true
}

const TICK_HZ_F: f64 = crate::model::TICK_HZ;

/// The fields that place a curve, for a message saying what to move.
fn curve_fields(curve: &Curve) -> &'static str {
    match curve {
        Curve::Line { .. } | Curve::Cycloid { .. } => "`from_m`, `to_m`",
        Curve::Arc { .. } => "`center_m`, `radius_m`, `from_deg`, `to_deg`",
        Curve::Ellipse { .. } => "`center_m`, `semi_axes_m`, `from_deg`, `to_deg`",
        Curve::Parabola { .. } => "`vertex_m`, `k_per_m`, `from_x_m`, `to_x_m`",
        Curve::Points(_) => "its points",
    }
}

fn source(src: &SourceSpec, sp: &str, p: &mut Problems) {
    let kp = join(sp, "shape");
    let point = |p: &mut Problems, field: &str, q: P2| {
        p.range_each(&join(&kp, field), q, -REACH_M, REACH_M, "m");
    };
    match &src.shape {
        SourceShape::Point { at_m } => point(p, "at_m", *at_m),
        SourceShape::Line { from_m, to_m } | SourceShape::Row { from_m, to_m, .. } => {
            point(p, "from_m", *from_m);
            point(p, "to_m", *to_m);
            if (to_m[0] - from_m[0]).hypot(to_m[1] - from_m[1]) < 1e-9 {
                p.push_named(join(&kp, "to_m"), "a line or row needs two different ends");
            }
        }
    }
    if let SourceShape::Row {
        count, step_deg, ..
    } = &src.shape
    {
        p.range_int(&join(&kp, "count"), *count as i64, 1, 64);
        p.range(&join(&kp, "step_deg"), *step_deg, -360.0, 360.0, "°");
    }
    p.range(&join(sp, "amplitude"), src.amplitude, -1e6, 1e6, "");
    p.range(&join(sp, "phase_deg"), src.phase_deg, -720.0, 720.0, "°");
    match src.signal {
        Signal::Sine => p.range(&join(sp, "frequency_hz"), src.frequency_hz, 1e-3, 1e7, "Hz"),
        Signal::Pulse { width_s } => p.range(
            &join(&join(sp, "signal"), "width_s"),
            width_s,
            1e-9,
            10.0,
            "s",
        ),
    }
}

/// Sources, the listener and the probes' points inside the field and not in a wall.
fn placed(s: &WavesParams, laid: &WavesWorld, path: &str, p: &mut Problems) {
    let (g, f) = (laid.grid, &laid.field);
    let at = |rest: &str| join(path, rest);
    let spot = |p: &mut Problems, fp: String, q: P2, what: &str| {
        match g.cell(q) {
            None => p.push_named(
                fp,
                format!(
                    "{what} at ({}, {}) m is outside the field ({}–{} m across, {}–{} m up): move it in, or move the field (`field.origin_m`, `field.size_m`)",
                    num(q[0]),
                    num(q[1]),
                    num(g.origin[0]),
                    num(g.origin[0] + s.field.size_m[0]),
                    num(g.origin[1]),
                    num(g.origin[1] + s.field.size_m[1])
                ),
            ),
            Some(c) if f.c2[c] == 0.0 => {
                // Which wall: the one listed last whose cells hold it (or a region's edge).
                let wall = s.walls.iter().rev().filter(|w| w.placed).find(|w| {
                    super::grid::cells_near(
                        &super::grid::wall_line(w, &g),
                        super::grid::half_thickness(w, &g),
                        &g,
                    )
                    .contains(&c)
                });
                let which = wall.map_or(String::new(), |w| {
                    format!(
                        " (`{}`: its {}, `shift_m`)",
                        one_line(&w.id),
                        curve_fields(&w.curve)
                    )
                });
                p.push_named(
                    fp,
                    format!(
                        "{what} at ({}, {}) m is inside a wall{which}: move one or the other",
                        num(q[0]),
                        num(q[1])
                    ),
                )
            }
            Some(_) => {}
        }
    };
    for (i, src) in s.sources.iter().enumerate() {
        let kp = join(&format!("{}[{i}]", at("sources")), "shape");
        match &src.shape {
            SourceShape::Point { at_m } => spot(p, join(&kp, "at_m"), *at_m, "the source"),
            SourceShape::Line { from_m, to_m } | SourceShape::Row { from_m, to_m, .. } => {
                spot(p, join(&kp, "from_m"), *from_m, "the source's start");
                spot(p, join(&kp, "to_m"), *to_m, "the source's end");
            }
        }
    }
    if let Some(l) = &s.listener {
        spot(p, join(&at("listener"), "at_m"), l.at_m, "the listener");
    }
    for (i, pr) in s.probes.iter().enumerate() {
        let pp = join(&format!("{}[{i}]", at("probes")), "of");
        let mut inside = |field: &str, q: P2| {
            if !g.contains(q) {
                spot(p, join(&pp, field), q, "the probe's point");
            }
        };
        match &pr.of {
            Probe::Rms { at_m }
            | Probe::Frequency { at_m, .. }
            | Probe::Arrival { at_m, .. }
            | Probe::Echo { at_m, .. } => inside("at_m", *at_m),
            Probe::Gain {
                at_m, against_m, ..
            } => {
                inside("at_m", *at_m);
                inside("against_m", *against_m);
            }
            Probe::Speed { from_m, to_m, .. } => {
                inside("from_m", *from_m);
                inside("to_m", *to_m);
            }
            Probe::Along { curve, .. } => {
                if let Some(q) = curve.sample().iter().find(|q| !g.contains([q[0], q[1]])) {
                    let fields = curve_fields(curve);
                    p.push_named(
                        join(&pp, "curve"),
                        format!(
                            "the curve passes ({}, {}) m, outside the field: a line of probes lies in it (its {fields})",
                            num(q[0]),
                            num(q[1])
                        ),
                    );
                }
            }
            Probe::Energy => {}
        }
    }
}

/// Every tone at least [`MIN_CELLS_PER_WAVELENGTH`] cells to its wavelength at the slowest
/// speed, a clap no sharper than that, and the absorbing edge at least
/// [`EDGE_WAVELENGTHS`] of a tone's wavelengths deep where its waves can reach it (a
/// thinner one reflects over 1 % of the long waves).
fn tones(s: &WavesParams, laid: &WavesWorld, path: &str, p: &mut Problems) {
    let f = &s.field;
    let slowest = s
        .media
        .iter()
        .map(|m| m.speed_m_s)
        .fold(f.speed_m_s, f64::min);
    for (i, src) in s.sources.iter().enumerate() {
        let sp = format!("{}[{i}]", join(path, "sources"));
        match src.signal {
            Signal::Sine => {
                let cells = slowest / src.frequency_hz / f.cell_m;
                if cells < MIN_CELLS_PER_WAVELENGTH {
                    p.push_named(
                        join(&sp, "frequency_hz"),
                        format!(
                            "at {} Hz the wavelength is {:.1} cells of {} m: the grid needs at least {MIN_CELLS_PER_WAVELENGTH} (10 for the speed within 1 %); lower the frequency or make the cells smaller",
                            num(src.frequency_hz),
                            cells,
                            num(f.cell_m)
                        ),
                    );
                }
                let deep = f.sponge_cells as f64 * f.cell_m;
                let longest = f.speed_m_s / src.frequency_hz;
                if deep < EDGE_WAVELENGTHS * longest
                    && reaches_edge(&laid.field, &laid.source_cells(i))
                {
                    p.push_named(
                        join(&join(path, "field"), "sponge_cells"),
                        format!(
                            "`{}` at {} Hz (λ = {} m) reaches the absorbing edge, {} m deep: make it {EDGE_WAVELENGTHS} λ deep, {} cells, or it reflects over 1 %; walls closing it in need none (do they meet: `from_m`, `to_m`, `shift_m`; in the field: `field.origin_m`, `size_m`?)",
                            one_line(&src.id),
                            num(src.frequency_hz),
                            num(longest),
                            num(deep),
                            (EDGE_WAVELENGTHS * longest / f.cell_m).ceil()
                        ),
                    );
                }
            }
            Signal::Pulse { width_s } => {
                // A Ricker clap's spectrum (∝ ω²·e^(−ω²w²/2)) is down to 5 % of its peak at
                // ω = 3/w: that wavelength must span the cells a tone's would.
                let cells = slowest * std::f64::consts::TAU * width_s / 3.0 / f.cell_m;
                if cells < MIN_CELLS_PER_WAVELENGTH {
                    p.push_named(
                        join(&join(&sp, "signal"), "width_s"),
                        format!(
                            "a clap {} s wide is too sharp for cells of {} m: make it at least {} s wide",
                            num(width_s),
                            num(f.cell_m),
                            num(MIN_CELLS_PER_WAVELENGTH * 3.0 * f.cell_m / (std::f64::consts::TAU * slowest))
                        ),
                    );
                }
            }
        }
    }
}

fn control(s: &WavesParams, c: &WavesControl, dp: &str, p: &mut Problems) {
    match &c.does {
        ControlDoes::Parameter(n) => scene::check::numbers(
            n,
            s,
            dp,
            "`sources.ID.frequency_hz`, `walls.ID.shift_m.x`, `listener.at_m.y`",
            p,
        ),
        ControlDoes::Source { source } => {
            if !s.sources.iter().any(|x| x.id == *source) {
                p.unknown(join(dp, "source"), source, "source");
            }
        }
        ControlDoes::Place { walls } => {
            if walls.is_empty() {
                p.push_named(join(dp, "walls"), "name at least one wall it places");
            }
            for (k, wall) in walls.iter().enumerate() {
                if !s.walls.iter().any(|x| x.id == *wall) {
                    p.unknown(format!("{}[{k}]", join(dp, "walls")), wall, "wall");
                }
            }
        }
    }
}

fn probe(s: &WavesParams, of: &Probe, pp: &str, p: &mut Problems) {
    let g = Grid::of(&s.field);
    match of {
        Probe::Along { curve, nth, .. } => {
            shape::in_plane(curve, &join(pp, "curve"), KIND, p);
            curve::check(curve, &join(pp, "curve"), p);
            if *nth == 0 {
                p.push_named(
                    join(pp, "nth"),
                    "turns count from 1 (the first along the curve)",
                );
            }
            if let Curve::Arc {
                from_deg, to_deg, ..
            } = curve
                && from_deg == to_deg
            {
                p.push_named(join(pp, "curve"), "an arc needs two different angles");
            }
        }
        Probe::Frequency { from_hz, to_hz, .. } => {
            let nyquist = 0.5 / g.dt;
            p.range(&join(pp, "from_hz"), *from_hz, 0.0, nyquist, "Hz");
            p.range(&join(pp, "to_hz"), *to_hz, 0.0, nyquist, "Hz");
            if from_hz >= to_hz {
                p.push_named(join(pp, "to_hz"), "the band's top must be above its bottom");
            }
        }
        Probe::Speed { source, .. } => match s.sources.iter().find(|x| x.id == *source) {
            None => p.unknown(join(pp, "source"), source, "source"),
            Some(x) if x.signal != Signal::Sine => p.push_named(
                join(pp, "source"),
                format!(
                    "`{}` sends a clap: a speed is read from a tone's phase (a `Sine` source)",
                    one_line(source)
                ),
            ),
            Some(_) => {}
        },
        Probe::Arrival { above, .. } => p.range(&join(pp, "above"), *above, 1e-12, 1e9, ""),
        Probe::Echo { after_s, .. } => p.range(&join(pp, "after_s"), *after_s, 1e-9, 120.0, "s"),
        Probe::Rms { .. } | Probe::Gain { .. } | Probe::Energy => {}
    }
}
