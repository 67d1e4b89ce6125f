//! What makes a scene valid: every reference resolved, every shape and number physical, the
//! scene within the budget. Each problem carries its field path, which the descriptor layer
//! turns into `file:line:col`. A scene that passes runs.

mod forces;
mod links;
mod shapes;

use super::spec::*;
use super::{MAX_BODIES, MAX_DYNAMIC_BODIES, MAX_JOINTS};
use crate::kind_spec::KindSpec;
use crate::model::scene;
pub(super) use crate::model::scene::check::name;
use crate::problems::{Problems, join, one_line};
use forces::force;
use links::{control, joint, probe};
use shapes::{shape, size};
use std::collections::BTreeSet;

/// Sizes of a shape (from a grain of sand's millimetre to a 5 m track) and where bodies may
/// be (m from the origin on each axis): those of curves.
pub(super) use crate::model::scene::curve::{REACH_M, SIZE_M};

pub fn check(s: &MechanicsParams, path: &str, p: &mut Problems) {
    let before = p.items.len();
    let at = |rest: &str| join(path, rest);
    p.range_each(&at("gravity_m_s2"), s.gravity_m_s2, -100.0, 100.0, "m/s²");
    let ids = unique_ids(p, &at("bodies"), s.bodies.iter().map(|b| b.id.as_str()));
    if s.bodies.len() > MAX_BODIES {
        p.push_named(at("bodies"),
            format!(
                "{} bodies: a scene may have at most {MAX_BODIES}; join fixed parts into one `Compound` body",
                s.bodies.len()
            ),
        );
    }
    let dynamic = s
        .bodies
        .iter()
        .filter(|b| b.motion == Motion::Dynamic)
        .count();
    if dynamic > MAX_DYNAMIC_BODIES {
        p.push_named(at("bodies"),
            format!(
                "{dynamic} dynamic bodies: a scene may have at most {MAX_DYNAMIC_BODIES} (what runs in 2 ms per tick); make some `fixed`"
            ),
        );
    }
    let controls: BTreeSet<&str> = s.controls.iter().map(|c| c.name.as_str()).collect();
    for (i, b) in s.bodies.iter().enumerate() {
        body(s, b, &format!("{}[{i}]", at("bodies")), &controls, p);
    }
    let body_ok = |id: &str| ids.contains(id);
    unique_ids(p, &at("joints"), s.joints.iter().map(|j| j.id.as_str()));
    if s.joints.len() > MAX_JOINTS {
        p.push_named(
            at("joints"),
            format!(
                "{} joints: a scene may have at most {MAX_JOINTS}",
                s.joints.len()
            ),
        );
    }
    for (i, j) in s.joints.iter().enumerate() {
        joint(s, j, &format!("{}[{i}]", at("joints")), p);
    }
    unique_ids(p, &at("forces"), s.forces.iter().map(|f| f.id()));
    for (i, f) in s.forces.iter().enumerate() {
        force(s, f, &format!("{}[{i}]", at("forces")), &body_ok, p);
    }
    let zones = unique_ids(p, &at("zones"), s.zones.iter().map(|z| z.id.as_str()));
    for (i, z) in s.zones.iter().enumerate() {
        let zp = format!("{}[{i}]", at("zones"));
        finite3(p, &join(&zp, "center_m"), z.center_m, REACH_M);
        p.range_each(&join(&zp, "size_m"), z.size_m, SIZE_M.0, 2.0 * REACH_M, "m");
    }
    scene::check::controls(
        &s.controls,
        |c| &c.name,
        &at("controls"),
        p,
        |c, dp, p| control(s, c, dp, &body_ok, p),
    );
    let columns = scene::check::probes(&s.probes, &at("probes"), p, |of, path, p| {
        probe(of, path, &body_ok, &zones, p)
    });
    scene::check::expect_rows(&s.expect, &s.verify, &columns, &s.controls(), path, p);
    // A parameter control must keep the scene valid over its whole range (checked on a scene
    // that is valid as written, so one problem is not reported once more per extreme).
    if p.items.len() > before {
        return;
    }
    let dials = s
        .controls
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.does {
            Does::Parameter(n) => Some((i, c.name.as_str(), n)),
            _ => None,
        });
    scene::check::dials_hold(dials, &at("controls"), p, |name, _, x, q| {
        let values = [(name.to_string(), crate::kind_spec::ControlValue::Number(x))].into();
        check_shapes_and_numbers(&super::build::with_parameters(s, &values), q);
    });
}

