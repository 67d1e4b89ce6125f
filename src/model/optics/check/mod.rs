//! What makes an optics scene valid: every id once and every reference resolved, every curve
//! in the plane and not crossing itself, every number physical, every glass's material with
//! an index, the scene within its budget, and each dial keeping it so at both ends. Each
//! problem carries its field path, which the descriptor layer turns into `file:line:col`.

mod glass;

use super::materials;
use super::spec::*;
use super::trace::source_rays;
use super::{MAX_ELEMENTS, MAX_RAYS};
use crate::kind_spec::KindSpec;
use crate::model::scene;
use crate::model::scene::curve::{self, Curve, REACH_M};
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
        glass::index(&m.index, &join(&mp, "index"), p);
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
        glass::piece(s, g, &builtin, &gp, p);
    }
    glass::overlapping(s, &at("glass"), p);
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
    let dials = scene::dials(&s.controls);
    scene::check::dials_keep_valid(s, dials, &at("controls"), p, |mut moved, q| {
        moved.controls.clear();
        moved.probes.clear();
        moved.expect.clear();
        moved.verify = VerifyRun::default();
        check(&moved, path, q);
    });
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

/// How the messages name the scene.
const KIND: &str = "an optics scene";

fn in_plane(c: &Curve, cp: &str, p: &mut Problems) {
    scene::shape::in_plane(c, cp, KIND, p);
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
        ControlDoes::Parameter(n) => scene::check::numbers(
            n,
            s,
            dp,
            "`sources.ID.angle_deg`, `surfaces.ID.turn_deg`, `glass.ID.shift_m.x`",
            p,
        ),
        ControlDoes::Source { source } => {
            if !s.sources.iter().any(|x| x.id == *source) {
                p.unknown(join(dp, "source"), source, "source");
            }
        }
        ControlDoes::Place { surface } => {
            if !s.surfaces.iter().any(|x| x.id == *surface) {
                p.unknown(join(dp, "surface"), surface, "surface");
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
        None => p.unknown(join(pp, "object"), id, "source"),
    };
    let screen = |p: &mut Problems, id: &str| {
        if !s
            .surfaces
            .iter()
            .any(|x| x.id == id && x.does == Does::Screen)
        {
            p.unknown(join(pp, "screen"), id, "`Screen`");
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
                None => p.unknown(join(pp, "source"), source, "source"),
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
                p.unknown(join(pp, "at"), at, "surface or glass");
            }
            if *hit == 0 {
                p.push_named(join(pp, "hit"), "hits count from 1 (the first meeting)");
            }
        }
        Probe::Lost => {}
    }
}
