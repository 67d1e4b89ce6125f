//! What makes an optics scene valid: every id once and every reference resolved, every curve
//! in the plane and not crossing itself, every number physical, every glass's material with
//! an index, the scene within its budget, and each dial keeping it so at both ends. Each
//! problem carries its field path, which the descriptor layer turns into `file:line:col`.

use super::materials;
use super::spec::*;
use super::trace::{outline_pieces, source_rays};
use super::{MAX_ELEMENTS, MAX_RAYS};
use crate::kind_spec::{ControlValue, KindSpec};
use crate::model::scene::curve::{self, Curve, REACH_M};
use crate::model::scene::{self, NumberPaths};
use crate::problems::{Problems, join, num, one_line};
use std::collections::BTreeSet;

pub fn check(s: &OpticsParams, path: &str, p: &mut Problems) {
    let before = p.items.len();
    let at = |rest: &str| join(path, rest);
    let mut ids = BTreeSet::new();
    let mut id = |p: &mut Problems, path: String, x: &str| {
        scene::check::name(p, &path, x);
        if !ids.insert(x.to_string()) {
            p.push_named(
                path,
                format!(
                    "a second element named `{}`: sources, surfaces and glass each need their own id",
                    one_line(x)
                ),
            );
        }
    };
    for (i, m) in s.materials.iter().enumerate() {
        let mp = format!("{}[{i}]", at("materials"));
        scene::check::name(p, &join(&mp, "id"), &m.id);
        index(&m.index, &join(&mp, "index"), p);
        if m.source.trim().is_empty() {
            p.push_named(join(&mp, "source"), "name where the index comes from");
        }
    }
    let mut rays = 0;
    for (i, src) in s.sources.iter().enumerate() {
        let sp = format!("{}[{i}]", at("sources"));
        id(p, join(&sp, "id"), &src.id);
        source(src, &sp, p);
        rays += source_rays(&src.kind).len() * src.wavelengths_nm.len();
    }
    if rays > MAX_RAYS {
        p.push_named(
            at("sources"),
            format!("the sources send {rays} rays: at most {MAX_RAYS} in all (fewer `rays`)"),
        );
    }
    for (i, sf) in s.surfaces.iter().enumerate() {
        let sp = format!("{}[{i}]", at("surfaces"));
        id(p, join(&sp, "id"), &sf.id);
        surface(sf, &sp, p);
    }
    let builtin = materials::builtin();
    for (i, g) in s.glass.iter().enumerate() {
        let gp = format!("{}[{i}]", at("glass"));
        id(p, join(&gp, "id"), &g.id);
        if materials::find(&s.materials, &builtin, &g.material).is_none() {
            let known: Vec<String> = s
                .materials
                .iter()
                .chain(&builtin)
                .map(|m| format!("`{}`", m.id))
                .collect();
            p.push_named(
                join(&gp, "material"),
                format!(
                    "`{}` is not a material: use one of {}, or add it to `materials` with its index",
                    one_line(&g.material),
                    known.join(", ")
                ),
            );
        }
        outline(&g.outline, &join(&gp, "outline"), p);
        if let Some(r) = g.reflectance {
            p.range(&join(&gp, "reflectance"), r, 0.0, 1.0, "");
        }
        p.range(&join(&gp, "turn_deg"), g.turn_deg, -720.0, 720.0, "°");
        p.range_each(&join(&gp, "shift_m"), g.shift_m, -REACH_M, REACH_M, "m");
    }
    overlapping_glass(s, &at("glass"), p);
    if s.surfaces.len() + s.glass.len() > MAX_ELEMENTS {
        p.push_named(
            at("surfaces"),
            format!(
                "{} surfaces and pieces of glass: at most {MAX_ELEMENTS}",
                s.surfaces.len() + s.glass.len()
            ),
        );
    }
    p.range_int(&at("limits.bounces"), s.limits.bounces as i64, 1, 1000);
    p.range(&at("limits.floor"), s.limits.floor, 1e-9, 0.5, "");
    p.range_int(
        &at("limits.segments"),
        s.limits.segments as i64,
        1,
        1_000_000,
    );
    controls(s, &at("controls"), p);
    let columns =
        scene::check::probes(&s.probes, &at("probes"), p, |of, pp, p| probe(s, of, pp, p));
    scene::check::expect_rows(&s.expect, &s.verify, &columns, &s.controls(), path, p);
    // Each dial keeps the scene valid at both ends (checked on a scene valid as written).
    if p.items.len() > before {
        return;
    }
    for (i, c) in s.controls.iter().enumerate() {
        let ControlDoes::Parameter(n) = &c.does else {
            continue;
        };
        for x in [n.min, n.max] {
            let mut moved = s.clone();
            let values = [(c.name.clone(), ControlValue::Number(x))].into();
            scene::write_numbers(&mut moved, s, [(c.name.as_str(), n)], &values);
            moved.controls.clear();
            moved.probes.clear();
            moved.expect.clear();
            moved.verify = VerifyRun::default();
            let mut q = Problems::default();
            check(&moved, path, &mut q);
            if let Some(first) = q.items.first() {
                p.push_named(
                    format!("{}[{i}].does", at("controls")),
                    format!("at {} the scene is not valid: {}", num(x), first.message),
                );
            }
        }
    }
}

