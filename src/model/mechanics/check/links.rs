//! Checks of what refers to what: joints, forces, controls, probes and `expect` rows (every
//! reference resolved, every number physical).

use super::{REACH_M, finite3, name, size};
use crate::model::mechanics::spec::*;
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
        p.push_named(
            join(jp, "b"),
            format!("`{}` is not a body of this scene", one_line(&j.b)),
        );
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

pub(super) fn force(
    s: &MechanicsParams,
    f: &ForceSpec,
    fp: &str,
    body_ok: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) {
    let refer = |p: &mut Problems, path: String, id: &str, world_ok: bool| {
        if !(body_ok(id) || (world_ok && id == "world")) {
            p.push_named(
                path,
                format!("`{}` is not a body of this scene", one_line(id)),
            );
        }
    };
    let zone_ok = |p: &mut Problems, zone: &Option<String>| {
        if let Some(z) = zone
            && !s.zones.iter().any(|x| x.id == *z)
        {
            p.push_named(
                join(fp, "zone"),
                format!("`{}` is not a zone of this scene", one_line(z)),
            );
        }
    };
    let frequency = |p: &mut Problems, f: f64| {
        p.range(&join(fp, "frequency_hz"), f, 0.0, 50.0, "Hz");
    };
    let coefficient = |p: &mut Problems, c: f64| {
        p.range(&join(fp, "coefficient_n_s_m"), c, 0.0, 100.0, "N·s/m");
    };
    match f {
        ForceSpec::Spring {
            a,
            b,
            anchor_a_m,
            anchor_b_m,
            rest_length_m,
            stiffness_n_m,
            damping_n_s_m,
            ..
        } => {
            refer(p, join(fp, "a"), a, true);
            refer(p, join(fp, "b"), b, true);
            if a == b {
                p.push_named(join(fp, "b"), "a spring joins two different bodies");
            }
            finite3(p, &join(fp, "anchor_a_m"), *anchor_a_m, REACH_M);
            finite3(p, &join(fp, "anchor_b_m"), *anchor_b_m, REACH_M);
            p.range(&join(fp, "rest_length_m"), *rest_length_m, 0.0, 10.0, "m");
            p.range(&join(fp, "stiffness_n_m"), *stiffness_n_m, 0.0, 1e5, "N/m");
            p.range(
                &join(fp, "damping_n_s_m"),
                *damping_n_s_m,
                0.0,
                1e3,
                "N·s/m",
            );
            stiff_enough_to_follow(s, [a, b], *stiffness_n_m, fp, p);
        }
        ForceSpec::Drag {
            body,
            coefficient_n_s_m,
            zone,
            ..
        } => {
            refer(p, join(fp, "body"), body, false);
            coefficient(p, *coefficient_n_s_m);
            drag_followed(s, body, *coefficient_n_s_m, fp, p);
            zone_ok(p, zone);
        }
        ForceSpec::Wind {
            body,
            velocity_m_s,
            coefficient_n_s_m,
            zone,
            ..
        } => {
            refer(p, join(fp, "body"), body, false);
            finite3(p, &join(fp, "velocity_m_s"), *velocity_m_s, 100.0);
            coefficient(p, *coefficient_n_s_m);
            drag_followed(s, body, *coefficient_n_s_m, fp, p);
            zone_ok(p, zone);
        }
        ForceSpec::Constant {
            body,
            force_n,
            torque_n_m,
            ..
        } => {
            refer(p, join(fp, "body"), body, false);
            finite3(p, &join(fp, "force_n"), *force_n, 1e4);
            finite3(p, &join(fp, "torque_n_m"), *torque_n_m, 1e3);
        }
        ForceSpec::Drive {
            body,
            force_n,
            torque_n_m,
            frequency_hz,
            phase_deg,
            ..
        } => {
            refer(p, join(fp, "body"), body, false);
            finite3(p, &join(fp, "force_n"), *force_n, 1e4);
            finite3(p, &join(fp, "torque_n_m"), *torque_n_m, 1e3);
            frequency(p, *frequency_hz);
            p.range(&join(fp, "phase_deg"), *phase_deg, -360.0, 360.0, "°");
        }
        ForceSpec::Shake {
            body,
            amplitude_m,
            frequency_hz,
            phase_deg,
            ..
        } => {
            refer(p, join(fp, "body"), body, false);
            if s.bodies
                .iter()
                .any(|b| b.id == *body && b.motion != Motion::Kinematic)
            {
                p.push_named(
                    join(fp, "body"),
                    format!(
                        "`{}` is not `kinematic`: a shake moves a body whatever pushes it; make it `motion: kinematic`",
                        one_line(body)
                    ),
                );
            }
            finite3(p, &join(fp, "amplitude_m"), *amplitude_m, 1.0);
            frequency(p, *frequency_hz);
            p.range(&join(fp, "phase_deg"), *phase_deg, -360.0, 360.0, "°");
        }
        ForceSpec::Between {
            a,
            b,
            law,
            softening_m,
            ..
        } => {
            refer(p, join(fp, "a"), a, false);
            refer(p, join(fp, "b"), b, false);
            if a == b {
                p.push_named(
                    join(fp, "b"),
                    "a force between bodies needs two different ones",
                );
            }
            p.range(&join(fp, "softening_m"), *softening_m, 1e-4, 1.0, "m");
            let lp = join(fp, "law");
            match law {
                Law::Magnets {
                    remanence_t,
                    volume_a_m3,
                    volume_b_m3,
                    ..
                } => {
                    // From ferrite (0.2 T) to the strongest NdFeB grades (1.5 T).
                    p.range(&join(&lp, "remanence_t"), *remanence_t, 0.01, 1.6, "T");
                    for (field, v) in [("volume_a_m3", volume_a_m3), ("volume_b_m3", volume_b_m3)] {
                        if let Some(v) = v {
                            p.range(&join(&lp, field), *v, 1e-9, 1e-2, "m³");
                        }
                    }
                }
                Law::Charges { a_c, b_c } => {
                    p.range(&join(&lp, "a_c"), *a_c, -1e-3, 1e-3, "C");
                    p.range(&join(&lp, "b_c"), *b_c, -1e-3, 1e-3, "C");
                }
                Law::Power { k, exponent } => {
                    p.range(&join(&lp, "k"), *k, -1e3, 1e3, "N·mⁿ");
                    p.range(&join(&lp, "exponent"), *exponent, 0.0, 6.0, "");
                }
            }
        }
    }
}