/// The checks a parameter can break, run on the scene with a parameter's extreme applied.
fn check_shapes_and_numbers(s: &MechanicsParams, p: &mut Problems) {
    let controls: BTreeSet<&str> = s.controls.iter().map(|c| c.name.as_str()).collect();
    for (i, b) in s.bodies.iter().enumerate() {
        body(s, b, &format!("bodies[{i}]"), &controls, p);
    }
    for (i, j) in s.joints.iter().enumerate() {
        joint(s, j, &format!("joints[{i}]"), p);
    }
    for (i, f) in s.forces.iter().enumerate() {
        force(s, f, &format!("forces[{i}]"), &|_| true, p);
    }
}

fn unique_ids<'a>(
    p: &mut Problems,
    path: &str,
    ids: impl Iterator<Item = &'a str>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        let ip = format!("{path}[{i}].id");
        name(p, &ip, id);
        if id == "world" {
            p.push_named(
                &ip,
                "`world` stands for the fixed world in joints and forces: give this another id",
            );
        }
        if !seen.insert(id.to_string()) {
            p.push_named(ip, format!("a second `{}`: ids must differ", one_line(id)));
        }
    }
    seen
}

/// Each component finite and within ±`reach`.
pub(super) fn finite3(p: &mut Problems, path: &str, v: [f64; 3], reach: f64) {
    p.range_each(path, v, -reach, reach, "");
}

fn body(s: &MechanicsParams, b: &BodySpec, bp: &str, controls: &BTreeSet<&str>, p: &mut Problems) {
    shape(&b.shape, &join(bp, "shape"), p);
    if matches!(b.shape, BodyShape::Track { .. }) && b.motion != Motion::Fixed {
        p.push_named(
            join(bp, "motion"),
            "a track is part of the furniture: make it `fixed`",
        );
    }
    if let Some(m) = b.mass_kg {
        p.range(&join(bp, "mass_kg"), m, 1e-4, 1000.0, "kg");
        if let BodyShape::Compound(parts) = &b.shape
            && let Some(i) = parts.iter().position(|x| x.density_kg_m3.is_some())
        {
            p.push_named(
                format!("{}[{i}].density_kg_m3", join(bp, "shape")),
                "a part's own density and the body's `mass_kg` cannot both hold: give densities, or one mass",
            );
        }
    }
    p.range(
        &join(bp, "density_kg_m3"),
        b.density_kg_m3,
        1.0,
        25000.0,
        "kg/m³",
    );
    p.range(&join(bp, "friction"), b.friction, 0.0, 2.0, "");
    p.range(&join(bp, "restitution"), b.restitution, 0.0, 1.0, "");
    p.range(
        &join(bp, "rolling_resistance"),
        b.rolling_resistance,
        0.0,
        0.5,
        "",
    );
    finite3(p, &join(bp, "position_m"), b.position_m, REACH_M);
    finite3(p, &join(bp, "rotation_deg"), b.rotation_deg, 3600.0);
    finite3(p, &join(bp, "velocity_m_s"), b.velocity_m_s, 100.0);
    finite3(
        p,
        &join(bp, "angular_velocity_rad_s"),
        b.angular_velocity_rad_s,
        1000.0,
    );
    if let Some(t) = &b.on_track
        && !s
            .bodies
            .iter()
            .any(|o| o.id == *t && matches!(o.shape, BodyShape::Track { .. }))
    {
        p.unknown(join(bp, "on_track"), t, "track");
    }
    if b.held && b.motion != Motion::Dynamic {
        p.push_named(
            join(bp, "held"),
            "only a dynamic body can be held and released",
        );
    }
    let mp = join(bp, "material");
    p.color(&join(&mp, "color"), &b.material.color);
    // As a prop's material is checked (PBR's metallic and roughness are fractions).
    p.ranges(
        &mp,
        &[
            ("metallic", b.material.metallic as f64, 0.0, 1.0, ""),
            ("roughness", b.material.roughness as f64, 0.0, 1.0, ""),
            ("opacity", b.material.opacity as f64, 0.0, 1.0, ""),
        ],
    );
    if let Some(l) = &b.label {
        p.one_line_text(&join(bp, "label"), l);
    }
    p.range(&join(bp, "trail_s"), b.trail_s, 0.0, 60.0, "s");
    if let Some(c) = &b.on_tap
        && !controls.contains(c.as_str())
    {
        p.push_named(
            join(bp, "on_tap"),
            format!("`{}` is not one of this scene's controls", one_line(c)),
        );
    }
}