fn index(ix: &Index, ip: &str, p: &mut Problems) {
    match ix {
        Index::Fixed(n) => p.range(ip, *n, 1.0, 4.0, ""),
        Index::Cauchy { .. } | Index::Sellmeier { .. } => {
            if let Index::Sellmeier { b, c_um2 } = ix
                && (b.is_empty() || b.len() != c_um2.len() || b.len() > 6)
            {
                p.push_named(
                    ip,
                    "Sellmeier's formula needs as many `b` as `c_um2`, 1 to 6 of each",
                );
                return;
            }
            // Between the violet and the red a child sees, an index of glass or water.
            for nm in [380.0, 550.0, 780.0] {
                match ix.at(nm) {
                    Some(n) if (1.0..=4.0).contains(&n) => {}
                    other => {
                        p.push_named(
                            ip,
                            format!(
                                "gives {} at {nm} nm: an index is between 1 and 4 across 380–780 nm; check the coefficients and their units (µm)",
                                other.map_or("no index".to_string(), num)
                            ),
                        );
                        return;
                    }
                }
            }
        }
    }
}

fn source(src: &SourceSpec, sp: &str, p: &mut Problems) {
    let kp = join(sp, "kind");
    let rays = |p: &mut Problems, n: usize| p.range_int(&join(&kp, "rays"), n as i64, 1, 2000);
    let angle = |p: &mut Problems, a: f64| p.range(&join(&kp, "angle_deg"), a, -720.0, 720.0, "°");
    let spot = |p: &mut Problems, field: &str, v: P2| {
        p.range_each(&join(&kp, field), v, -REACH_M, REACH_M, "m")
    };
    match &src.kind {
        SourceKind::Laser { at_m, angle_deg } => {
            spot(p, "at_m", *at_m);
            angle(p, *angle_deg);
        }
        SourceKind::Beam {
            at_m,
            angle_deg,
            width_m,
            rays: n,
        } => {
            spot(p, "at_m", *at_m);
            angle(p, *angle_deg);
            p.range(&join(&kp, "width_m"), *width_m, 0.0, 10.0, "m");
            rays(p, *n);
        }
        SourceKind::Fan {
            at_m,
            angle_deg,
            spread_deg,
            rays: n,
        } => {
            spot(p, "at_m", *at_m);
            angle(p, *angle_deg);
            p.range(&join(&kp, "spread_deg"), *spread_deg, 0.0, 360.0, "°");
            rays(p, *n);
        }
        SourceKind::Object {
            points,
            angle_deg,
            spread_deg,
            rays: n,
            shift_m,
            ..
        } => {
            if points.is_empty() || points.len() > 32 {
                p.push_named(
                    join(&kp, "points"),
                    format!(
                        "{} points: an object is drawn through 1 to 32",
                        points.len()
                    ),
                );
            }
            for (i, q) in points.iter().enumerate() {
                p.range_each(
                    &format!("{}[{i}]", join(&kp, "points")),
                    *q,
                    -REACH_M,
                    REACH_M,
                    "m",
                );
            }
            spot(p, "shift_m", *shift_m);
            angle(p, *angle_deg);
            p.range(&join(&kp, "spread_deg"), *spread_deg, 0.0, 360.0, "°");
            if *n < 2 {
                p.push_named(
                    join(&kp, "rays"),
                    "an object's point needs at least 2 rays for its image to be found",
                );
            }
            rays(p, *n);
        }
    }
    let wp = join(sp, "wavelengths_nm");
    if src.wavelengths_nm.is_empty() || src.wavelengths_nm.len() > 16 {
        p.push_named(
            &wp,
            format!("{} wavelengths: give 1 to 16", src.wavelengths_nm.len()),
        );
    }
    p.range_each(&wp, src.wavelengths_nm.iter().copied(), 380.0, 780.0, "nm");
}

