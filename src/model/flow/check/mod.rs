//! What makes a flow scene valid: a lattice that can carry it (its speed, its viscosity: the
//! Reynolds number per cell; its size within the tick's budget), bodies fine enough on it and
//! heavy enough for the coupling, everything inside the field and nothing inside a wall,
//! every id once and every reference resolved, and each dial keeping it so at both ends.
//! Each problem carries its field path, which the descriptor layer turns into `file:line:col`.

mod placed;

use super::layout::Grid;
use super::spec::*;
use super::{MAX_CELLS, MAX_LATTICE_SPEED, MAX_UPDATES_PER_TICK};
use crate::kind_spec::KindSpec;
use crate::model::scene::curve::{self, REACH_M};
use crate::model::scene::{self, shape};
use crate::problems::{Problems, join, num, one_line};
use placed::{body, field_named, placed};
use std::collections::BTreeSet;

/// How the messages name the scene.
const KIND: &str = "a flow scene";
/// The most a cell's Reynolds number (lattice speed over lattice viscosity) may be: with the
/// regularised collision and a Smagorinsky eddy viscosity (C ≥ 0.1) a jet stays bounded up to
/// about 30 (the airflow exhibit's 0.1/0.0033); without, a laminar benchmark's 10.
pub const MAX_CELL_REYNOLDS: f64 = 40.0;
pub const MAX_CELL_REYNOLDS_LAMINAR: f64 = 10.0;
/// A body this many times the air's density, at least: lighter ones make the explicit
/// coupling of body and air unstable (the added mass outweighs the body).
pub const MIN_DENSITY_RATIO: f64 = 1.5;

pub fn check(s: &FlowParams, path: &str, p: &mut Problems) {
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
                    "a second element named `{}`: walls, obstacles, nozzles and bodies each need their own id",
                    one_line(x)
                ),
            );
        }
    };
    let g = Grid::of(&s.field);
    for (i, w) in s.walls.iter().enumerate() {
        let wp = format!("{}[{i}]", at("walls"));
        id(p, join(&wp, "id"), &w.id);
        shape::in_plane(&w.curve, &join(&wp, "curve"), KIND, p);
        curve::check(&w.curve, &join(&wp, "curve"), p);
        p.range_each(&join(&wp, "shift_m"), w.shift_m, -REACH_M, REACH_M, "m");
        if grid_ok && w.thickness_m < 2.0 * g.dx * (1.0 - 1e-9) {
            p.push_named(
                join(&wp, "thickness_m"),
                format!(
                    "{} m is under two cells of {} m: air would slip through where the wall runs slantwise; make it at least {} m",
                    num(w.thickness_m),
                    num(g.dx),
                    num(2.0 * g.dx)
                ),
            );
        }
    }
    for (i, o) in s.obstacles.iter().enumerate() {
        let op = format!("{}[{i}]", at("obstacles"));
        id(p, join(&op, "id"), &o.id);
        p.range_each(&join(&op, "shift_m"), o.shift_m, -REACH_M, REACH_M, "m");
        match &o.shape {
            Solid::Disc { at_m, radius_m } => {
                p.range_each(&join(&op, "shape.at_m"), *at_m, -REACH_M, REACH_M, "m");
                p.range(&join(&op, "shape.radius_m"), *radius_m, 1e-4, REACH_M, "m");
            }
            Solid::Outline(outline) => {
                shape::check_outline(outline, &join(&op, "shape"), "an obstacle", KIND, p);
            }
        }
    }
    for (i, n) in s.nozzles.iter().enumerate() {
        let np = format!("{}[{i}]", at("nozzles"));
        id(p, join(&np, "id"), &n.id);
        p.range_each(&join(&np, "at_m"), n.at_m, -REACH_M, REACH_M, "m");
        p.range(&join(&np, "angle_deg"), n.angle_deg, -360.0, 360.0, "°");
        p.range(&join(&np, "rise_s"), n.rise_s, 0.0, 10.0, "s");
        p.range(&join(&np, "wobble_deg"), n.wobble_deg, 0.0, 45.0, "°");
        speed_at_most(s, n.speed_m_s, &join(&np, "speed_m_s"), p);
        if grid_ok && n.width_m < 3.0 * g.dx * (1.0 - 1e-9) {
            p.push_named(
                join(&np, "width_m"),
                format!(
                    "a mouth {} m wide is under three cells of {} m: the jet would not be a jet; make it at least {} m",
                    num(n.width_m),
                    num(g.dx),
                    num(3.0 * g.dx)
                ),
            );
        }
    }
    for (i, b) in s.bodies.iter().enumerate() {
        let bp = format!("{}[{i}]", at("bodies"));
        id(p, join(&bp, "id"), &b.id);
        body(s, b, &g, grid_ok, &bp, p);
    }
    if let Edge::Wind { speed_m_s, .. } = &s.field.left {
        speed_at_most(s, *speed_m_s, &join(&at("field"), "left.speed_m_s"), p);
        if s.field.right == Side::Wall {
            p.push_named(
                join(&at("field"), "right"),
                "a wind blows in from the left and must leave on the right: make the right edge `Open`",
            );
        }
    }
    if grid_ok && p.items.len() == before {
        placed(s, &g, path, p);
    }
    scene::check::controls(
        &s.controls,
        |c| &c.name,
        &at("controls"),
        p,
        |c, dp, p| control(s, c, dp, p),
    );
    let columns = scene::check::probes(&s.probes, &at("probes"), p, |of, pp, p| {
        probe(s, &g, of, pp, p)
    });
    scene::check::expect_rows(&s.expect, &s.verify, &columns, &s.controls(), path, p);
    if p.items.len() > before {
        return;
    }
    let dials = scene::dials(&s.controls);
    scene::check::dials_keep_valid(s, dials, &at("controls"), p, |mut moved, q| {
        moved.controls.clear();
        moved.probes.clear();
        moved.expect.clear();
        moved.verify = VerifyRun::default();
        check(&moved, path, q);
    });
}

