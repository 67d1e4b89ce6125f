//! Checks of what refers to what: joints, controls and probes (every reference resolved,
//! every number physical; forces: `forces.rs`; `expect` rows: every kind's, `model/scene`).

use super::{REACH_M, finite3, name, size};
use crate::model::mechanics::spec::*;
use crate::model::scene::NumberPaths;
use crate::problems::{Problems, join, num, one_line};
use std::collections::BTreeSet;

pub(super) fn joint(s: &MechanicsParams, j: &JointSpec, jp: &str, p: &mut Problems) {
    let motion = |id: &str| -> Option<Motion> {
        if id == "world" {
            Some(Motion::Fixed)
        } else {
            s.bodies.iter().find(|b| b.id == id).map(|b| b.motion)
        }
    };
    let (ma, mb) = (motion(&j.a), motion(&j.b));
    if ma.is_none() {
        p.push_named(
            join(jp, "a"),
            format!(
                "`{}` is neither `world` nor a body of this scene",
                one_line(&j.a)
            ),
        );
    }
    if mb.is_none() || j.b == "world" {
        p.unknown(join(jp, "b"), &j.b, "body");
    }
    if j.a == j.b {
        p.push_named(join(jp, "b"), "a joint joins two different bodies");
    } else if ma == Some(Motion::Fixed)
        && mb == Some(Motion::Fixed)
        && !matches!(j.kind, JointKind::Pendulum { .. })
    {
        p.push_named(
            jp,
            "both ends of this joint are fixed: it would do nothing; make one end dynamic",
        );
    }
    finite3(p, &join(jp, "anchor_a_m"), j.anchor_a_m, REACH_M);
    finite3(p, &join(jp, "anchor_b_m"), j.anchor_b_m, REACH_M);
    let kp = join(jp, "kind");
    let axis = |p: &mut Problems, path: &str, a: [f64; 3]| {
        finite3(p, path, a, 1e6);
        if a.iter().all(|x| x.is_finite()) && crate::model::norm(a) < 1e-9 {
            p.push_named(
                path,
                "the axis is zero: give it a direction, e.g. [0, 0, 1]",
            );
        }
    };
    match &j.kind {
        JointKind::Hinge {
            axis: a,
            limits_deg,
            motor,
            friction_n_m,
        } => {
            axis(p, &join(&kp, "axis"), *a);
            p.range(
                &join(&kp, "friction_n_m"),
                *friction_n_m,
                0.0,
                1000.0,
                "N·m",
            );
            if motor.is_some() && *friction_n_m > 0.0 {
                p.push_named(
                    join(&kp, "friction_n_m"),
                    "a hinge with a `motor` is held by the motor's torque: give friction to a free axle only",
                );
            }
            if let Some([lo, hi]) = limits_deg
                && !(lo < hi && lo.is_finite() && hi.is_finite())
            {
                p.push_named(
                    join(&kp, "limits_deg"),
                    "limits are [lowest, highest] with lowest < highest",
                );
            }
            if let Some(m) = motor {
                p.range(
                    &join(&join(&kp, "motor"), "speed_rad_s"),
                    m.speed_rad_s,
                    -200.0,
                    200.0,
                    "rad/s",
                );
                p.range(
                    &join(&join(&kp, "motor"), "max_torque_n_m"),
                    m.max_torque_n_m,
                    1e-6,
                    1000.0,
                    "N·m",
                );
            }
        }
        JointKind::Slider { axis: a, limits_m } => {
            axis(p, &join(&kp, "axis"), *a);
            if let Some([lo, hi]) = limits_m
                && !(lo < hi && lo.is_finite() && hi.is_finite())
            {
                p.push_named(
                    join(&kp, "limits_m"),
                    "limits are [lowest, highest] with lowest < highest",
                );
            }
        }
        JointKind::Ball | JointKind::Fixed => {}
        JointKind::Rope { length_m } => size(p, &join(&kp, "length_m"), *length_m),
        JointKind::Pendulum {
            pivot_m,
            length_m,
            angle_deg,
            axis: a,
            ..
        } => {
            finite3(p, &join(&kp, "pivot_m"), *pivot_m, REACH_M);
            p.range(&join(&kp, "length_m"), *length_m, 0.01, 5.0, "m");
            p.range(&join(&kp, "angle_deg"), *angle_deg, -179.0, 179.0, "°");
            axis(p, &join(&kp, "axis"), *a);
            if mb.is_some_and(|m| m != Motion::Dynamic) {
                p.push_named(join(jp, "b"), "a pendulum's bob must be dynamic");
            }
        }
    }
}