/// kg of a dynamic body (its parts at the body's density), None for others.
fn mass(s: &MechanicsParams, id: &str) -> Option<f64> {
    let b = s
        .bodies
        .iter()
        .find(|b| b.id == id && b.motion == Motion::Dynamic)?;
    let m = b
        .mass_kg
        .unwrap_or_else(|| b.density_kg_m3 * super::super::build::volume(&b.shape));
    (m > 0.0).then_some(m)
}

/// s: the shortest time m/c a drag may take to slow a body: one step of the scene (960 Hz),
/// which it follows; a stronger drag would stop the body within a step.
const MIN_DRAG_TIME_S: f64 = 1.0 / 960.0;

fn drag_followed(s: &MechanicsParams, body: &str, c: f64, fp: &str, p: &mut Problems) {
    if let Some(m) = mass(s, body)
        && c > 0.0
        && m / c < MIN_DRAG_TIME_S
    {
        p.push_named(
            join(fp, "coefficient_n_s_m"),
            format!(
                "too strong for a body of {} kg: it would stop it in {} ms, and the scene steps every 1.04 ms; give at most {} N·s/m, or a heavier body",
                num(m),
                num((m / c * 1e4).round() / 10.0),
                num((m / MIN_DRAG_TIME_S * 1e4).floor() / 1e4)
            ),
        );
    }
}

/// The fastest a spring may make a body swing, rad/s: half of what the 960 Hz steps follow
/// (ω·dt < 1), so its energy stays within a part in a thousand of the file's.
const MAX_SPRING_OMEGA: f64 = 480.0;

/// A spring so stiff for the bodies it holds that the steps cannot follow it is refused (the
/// scene would blow up, not swing).
fn stiff_enough_to_follow(
    s: &MechanicsParams,
    ends: [&String; 2],
    k: f64,
    fp: &str,
    p: &mut Problems,
) {
    let masses: Vec<f64> = ends.iter().filter_map(|id| mass(s, id)).collect();
    let Some(lightest) = masses.iter().copied().reduce(f64::min) else {
        return;
    };
    let omega = (k / lightest).sqrt();
    if omega.is_finite() && omega > MAX_SPRING_OMEGA {
        p.push_named(
            join(fp, "stiffness_n_m"),
            format!(
                "too stiff for a body of {} kg: it would swing at {} rad/s, and the scene follows up to {MAX_SPRING_OMEGA}; make it softer or the body heavier",
                num(lightest),
                num(omega.round())
            ),
        );
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
                p.push_named(
                    join(dp, "body"),
                    format!("`{}` is not a body of this scene", one_line(body)),
                );
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
                p.push_named(
                    join(dp, "force"),
                    format!(
                        "`{}` is not a `Constant` force of this scene",
                        one_line(force)
                    ),
                );
            }
        }
        Does::Parameter {
            paths,
            min,
            max,
            default,
            ..
        }
        | Does::Tune {
            paths,
            min,
            max,
            default,
            ..
        } => {
            let live = matches!(c.does, Does::Tune { .. });
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
                        p.push_named(
                            format!("{}[{k}]", join(&op, "bodies")),
                            format!("`{}` is not a body of this scene", one_line(b)),
                        );
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
                p.push_named(
                    join(pp, "zone"),
                    format!("`{}` is not a zone of this scene", one_line(zone)),
                );
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
            p.push_named(pp, format!("`{}` is not a body of this scene", one_line(b)));
        }
    }
}