/// A drive's speed: above zero and no faster than the lattice is set up for.
fn speed_at_most(s: &FlowParams, v: f64, path: &str, p: &mut Problems) {
    let top = s.field.max_speed_m_s;
    if !(v.is_finite() && v > 0.0 && v <= top * (1.0 + 1e-9)) {
        p.push_named(
            path,
            format!(
                "{} m/s: a drive blows above 0 and at most `field.max_speed_m_s`, {} m/s (raise that to blow faster: the lattice's step shortens with it)",
                num(v),
                num(top)
            ),
        );
    }
}

/// The lattice and its clock; true if a grid can be laid from them.
fn field(s: &FlowParams, fp: &str, p: &mut Problems) -> bool {
    let f = &s.field;
    let before = p.items.len();
    p.range_each(&join(fp, "origin_m"), f.origin_m, -REACH_M, REACH_M, "m");
    p.range_each(&join(fp, "size_m"), f.size_m, 1e-3, 2.0 * REACH_M, "m");
    p.range(&join(fp, "cell_m"), f.cell_m, 1e-6, 1.0, "m");
    p.range(
        &join(fp, "max_speed_m_s"),
        f.max_speed_m_s,
        1e-6,
        1e3,
        "m/s",
    );
    p.range(
        &join(fp, "lattice_speed"),
        f.lattice_speed,
        1e-3,
        MAX_LATTICE_SPEED,
        "",
    );
    p.range(
        &join(fp, "viscosity_m2_s"),
        f.viscosity_m2_s,
        1e-9,
        10.0,
        "m²/s",
    );
    p.range(&join(fp, "smagorinsky"), f.smagorinsky, 0.0, 0.5, "");
    p.range(
        &join(fp, "density_kg_m3"),
        f.density_kg_m3,
        1e-3,
        2e4,
        "kg/m³",
    );
    p.range_int(&join(fp, "steps_per_tick"), f.steps_per_tick as i64, 1, 400);
    p.range_each(
        &join(fp, "gravity_m_s2"),
        f.gravity_m_s2,
        -100.0,
        100.0,
        "m/s²",
    );
    p.range_int(&join(fp, "sponge_cells"), f.sponge_cells as i64, 0, 200);
    p.range(&join(fp, "smoke_fade_s"), f.smoke_fade_s, 0.1, 600.0, "s");
    p.range(&join(fp, "average_s"), f.average_s, 0.0, 600.0, "s");
    if p.items.len() > before {
        return false;
    }
    let g = Grid::of(f);
    if !scene::check::cells_each_way(p, fp, [g.nx, g.ny], f.cell_m, 2048) {
        return false;
    }
    let cells = g.nx * g.ny;
    if cells > MAX_CELLS {
        p.push_named(
            join(fp, "cell_m"),
            format!("the lattice has {cells} cells: at most {MAX_CELLS} (larger cells or a smaller field)"),
        );
        return false;
    }
    if cells * f.steps_per_tick > MAX_UPDATES_PER_TICK {
        p.push_named(
            join(fp, "steps_per_tick"),
            format!(
                "{cells} cells × {} steps is {} cell updates a tick: at most {MAX_UPDATES_PER_TICK} (fewer steps, larger cells or a smaller field)",
                f.steps_per_tick,
                cells * f.steps_per_tick
            ),
        );
    }
    // The lattice's viscosity and the Reynolds number of one cell at the top speed.
    let nu = (g.tau(f) - 0.5) / 3.0;
    let cell_re = f.lattice_speed / nu;
    let limit = if f.smagorinsky >= 0.1 {
        MAX_CELL_REYNOLDS
    } else {
        MAX_CELL_REYNOLDS_LAMINAR
    };
    if cell_re > limit * (1.0 + 1e-9) {
        let least = f.lattice_speed / limit * f.cell_m * f.cell_m / (3.0 * g.dt) * 3.0;
        p.push_named(
            join(fp, "viscosity_m2_s"),
            format!(
                "a Reynolds number the lattice cannot carry: {:.1} per cell at {} m/s (at most {limit} with `smagorinsky` {}): make the air at least {} m²/s, or the cells smaller, or `max_speed_m_s` lower",
                cell_re,
                num(f.max_speed_m_s),
                if f.smagorinsky >= 0.1 { "≥ 0.1" } else { "under 0.1" },
                num(least)
            ),
        );
    }
    if g.tau(f) > 3.0 {
        p.push_named(
            join(fp, "viscosity_m2_s"),
            format!(
                "the lattice's relaxation time is {:.2}: over 3 its walls slip and its forces drift; make the air thinner, the cells larger or `lattice_speed` higher",
                g.tau(f)
            ),
        );
    }
    true
}