fn surface(sf: &SurfaceSpec, sp: &str, p: &mut Problems) {
    let cp = join(sp, "curve");
    in_plane(&sf.curve, &cp, p);
    if curve::check(&sf.curve, &cp, p) {
        curve::check_path(&sf.curve, &cp, 1e-4, "surface", p);
    }
    match &sf.does {
        Does::PartMirror { reflectance } => {
            p.range(&join(sp, "does.reflectance"), *reflectance, 0.0, 1.0, "")
        }
        Does::ThinLens { focal_m } => {
            if !matches!(sf.curve, Curve::Line { .. }) {
                p.push_named(
                    &cp,
                    "a thin lens lies on a straight `Line`: give its curve as one",
                );
            }
            if !focal_m.is_finite() || focal_m.abs() < 0.001 || focal_m.abs() > 100.0 {
                p.push_named(
                    join(sp, "does.focal_m"),
                    format!(
                        "{} m: a lens's focal length is 1 mm to 100 m, either sign (negative spreads the light); 0 is no lens",
                        num(*focal_m)
                    ),
                );
            }
        }
        Does::Mirror | Does::Absorber | Does::Screen => {}
    }
    p.range(&join(sp, "turn_deg"), sf.turn_deg, -720.0, 720.0, "°");
    if let Some(q) = sf.pivot_m {
        p.range_each(&join(sp, "pivot_m"), q, -REACH_M, REACH_M, "m");
    }
    p.range_each(&join(sp, "shift_m"), sf.shift_m, -REACH_M, REACH_M, "m");
}

/// Optics is drawn in the plane z = 0: a curve's z must be 0 (not silently flattened).
fn in_plane(c: &Curve, cp: &str, p: &mut Problems) {
    let zs: Vec<f64> = match c {
        Curve::Line { from_m, to_m } | Curve::Cycloid { from_m, to_m } => vec![from_m[2], to_m[2]],
        Curve::Arc { center_m, .. } | Curve::Ellipse { center_m, .. } => vec![center_m[2]],
        Curve::Parabola { vertex_m, .. } => vec![vertex_m[2]],
        Curve::Points(ps) => ps.iter().map(|q| q[2]).collect(),
    };
    if zs.iter().any(|z| *z != 0.0) {
        p.push_named(
            cp,
            "an optics scene lies in the plane z = 0: give every point's z as 0",
        );
    }
}

fn outline(o: &Outline, op: &str, p: &mut Problems) {
    let before = p.items.len();
    match o {
        Outline::Polygon(c) => {
            if c.len() < 3 || c.len() > 64 {
                p.push_named(
                    op,
                    format!("{} corners: a piece of glass has 3 to 64", c.len()),
                );
            }
            for (i, q) in c.iter().enumerate() {
                for (k, x) in q.iter().enumerate() {
                    if x.is_nan() || x.abs() > REACH_M {
                        p.push_named(
                            format!("{op}[{i}][{k}]"),
                            format!(
                                "the `Polygon`'s corner is at {} m: corners are within {REACH_M} m of the origin",
                                num(*x)
                            ),
                        );
                    }
                }
            }
        }
        Outline::Curves(cs) => {
            if cs.is_empty() || cs.len() > 16 {
                p.push_named(op, format!("{} curves: an outline has 1 to 16", cs.len()));
            }
            for (i, c) in cs.iter().enumerate() {
                let cp = format!("{op}[{i}]");
                in_plane(c, &cp, p);
                curve::check(c, &cp, p);
            }
            if p.items.len() == before {
                for (i, c) in cs.iter().enumerate() {
                    let next = &cs[(i + 1) % cs.len()];
                    let (e, s) = (c.end(), next.start());
                    if (e[0] - s[0]).hypot(e[1] - s[1]) > 1e-6 {
                        p.push_named(
                            format!("{op}[{i}]"),
                            format!(
                                "ends at ({}, {}) but the next curve starts at ({}, {}): an outline is closed, each curve starting where the one before ends",
                                num(e[0]), num(e[1]), num(s[0]), num(s[1])
                            ),
                        );
                        break;
                    }
                }
            }
        }
    }
    if p.items.len() > before {
        return;
    }
    // Not crossing itself: its sampled ring, each stretch against those not beside it.
    let ring: Vec<P2> = outline_pieces(o)
        .iter()
        .flat_map(|pc| {
            let mut v = pc.points(24);
            v.pop();
            v
        })
        .collect();
    if let Some((a, b)) = ring_crossing(&ring) {
        let q = |k: P2| k.map(|x| (x * 1000.0).round() / 1000.0);
        p.push_named(
            op,
            format!(
                "the outline crosses itself (near {:?} and {:?} m): a piece of glass's edge goes round it once",
                q(a),
                q(b)
            ),
        );
    }
}

