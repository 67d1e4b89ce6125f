//! The `mechanics` kind's broken scenes: each refused with an error at the place in the file
//! that is wrong, saying what to do; and a scene over the kind's budget.

use crate::mechanics::mechanics_pack;
use crate::support::*;
use caravan::pack::check_exhibit_file;

fn broken(id: &str, from: &str, to: &str) -> (Vec<String>, (usize, usize)) {
    broken_in(&mechanics_pack(), id, from, to)
}

/// Copies exhibit `id` of `pack` into a scratch folder with `from` replaced by `to`,
/// validates it, and returns the error lines and where `to` starts.
pub(crate) fn broken_in(
    pack: &std::path::Path,
    id: &str,
    from: &str,
    to: &str,
) -> (Vec<String>, (usize, usize)) {
    let src = std::fs::read_to_string(pack.join(format!("{id}.exhibit.ron"))).unwrap();
    assert!(src.contains(from), "`{from}` is in {id}");
    let text = src.replacen(from, to, 1);
    let dir = scratch(&format!("mech-{id}-{}", to.len()));
    let file = dir.join("broken.exhibit.ron");
    std::fs::write(&file, &text).unwrap();
    let ds = check_exhibit_file(&file, &dir).expect_err("the scene is broken");
    (
        ds.iter().map(|d| d.to_string()).collect(),
        position_of(&text, to),
    )
}

/// One of the lines is at `to`'s line (and column, when given) and says each needle.
pub(crate) fn assert_located(lines: &[String], at: (usize, usize), col: bool, needles: &[&str]) {
    let hit = lines.iter().find(|l| {
        let at_line = l.contains(&format!("broken.exhibit.ron:{}:", at.0));
        let at_col = !col || l.contains(&format!("broken.exhibit.ron:{}:{}:", at.0, at.1));
        at_line && at_col && needles.iter().all(|n| l.contains(n))
    });
    assert!(hit.is_some(), "{needles:?} at {at:?} in {lines:#?}");
}

#[test]
fn broken_scenes_are_refused_with_located_errors() {
    // A joint's body that is not there.
    let (l, at) = broken("pendulums", "b: \"bob3\"", "b: \"bob33\"");
    assert_located(
        &l,
        at,
        false,
        &["kind.joints[3].b", "`bob33` is not a body"],
    );
    // A control's joint that is not there (a parameter's path).
    let (l, at) = broken(
        "pendulums",
        "\"joints.p4.length_m\"",
        "\"joints.p44.length_m\"",
    );
    assert_located(&l, at, true, &["paths[4]", "not a number of this scene"]);
    // A tap's control that is not there.
    let (l, at) = broken(
        "double_cone",
        "on_tap: Some(\"release\")",
        "on_tap: Some(\"relase\")",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.bodies[5].on_tap", "not one of this scene's controls"],
    );
    // A probe's body that is not there.
    let (l, at) = broken(
        "brachistochrone",
        "Speed(\"ball_cycloid\")",
        "Speed(\"ball_c\")",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.probes[4].of", "`ball_c` is not a body"],
    );
    // A cycloid whose drop is a hair (it passed as "lower" and the track collapsed to a
    // point: the ball's height read NaN).
    let (l, at) = broken(
        "brachistochrone",
        "Cycloid(from_m: (-0.40, 0.35, 0.0)",
        "Cycloid(from_m: (-0.40, 1e-300, 0.0)",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.bodies[1].shape.curve", "at least 1 mm lower"],
    );
    // A body's material beyond what PBR means (a prop's was refused, a body's was not).
    let (l, at) = broken(
        "brachistochrone",
        "material: (color: \"#4f8fd8\", roughness: 0.5)",
        "material: (color: \"#4f8fd8\", roughness: 7.5)",
    );
    assert_located(&l, at, false, &["material.roughness", "between 0 and 1"]);
    // A degenerate shape.
    let (l, at) = broken(
        "double_cone",
        "Cone(radius_m: 0.06, height_m: 0.12), offset_m: (0.0, 0.0, 0.06)",
        "Cone(radius_m: 0.0, height_m: 0.12), offset_m: (0.0, 0.0, 0.06)",
    );
    assert_located(
        &l,
        at,
        false,
        &["shape[0].shape.radius_m", "between 0.001 and 5 m"],
    );
    // A negative mass.
    let (l, at) = broken(
        "brachistochrone",
        "density_kg_m3: 7800.0,",
        "mass_kg: Some(-0.03),",
    );
    assert_located(&l, at, false, &["kind.bodies[4].mass_kg", "-0.03 kg"]);
    // Not a number.
    let (l, at) = broken(
        "double_cone",
        "position_m: (-0.22, 0.14760, 0.0)",
        "position_m: (-0.22, NaN, 0.0)",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.bodies[5].position_m[1]", "not a number"],
    );
    // A curve that crosses itself, and one with a single point.
    let (l, at) = broken(
        "brachistochrone",
        "Points([(-0.40, 0.35, 0.10), (-0.34, 0.02, 0.10),",
        "Points([(-0.40, 0.35, 0.10), (0.2, -0.1, 0.10), (0.1, 0.3, 0.10), (-0.34, 0.02, 0.10),",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.bodies[2].shape.curve", "runs into itself"],
    );
    let (l, at) = broken(
        "double_cone",
        "Line(from_m: (-0.25, 0.10, -0.03), to_m: (0.20, 0.118, -0.09))",
        "Points([(-0.25, 0.10, -0.03)])",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.bodies[0].shape.curve", "a curve needs at least two"],
    );
    // A joint whose two ends are fixed.
    let (l, at) = broken(
        "pendulums",
        "(id: \"small\", b: \"bob_small\", kind: Pendulum(pivot_m: (0.6, 0.75, -0.05), length_m: 0.30, angle_deg: 5.0)),",
        "(id: \"small\", a: \"bar\", b: \"pair_bar\", kind: Fixed),",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.joints[10]", "both ends of this joint are fixed"],
    );
    // A caption on two lines, refused like any one-line text.
    let (l, at) = broken(
        "double_cone",
        "\"en\": \"double cone\"",
        "\"en\": \"double\\ncone\"",
    );
    assert_located(
        &l,
        at,
        false,
        &["kind.bodies[5].label.en", "write it on one line"],
    );
    // An unknown field, as everywhere.
    let (l, at) = broken(
        "double_cone",
        "rolling_resistance: 0.0,",
        "rolling_resistence: 0.0,",
    );
    assert_located(&l, at, true, &["rolling_resistence"]);
}

#[test]
fn a_scene_over_the_budget_is_refused() {
    let balls: String = (0..65)
        .map(|i| {
            format!(
                "(id: \"b{i}\", shape: Sphere(radius_m: 0.01), position_m: ({}, 0.5, 0.0)),\n",
                i as f64 * 0.03
            )
        })
        .collect();
    let text = std::fs::read_to_string(repo().join("src/ops/starter/starter.exhibit.ron"))
        .unwrap()
        .replace(
            "        bodies: [\n",
            &format!("        bodies: [\n{balls}"),
        );
    let dir = scratch("mech-budget");
    let file = dir.join("broken.exhibit.ron");
    std::fs::write(&file, &text).unwrap();
    let ds = check_exhibit_file(&file, &dir).expect_err("over the budget");
    let lines: Vec<String> = ds.iter().map(|d| d.to_string()).collect();
    assert!(
        lines.iter().any(|l| l.contains("kind.bodies")
            && l.contains("66 dynamic bodies")
            && l.contains("at most 64")),
        "{lines:#?}"
    );
}