pub(super) fn control(
    s: &MechanicsParams,
    c: &MechControl,
    dp: &str,
    body_ok: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) {
    match &c.does {
        Does::Release => {
            if !s.bodies.iter().any(|b| b.held) {
                p.push_named(
                    dp,
                    "`Release` lets held bodies go, and no body is `held: true`",
                );
            }
        }
        Does::Reset => {}
        Does::Impulse { body, impulse_n_s } => {
            if !body_ok(body) {
                p.unknown(join(dp, "body"), body, "body");
            }
            finite3(p, &join(dp, "impulse_n_s"), *impulse_n_s, 100.0);
        }
        Does::Motor {
            joint,
            max_speed_rad_s,
        } => {
            let ok = s.joints.iter().any(|j| {
                j.id == *joint && matches!(j.kind, JointKind::Hinge { motor: Some(_), .. })
            });
            if !ok {
                p.push_named(
                    join(dp, "joint"),
                    format!(
                        "`{}` is not a hinge with a `motor` in this scene",
                        one_line(joint)
                    ),
                );
            }
            p.range(
                &join(dp, "max_speed_rad_s"),
                *max_speed_rad_s,
                1e-3,
                200.0,
                "rad/s",
            );
        }
        Does::Force { force } => {
            if !s
                .forces
                .iter()
                .any(|f| matches!(f, ForceSpec::Constant { id, .. } if id == force))
            {
                p.unknown(join(dp, "force"), force, "`Constant` force");
            }
        }
        Does::Parameter(n) | Does::Tune(n) => {
            let Numbers {
                paths,
                min,
                max,
                default,
                ..
            } = n;
            let live = matches!(c.does, Does::Tune(_));
            // `number_at` hands out a slot to write: ask a copy.
            let mut scratch = s.clone();
            if paths.is_empty() {
                p.push_named(
                    join(dp, "paths"),
                    "no paths: name at least one number the control sets",
                );
            }
            for (i, path) in paths.iter().enumerate() {
                if live && !path.starts_with("forces.") {
                    p.push_named(format!("{}[{i}]", join(dp, "paths")),
                        format!(
                            "`{}`: a `Tune` sets a force's number while the scene runs (`forces.ID.FIELD`); for bodies, joints and gravity use a `Parameter`, which starts the scene again",
                            one_line(path)
                        ),
                    );
                } else if scratch.number_at(path).is_none() {
                    p.push_named(format!("{}[{i}]", join(dp, "paths")),
                        format!(
                            "`{}` is not a number of this scene: write `bodies.ID.FIELD`, `joints.ID.FIELD`, `forces.ID.FIELD` or `gravity_m_s2.x|y|z` (see the reference)",
                            one_line(path)
                        ),
                    );
                }
            }
            p.range(&join(dp, "min"), *min, -1e6, 1e6, "");
            p.range(&join(dp, "max"), *max, -1e6, 1e6, "");
            if min >= max {
                p.push_named(
                    join(dp, "max"),
                    format!("`max` ({}) must be above `min` ({})", num(*max), num(*min)),
                );
            } else {
                p.range(&join(dp, "default"), *default, *min, *max, "");
            }
        }
        Does::Variant { options } => {
            if options.is_empty() {
                p.push_named(
                    join(dp, "options"),
                    "no options: a variant chooses among at least one set of bodies",
                );
            }
            let mut seen = BTreeSet::new();
            for (i, o) in options.iter().enumerate() {
                let op = format!("{}[{i}]", join(dp, "options"));
                name(p, &join(&op, "name"), &o.name);
                if !seen.insert(o.name.as_str()) {
                    p.push_named(
                        join(&op, "name"),
                        format!("a second option `{}`", one_line(&o.name)),
                    );
                }
                for (k, b) in o.bodies.iter().enumerate() {
                    if !body_ok(b) {
                        p.unknown(format!("{}[{k}]", join(&op, "bodies")), b, "body");
                    }
                }
            }
        }
    }
}

pub(super) fn probe(
    pr: &Probe,
    pp: &str,
    body_ok: &dyn Fn(&str) -> bool,
    zones: &BTreeSet<String>,
    p: &mut Problems,
) {
    let bodies: Vec<&String> = match pr {
        Probe::Speed(b)
        | Probe::Height(b)
        | Probe::AngularSpeed(b)
        | Probe::Kinetic(b)
        | Probe::Potential(b)
        | Probe::Energy(b)
        | Probe::ContactHeight(b) => vec![b],
        Probe::Position { body, .. }
        | Probe::Angle { body, .. }
        | Probe::Period { body, .. }
        | Probe::Frequency { body, .. }
        | Probe::Amplitude { body, .. } => vec![body],
        Probe::Distance { a, b } => vec![a, b],
        Probe::Arrival { zone, body } => {
            if !zones.contains(zone) {
                p.unknown(join(pp, "zone"), zone, "zone");
            }
            vec![body]
        }
        Probe::SinceRelease | Probe::TotalEnergy => vec![],
    };
    if let Probe::Period {
        over_s: Some(w), ..
    }
    | Probe::Frequency {
        over_s: Some(w), ..
    }
    | Probe::Amplitude { over_s: w, .. } = pr
    {
        p.range(&join(pp, "over_s"), *w, 0.1, 600.0, "s");
    }
    for b in bodies {
        if !body_ok(b) {
            p.unknown(pp, b, "body");
        }
    }
}
