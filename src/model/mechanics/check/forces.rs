//! Checks of a scene's forces: every body and zone they name, every number physical, and
//! none so strong for its body that the 960 Hz steps could not follow it (a spring that would
//! swing it faster than 480 rad/s, a drag that would stop it within a step).

use super::{REACH_M, finite3};
use crate::model::mechanics::spec::*;
use crate::problems::{Problems, join, num, one_line};

pub(super) fn force(
    s: &MechanicsParams,
    f: &ForceSpec,
    fp: &str,
    body_ok: &dyn Fn(&str) -> bool,
    p: &mut Problems,
) {
    let refer = |p: &mut Problems, path: String, id: &str, world_ok: bool| {
        if !(body_ok(id) || (world_ok && id == "world")) {
            p.unknown(path, id, "body");
        }
    };
    let zone_ok = |p: &mut Problems, zone: &Option<String>| {
        if let Some(z) = zone
            && !s.zones.iter().any(|x| x.id == *z)
        {
            p.unknown(join(fp, "zone"), z, "zone");
        }
    };
    let frequency = |p: &mut Problems, f: f64| {
        p.range(&join(fp, "frequency_hz"), f, 0.0, 50.0, "Hz");
    };
    let coefficient = |p: &mut Problems, c: f64| {
        p.range(&join(fp, "coefficient_n_s_m"), c, 0.0, 100.0, "N·s/m");
    };
    match f {
        ForceSpec::Spring(sp) => {
            refer(p, join(fp, "a"), &sp.a, true);
            refer(p, join(fp, "b"), &sp.b, true);
            if sp.a == sp.b {
                p.push_named(join(fp, "b"), "a spring joins two different bodies");
            }
            finite3(p, &join(fp, "anchor_a_m"), sp.anchor_a_m, REACH_M);
            finite3(p, &join(fp, "anchor_b_m"), sp.anchor_b_m, REACH_M);
            p.ranges(
                fp,
                &[
                    ("rest_length_m", sp.rest_length_m, 0.0, 10.0, "m"),
                    ("stiffness_n_m", sp.stiffness_n_m, 0.0, 1e5, "N/m"),
                    ("damping_n_s_m", sp.damping_n_s_m, 0.0, 1e3, "N·s/m"),
                ],
            );
            stiff_enough_to_follow(s, [&sp.a, &sp.b], sp.stiffness_n_m, fp, p);
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

/// kg of a dynamic body (each part at its own density, or the body's), None for others.
fn mass(s: &MechanicsParams, id: &str) -> Option<f64> {
    let b = s
        .bodies
        .iter()
        .find(|b| b.id == id && b.motion == Motion::Dynamic)?;
    let m = b
        .mass_kg
        .unwrap_or_else(|| super::super::build::mass(&b.shape, b.density_kg_m3));
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
                num((m * 1e4).round() / 1e4),
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

#[cfg(test)]
mod tests {
    use crate::model::mechanics::MechanicsParams;
    use crate::problems::Problems;

    /// A light body (100 kg/m³) whose one part is steel: the drag is judged by the steel's
    /// 33 g (1.6 ms to stop: followed), not by the body's 0.4 g (0.02 ms: refused before).
    #[test]
    fn a_drag_is_judged_by_the_mass_of_the_parts() {
        let s: MechanicsParams = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(
                r#"(
                bodies: [(id: "bob", density_kg_m3: 100.0, shape: Compound([
                    (shape: Sphere(radius_m: 0.01), density_kg_m3: 7800.0),
                ]))],
                forces: [Drag(id: "air", body: "bob", coefficient_n_s_m: 20.0)],
            )"#,
            )
            .expect("the test's scene parses");
        let mut p = Problems::default();
        super::super::check(&s, "kind", &mut p);
        assert!(p.items.is_empty(), "{:#?}", p.items);
        let mut light = s.clone();
        light.forces[0] = ron::from_str(r#"Drag(id: "air", body: "bob", coefficient_n_s_m: 50.0)"#)
            .expect("parses");
        super::super::check(&light, "kind", &mut p);
        assert!(
            p.items
                .iter()
                .any(|x| x.message.contains("too strong for a body of 0.0327 kg")),
            "{:#?}",
            p.items
        );
    }
}