/// A piece of glass's outline as a closed ring of points.
fn ring_of(g: &GlassSpec) -> Vec<P2> {
    let centre = super::trace::glass_centre(&g.outline);
    outline_pieces(&g.outline)
        .iter()
        .flat_map(|pc| {
            let mut v = pc.moved(g.turn_deg, centre, g.shift_m).points(24);
            v.pop();
            v
        })
        .collect()
}

/// Pieces of glass may not overlap: the light would not know which it is in.
fn overlapping_glass(s: &OpticsParams, gp: &str, p: &mut Problems) {
    use super::geometry::{cross, inside, sub};
    let rings: Vec<Vec<P2>> = s.glass.iter().map(ring_of).collect();
    let side = |a: P2, b: P2, c: P2| cross(sub(b, a), sub(c, a));
    for i in 0..rings.len() {
        for j in i + 1..rings.len() {
            let (r1, r2) = (&rings[i], &rings[j]);
            if r1.len() < 3 || r2.len() < 3 {
                continue;
            }
            let crossing = (0..r1.len()).any(|a| {
                let (p0, p1) = (r1[a], r1[(a + 1) % r1.len()]);
                (0..r2.len()).any(|b| {
                    let (q0, q1) = (r2[b], r2[(b + 1) % r2.len()]);
                    side(p0, p1, q0) * side(p0, p1, q1) <= 0.0
                        && side(q0, q1, p0) * side(q0, q1, p1) <= 0.0
                })
            });
            if crossing || inside(r1[0], r2) || inside(r2[0], r1) {
                p.push_named(
                    format!("{gp}[{j}]"),
                    format!(
                        "`{}` overlaps `{}`: pieces of glass may touch nowhere; move one",
                        one_line(&s.glass[j].id),
                        one_line(&s.glass[i].id)
                    ),
                );
            }
        }
    }
}

/// Two stretches of the closed ring that are not neighbours and cross or touch: their starts.
fn ring_crossing(ring: &[P2]) -> Option<(P2, P2)> {
    use super::geometry::{cross, sub};
    let n = ring.len();
    let seg = |i: usize| (ring[i], ring[(i + 1) % n]);
    let side = |a: P2, b: P2, c: P2| cross(sub(b, a), sub(c, a));
    for i in 0..n {
        for j in i + 2..n {
            if i == 0 && j == n - 1 {
                continue;
            }
            let ((a, b), (c, d)) = (seg(i), seg(j));
            let (d1, d2) = (side(a, b, c), side(a, b, d));
            let (d3, d4) = (side(c, d, a), side(c, d, b));
            if d1 * d2 <= 0.0 && d3 * d4 <= 0.0 {
                return Some((a, c));
            }
        }
    }
    None
}

fn controls(s: &OpticsParams, path: &str, p: &mut Problems) {
    scene::check::controls(
        &s.controls,
        |c| &c.name,
        path,
        p,
        |c, dp, p| control(s, c, dp, p),
    );
}