fn control(s: &FlowParams, c: &FlowControl, dp: &str, p: &mut Problems) {
    let solid_ids = |p: &mut Problems, field: String, ids: &[String]| {
        if ids.is_empty() {
            p.push_named(field.clone(), "name at least one wall or obstacle");
        }
        for (k, x) in ids.iter().enumerate() {
            let known =
                s.walls.iter().any(|w| w.id == *x) || s.obstacles.iter().any(|o| o.id == *x);
            if !known {
                p.unknown(format!("{field}[{k}]"), x, "wall or obstacle");
            }
        }
    };
    match &c.does {
        ControlDoes::Parameter(n) => scene::check::numbers(
            n,
            s,
            dp,
            "`nozzles.ID.angle_deg`, `bodies.ID.angle_deg`, `field.wind_m_s`",
            p,
        ),
        ControlDoes::Nozzle { nozzle } => {
            if !s.nozzles.iter().any(|n| n.id == *nozzle) {
                p.unknown(join(dp, "nozzle"), nozzle, "nozzle");
            }
        }
        ControlDoes::Place { solids } => solid_ids(p, join(dp, "solids"), solids),
        ControlDoes::Pick { options } => {
            if options.len() < 2 {
                p.push_named(join(dp, "options"), "a pick offers at least two options");
            }
            let mut names = BTreeSet::new();
            for (k, (name, ids)) in options.iter().enumerate() {
                let op = format!("{}[{k}]", join(dp, "options"));
                scene::check::name(p, &format!("{op}.0"), name);
                if !names.insert(name) {
                    p.push_named(
                        format!("{op}.0"),
                        format!("a second option named `{}`", one_line(name)),
                    );
                }
                if !ids.is_empty() {
                    solid_ids(p, format!("{op}.1"), ids);
                }
            }
        }
    }
}

fn probe(s: &FlowParams, g: &Grid, of: &Probe, pp: &str, p: &mut Problems) {
    let inside = |p: &mut Problems, field: &str, q: P2| {
        if !g.contains(q) {
            p.push_named(
                join(pp, field),
                format!(
                    "({}, {}) m is outside {}: a probe reads the air in it",
                    num(q[0]),
                    num(q[1]),
                    field_named(g)
                ),
            );
        }
    };
    let body = |p: &mut Problems, field: &str, id: &str| {
        if !s.bodies.iter().any(|b| b.id == id) {
            p.unknown(join(pp, field), id, "body");
        }
    };
    match of {
        Probe::Speed { at_m } | Probe::Velocity { at_m, .. } => inside(p, "at_m", *at_m),
        Probe::Pressure { at_m, against_m } => {
            inside(p, "at_m", *at_m);
            if let Some(q) = against_m {
                inside(p, "against_m", *q);
            }
        }
        Probe::Bernoulli { at_m, against_m } => {
            inside(p, "at_m", *at_m);
            inside(p, "against_m", *against_m);
        }
        Probe::Force { body: b, .. } | Probe::Position { body: b, .. } => body(p, "body", b),
        Probe::Angle { body: b } | Probe::BodySpeed { body: b } => body(p, "body", b),
        Probe::Coefficient {
            body: b,
            speed_m_s,
            length_m,
            ..
        } => {
            body(p, "body", b);
            p.range(&join(pp, "speed_m_s"), *speed_m_s, 1e-9, 1e4, "m/s");
            p.range(&join(pp, "length_m"), *length_m, 1e-9, 1e4, "m");
        }
        Probe::Distance { a, b } => {
            body(p, "a", a);
            body(p, "b", b);
        }
        Probe::FlowRate { from_m, to_m } => {
            inside(p, "from_m", *from_m);
            inside(p, "to_m", *to_m);
            if (to_m[0] - from_m[0]).hypot(to_m[1] - from_m[1]) < 1e-9 {
                p.push_named(join(pp, "to_m"), "a line needs two different ends");
            }
        }
        Probe::Reynolds { length_m } => p.range(&join(pp, "length_m"), *length_m, 1e-9, 1e4, "m"),
        Probe::Slowdown => {}
    }
}