fn control(s: &OpticsParams, c: &OpticsControl, dp: &str, p: &mut Problems) {
    match &c.does {
        ControlDoes::Parameter(n) => {
            if n.paths.is_empty() {
                p.push_named(join(dp, "paths"), "name at least one number it sets");
            }
            let mut scratch = s.clone();
            for (k, path) in n.paths.iter().enumerate() {
                if scratch.number_at(path).is_none() {
                    p.push_named(
                            format!("{}[{k}]", join(dp, "paths")),
                            format!(
                                "`{}` is no number of this scene: write `sources.ID.angle_deg`, `surfaces.ID.turn_deg`, `glass.ID.shift_m.x`, … (the reference lists them)",
                                one_line(path)
                            ),
                        );
                }
            }
            if !(n.min.is_finite() && n.max.is_finite() && n.min < n.max) {
                p.push_named(join(dp, "max"), "`min` must be below `max`");
            } else if !(n.min..=n.max).contains(&n.default) {
                p.push_named(
                    join(dp, "default"),
                    format!(
                        "{} is outside {}–{}",
                        num(n.default),
                        num(n.min),
                        num(n.max)
                    ),
                );
            }
        }
        ControlDoes::Source { source } => {
            if !s.sources.iter().any(|x| x.id == *source) {
                p.push_named(
                    join(dp, "source"),
                    format!("`{}` is not a source of this scene", one_line(source)),
                );
            }
        }
        ControlDoes::Place { surface } => {
            if !s.surfaces.iter().any(|x| x.id == *surface) {
                p.push_named(
                    join(dp, "surface"),
                    format!("`{}` is not a surface of this scene", one_line(surface)),
                );
            }
        }
    }
}

fn probe(s: &OpticsParams, of: &Probe, pp: &str, p: &mut Problems) {
    let object = |p: &mut Problems, id: &str, points: &[(&str, usize)]| match s
        .sources
        .iter()
        .find(|x| x.id == id)
        .map(|x| &x.kind)
    {
        Some(SourceKind::Object { points: pts, .. }) => {
            for (field, k) in points {
                if *k >= pts.len() {
                    p.push_named(
                        join(pp, field),
                        format!(
                            "the object `{}` has points 0 to {}",
                            one_line(id),
                            pts.len().saturating_sub(1)
                        ),
                    );
                }
            }
        }
        Some(_) => p.push_named(
            join(pp, "object"),
            format!(
                "`{}` is not an `Object`: images are of an object's points",
                one_line(id)
            ),
        ),
        None => p.push_named(
            join(pp, "object"),
            format!("`{}` is not a source of this scene", one_line(id)),
        ),
    };
    let screen = |p: &mut Problems, id: &str| {
        if !s
            .surfaces
            .iter()
            .any(|x| x.id == id && x.does == Does::Screen)
        {
            p.push_named(
                join(pp, "screen"),
                format!("`{}` is not a `Screen` of this scene", one_line(id)),
            );
        }
    };
    match of {
        Probe::Image {
            object: o, point, ..
        }
        | Probe::ImageKind {
            object: o, point, ..
        }
        | Probe::ImagePower {
            object: o, point, ..
        } => object(p, o, &[("point", *point)]),
        Probe::Images {
            object: o,
            point,
            above,
        } => {
            object(p, o, &[("point", *point)]);
            p.range(&join(pp, "above"), *above, 0.0, 1.0, "");
        }
        Probe::Magnification {
            object: o,
            from,
            to,
            ..
        } => {
            object(p, o, &[("from", *from), ("to", *to)]);
            if from == to {
                p.push_named(join(pp, "to"), "a size is between two different points");
            }
        }
        Probe::Spot { screen: x, .. }
        | Probe::SpotWidth { screen: x }
        | Probe::Power { screen: x } => screen(p, x),
        Probe::RayAngle {
            source,
            ray,
            at,
            hit,
        } => {
            match s.sources.iter().find(|x| x.id == *source) {
                None => p.push_named(
                    join(pp, "source"),
                    format!("`{}` is not a source of this scene", one_line(source)),
                ),
                Some(x) => {
                    let n = source_rays(&x.kind).len();
                    if *ray >= n {
                        p.push_named(
                            join(pp, "ray"),
                            format!(
                                "`{}` sends rays 0 to {}",
                                one_line(source),
                                n.saturating_sub(1)
                            ),
                        );
                    }
                }
            }
            if !s.surfaces.iter().any(|x| x.id == *at) && !s.glass.iter().any(|x| x.id == *at) {
                p.push_named(
                    join(pp, "at"),
                    format!("`{}` is not a surface or glass of this scene", one_line(at)),
                );
            }
            if *hit == 0 {
                p.push_named(join(pp, "hit"), "hits count from 1 (the first meeting)");
            }
        }
        Probe::Lost => {}
    }
}
