//! The tracer against closed forms: reflection, Snell and the critical angle, the mirror and
//! lens equations, a parabola's focus, the images of two mirrors, the infinity mirror's
//! fading images, and light kept (what the sources send is what arrives, leaves or is
//! counted lost).

use super::world::OpticsWorld;
use super::*;
use crate::kind_spec::ControlValue;
use crate::problems::Problems;
use std::collections::BTreeMap;

fn scene(text: &str) -> OpticsParams {
    ron::Options::default()
        .with_default_extension(
            ron::extensions::Extensions::IMPLICIT_SOME
                | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
        )
        .from_str(text)
        .expect("the test's scene parses")
}

fn valid(s: &OpticsParams) {
    let mut p = Problems::default();
    check::check(s, "kind", &mut p);
    assert!(p.items.is_empty(), "{:#?}", p.items);
}

/// The probes' values with the controls at their defaults, and `set`.
fn read(s: &OpticsParams, set: &[(&str, f64)]) -> Vec<Option<f64>> {
    valid(s);
    let mut controls: BTreeMap<String, ControlValue> = s
        .controls()
        .into_iter()
        .map(|d| (d.name.clone(), d.default.clone()))
        .collect();
    for (k, v) in set {
        controls.insert(k.to_string(), ControlValue::Number(*v));
    }
    OpticsWorld::new(s, &controls).probe_values()
}

#[test]
fn a_mirror_reflects_at_the_angle_it_is_met() {
    // A laser at 30° below +x on a mirror turned by τ: it leaves at 30° + 2τ (the law of
    // reflection, angle in = angle out about the normal).
    let s = scene(
        r#"(
        sources: [(id: "laser", kind: Laser(at_m: (-0.4, 0.2), angle_deg: -30.0))],
        // Turned about where the laser meets it, x = −0.4 + 0.4/tan 30°.
        surfaces: [(id: "m", curve: Line(from_m: (-0.3, -0.2, 0.0), to_m: (0.6, -0.2, 0.0)), does: Mirror, pivot_m: (0.292820323, -0.2))],
        controls: [(name: "tilt", does: Parameter(paths: ["surfaces.m.turn_deg"], min: -10.0, max: 10.0, default: 0.0))],
        probes: [(name: "out", of: RayAngle(source: "laser", at: "m"))],
    )"#,
    );
    for tilt in [-10.0, 0.0, 4.0, 10.0] {
        let out = read(&s, &[("tilt", tilt)])[0].unwrap();
        assert!((out - (30.0 + 2.0 * tilt)).abs() < 1e-9, "{tilt}: {out}");
    }
}

/// A laser inside a block of glass of index `n`, meeting its top face at `deg` from the
/// normal: the angle it leaves at (None: reflected whole) and the light that got out.
fn from_inside(n: f64, deg: f64) -> (Option<f64>, f64) {
    let s = scene(&format!(
        r#"(
        materials: [(id: "g", index: Fixed({n}), source: "test")],
        sources: [(id: "laser", kind: Laser(at_m: (0.0, 0.0), angle_deg: {}))],
        glass: [(id: "block", material: "g", outline: Polygon([(-0.5, -0.1), (0.5, -0.1), (0.5, 0.1), (-0.5, 0.1)]))],
        surfaces: [
            (id: "sky", curve: Line(from_m: (-3.0, 1.0, 0.0), to_m: (3.0, 1.0, 0.0)), does: Screen),
            // What leaves by the block's ends is taken there.
            (id: "left", curve: Line(from_m: (-0.52, -0.3, 0.0), to_m: (-0.52, 0.3, 0.0)), does: Absorber),
            (id: "right", curve: Line(from_m: (0.52, -0.3, 0.0), to_m: (0.52, 0.3, 0.0)), does: Absorber),
        ],
        probes: [
            (name: "out", of: RayAngle(source: "laser", at: "block", hit: 1)),
            (name: "sky", of: Power(screen: "sky")),
        ],
        limits: (floor: 1e-6),
    )"#,
        90.0 - deg
    ));
    let v = read(&s, &[]);
    // The first meeting is the top face; leaving upwards means it got out.
    let out = v[0].filter(|a| *a > 0.0).map(|a| 90.0 - a);
    (out, v[1].unwrap_or(0.0))
}

#[test]
fn snell_holds_and_light_past_the_critical_angle_stays_inside() {
    // n₁ sin θ₁ = sin θ₂ (Snell); beyond θc = asin(1/n) nothing leaves (acrylic, n = 1.49:
    // θc = 42.16°). What gets out at the first pass is Fresnel's transmittance, written here
    // from the amplitude coefficients t_s, t_p (Hecht, Optics, §4.6) rather than as 1 − R.
    for n in [1.33f64, 1.49, 1.52] {
        let critical = (1.0 / n).asin().to_degrees();
        for deg in [10.0, 25.0, critical - 0.5] {
            let (out, _) = from_inside(n, deg);
            let want = (n * deg.to_radians().sin()).asin().to_degrees();
            assert!(
                (out.unwrap() - want).abs() < 1e-9,
                "{n} at {deg}°: {out:?} vs {want}"
            );
        }
        let (out, sky) = from_inside(n, critical + 0.5);
        assert!(
            out.is_none() && sky == 0.0,
            "{n}: TIR past {critical}°, got {out:?}, {sky}"
        );
    }
    let (_, sky) = from_inside(1.5, 30.0);
    let (n1, n2) = (1.5f64, 1.0);
    let (ci, ct) = (30f64.to_radians().cos(), (1.5 * 0.5f64).asin().cos());
    let ts = 2.0 * n1 * ci / (n1 * ci + n2 * ct);
    let tp = 2.0 * n1 * ci / (n2 * ci + n1 * ct);
    let t = n2 * ct / (n1 * ci) * (ts * ts + tp * tp) / 2.0;
    // The sky gets the first pass, and light reflected about inside that gets out later.
    assert!(sky >= t - 1e-12 && sky < 1.0, "{sky} against {t}");
}

/// A concave spherical mirror of radius R (vertex at the origin, facing −x) and an arrow at
/// d_o: where its tip's image is and how big (a narrow bundle: paraxial).
fn concave(r: f64, d_o: f64) -> (f64, f64, f64) {
    let s = scene(&format!(
        r#"(
        sources: [(id: "arrow", kind: Object(points: [(-{d_o}, 0.0), (-{d_o}, 0.01)], angle_deg: 0.0, spread_deg: 0.6, rays: 9))],
        surfaces: [(id: "mirror", curve: Arc(center_m: (-{r}, 0.0, 0.0), radius_m: {r}, from_deg: -20.0, to_deg: 20.0), does: Mirror)],
        probes: [
            (name: "x", of: Image(object: "arrow", point: 1, axis: x)),
            (name: "m", of: Magnification(object: "arrow", from: 0, to: 1)),
            (name: "real", of: ImageKind(object: "arrow", point: 1)),
        ],
    )"#
    ));
    let v = read(&s, &[]);
    (-v[0].unwrap(), v[1].unwrap(), v[2].unwrap())
}

#[test]
fn a_concave_mirror_images_by_the_mirror_equation() {
    // 1/d_o + 1/d_i = 2/R, m = −d_i/d_o (Hecht, Optics, §5.4.3): real and upside down beyond
    // the focus, virtual and upright inside it (同自己握手 and the shaving mirror).
    for (r, d_o) in [(0.6, 0.9), (0.6, 0.45), (1.0, 1.5), (0.6, 0.2), (1.0, 0.3)] {
        let d_i = 1.0 / (2.0 / r - 1.0 / d_o);
        let (x, m, real) = concave(r, d_o);
        assert!(
            (x - d_i).abs() / d_i.abs() < 2e-3,
            "R {r}, d_o {d_o}: {x} vs {d_i}"
        );
        assert!(
            (m + d_i / d_o).abs() < 3e-3 * (d_i / d_o).abs().max(1.0),
            "m {m} vs {}",
            -d_i / d_o
        );
        assert_eq!(real > 0.0, d_i > 0.0);
    }
}

#[test]
fn a_parabola_gathers_a_beam_at_its_focus_and_a_thin_lens_images_exactly() {
    // y = k·x² has its focus at 1/(4k): every ray of a beam along its axis meets there.
    for k in [1.0, 2.5] {
        let f = 1.0 / (4.0 * k);
        let s = scene(&format!(
            r#"(
            sources: [(id: "sun", kind: Beam(at_m: (0.0, 1.0), angle_deg: -90.0, width_m: 0.3, rays: 30))],
            surfaces: [
                (id: "dish", curve: Parabola(vertex_m: (0.0, 0.0, 0.0), k_per_m: {k}, from_x_m: -0.2, to_x_m: 0.2), does: Mirror),
                // A card 4 mm wide at the focus: the beam's rays pass beside it on the way in.
                (id: "card", curve: Line(from_m: (-0.002, {f}, 0.0), to_m: (0.002, {f}, 0.0)), does: Screen),
            ],
            probes: [(name: "w", of: SpotWidth(screen: "card")), (name: "y", of: Spot(screen: "card", axis: y))],
        )"#
        ));
        let v = read(&s, &[]);
        assert!(
            v[0].unwrap() < 1e-9 && (v[1].unwrap() - f).abs() < 1e-12,
            "{k}: {v:?}"
        );
    }
    // 1/d_o + 1/d_i = 1/f (thin lens; Hecht §5.2.3) whatever the bundle's width: the ideal
    // lens is exact, and m = −d_i/d_o.
    for (f, d_o) in [(0.2, 0.5), (0.2, 0.3), (0.2, 0.1), (-0.2, 0.5)] {
        let s = scene(&format!(
            r#"(
            sources: [(id: "arrow", kind: Object(points: [(-{d_o}, 0.0), (-{d_o}, 0.02)], angle_deg: 0.0, spread_deg: 20.0, rays: 7))],
            surfaces: [(id: "lens", curve: Line(from_m: (0.0, -0.3, 0.0), to_m: (0.0, 0.3, 0.0)), does: ThinLens(focal_m: {f}))],
            probes: [
                (name: "x", of: Image(object: "arrow", point: 1, axis: x)),
                (name: "m", of: Magnification(object: "arrow", from: 0, to: 1)),
            ],
        )"#
        ));
        let v = read(&s, &[]);
        let d_i = 1.0 / (1.0 / f - 1.0 / d_o);
        assert!(
            (v[0].unwrap() - d_i).abs() < 1e-9,
            "f {f} d_o {d_o}: {v:?} vs {d_i}"
        );
        assert!((v[1].unwrap() + d_i / d_o).abs() < 1e-9, "{v:?}");
    }
}

#[test]
fn two_mirrors_at_an_angle_make_360_over_it_less_one_images() {
    // Two long mirrors meeting at the origin at θ, a candle between them: 360°/θ − 1 images
    // where 360°/θ is even (the kaleidoscope; Hecht §5.4.1).
    for theta in [90.0f64, 60.0, 45.0, 30.0] {
        let half = theta / 2.0;
        let s = scene(&format!(
            r#"(
            sources: [(id: "candle", kind: Object(points: [({x}, {y})], angle_deg: 0.0, spread_deg: 360.0, rays: 1440))],
            surfaces: [
                (id: "a", curve: Line(from_m: (0.0, 0.0, 0.0), to_m: (2.0, 0.0, 0.0)), does: Mirror),
                (id: "b", curve: Line(from_m: (0.0, 0.0, 0.0), to_m: ({bx}, {by}, 0.0)), does: Mirror),
            ],
            probes: [(name: "n", of: Images(object: "candle", above: 0.0))],
            limits: (bounces: 64),
        )"#,
            x = 0.3 * (half * 0.8).to_radians().cos(),
            y = 0.3 * (half * 0.8).to_radians().sin(),
            bx = 2.0 * theta.to_radians().cos(),
            by = 2.0 * theta.to_radians().sin(),
        ));
        let n = read(&s, &[])[0].unwrap();
        assert_eq!(n, 360.0 / theta - 1.0, "θ = {theta}");
    }
}

#[test]
fn the_infinity_mirrors_images_fade_by_r_and_lie_2d_apart() {
    // An LED between a full mirror and a part-silvered one of reflectance R, d apart, seen
    // through the part-silvered one: the LED itself (through the glass), then images 2d, 4d
    // behind it, each after one more round trip and so R times as bright as the one before
    // (窥视无穷; the n-th carries (1 − R)·Rⁿ).
    let d = 0.05;
    for r in [0.5, 0.7, 0.9] {
        let s = scene(&format!(
            r#"(
            sources: [(id: "led", kind: Object(points: [(0.0, 0.0)], angle_deg: 90.0, spread_deg: 2.0, rays: 5))],
            surfaces: [
                (id: "back", curve: Line(from_m: (-1.0, -{d}, 0.0), to_m: (1.0, -{d}, 0.0)), does: Mirror),
                (id: "front", curve: Line(from_m: (-1.0, 0.0001, 0.0), to_m: (1.0, 0.0001, 0.0)), does: PartMirror(reflectance: {r})),
            ],
            probes: [
                (name: "y0", of: Image(object: "led", axis: y, bounces: 0)),
                (name: "y2", of: Image(object: "led", axis: y, bounces: 2)),
                (name: "y4", of: Image(object: "led", axis: y, bounces: 4)),
                (name: "p0", of: ImagePower(object: "led", bounces: 0)),
                (name: "p2", of: ImagePower(object: "led", bounces: 2)),
                (name: "p4", of: ImagePower(object: "led", bounces: 4)),
            ],
            limits: (floor: 1e-9, bounces: 200),
        )"#
        ));
        let v: Vec<f64> = read(&s, &[]).into_iter().map(Option::unwrap).collect();
        let gap = 2.0 * (d + 0.0001);
        assert!(
            (v[0] - v[1] - gap).abs() < 1e-9 && (v[1] - v[2] - gap).abs() < 1e-9,
            "{r}: {v:?}"
        );
        assert!((v[3] - (1.0 - r)).abs() < 1e-9, "{r}: {v:?}");
        assert!(
            (v[4] / v[3] - r).abs() < 1e-9 && (v[5] / v[4] - r).abs() < 1e-9,
            "{r}: {v:?}"
        );
    }
}

#[test]
fn light_is_kept_what_is_sent_arrives_leaves_or_is_counted_lost() {
    // A prism, a lens, a part mirror and a screen in one beam of three colours: the sources'
    // light (1 each) is all accounted for, to rounding; a floor of 0.2 drops light but says
    // how much.
    for floor in [1e-6, 0.2] {
        let s = scene(&format!(
            r#"(
            sources: [
                (id: "white", kind: Beam(at_m: (-0.8, 0.05), angle_deg: 0.0, width_m: 0.1, rays: 21), wavelengths_nm: [450.0, 550.0, 650.0]),
                (id: "lamp", kind: Fan(at_m: (0.0, 0.6), angle_deg: -90.0, spread_deg: 90.0, rays: 51)),
            ],
            glass: [(id: "prism", material: "BK7", outline: Polygon([(-0.3, -0.1), (-0.1, -0.1), (-0.2, 0.2)]))],
            surfaces: [
                (id: "lens", curve: Line(from_m: (0.1, -0.3, 0.0), to_m: (0.1, 0.3, 0.0)), does: ThinLens(focal_m: 0.3)),
                (id: "half", curve: Line(from_m: (0.3, -0.3, 0.0), to_m: (0.4, 0.3, 0.0)), does: PartMirror(reflectance: 0.4)),
                (id: "card", curve: Line(from_m: (0.7, -0.5, 0.0), to_m: (0.7, 0.5, 0.0)), does: Screen),
            ],
            limits: (floor: {floor}),
        )"#
        ));
        valid(&s);
        let w = OpticsWorld::new(&s, &BTreeMap::new());
        let t = &w.trace;
        let total = t.escaped + t.absorbed + t.lost;
        assert!(
            (total - 2.0).abs() < 1e-9,
            "floor {floor}: {total} of 2 ({t:?})",
            t = (t.escaped, t.absorbed, t.lost)
        );
        if floor > 0.1 {
            assert!(t.lost > 0.0);
        }
    }
}

#[test]
fn broken_scenes_are_refused_with_what_to_do() {
    let refused = |text: &str, says: &str| {
        let s = scene(text);
        let mut p = Problems::default();
        check::check(&s, "kind", &mut p);
        assert!(
            p.items.iter().any(|x| x.message.contains(says)),
            "{says}: {:#?}",
            p.items
        );
    };
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            surfaces: [(id: "lens", curve: Line(from_m: (0.5, -0.1, 0.0), to_m: (0.5, 0.1, 0.0)), does: ThinLens(focal_m: 0.0))])"#,
        "0 is no lens",
    );
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            glass: [(id: "g", material: "glas", outline: Polygon([(0.1, 0.0), (0.2, 0.0), (0.2, 0.1)]))])"#,
        "`glas` is not a material",
    );
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            glass: [(id: "g", material: "BK7", outline: Polygon([(0.1, 0.0), (0.2, 0.1), (0.2, 0.0), (0.1, 0.1)]))])"#,
        "crosses itself",
    );
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            glass: [
                (id: "a", material: "BK7", outline: Polygon([(0.1, 0.0), (0.3, 0.0), (0.2, 0.2)])),
                (id: "b", material: "water", outline: Polygon([(0.15, 0.02), (0.25, 0.02), (0.2, 0.1)])),
            ])"#,
        "`b` overlaps `a`",
    );
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            materials: [(id: "odd", index: Cauchy(a: 1.5, b_um2: -2.0), source: "x")])"#,
        "an index is between 1 and 4",
    );
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            surfaces: [(id: "m", curve: Line(from_m: (0.5, -0.1, 0.1), to_m: (0.5, 0.1, 0.0)), does: Mirror)])"#,
        "plane z = 0",
    );
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            surfaces: [(id: "m", curve: Line(from_m: (0.5, -0.1, 0.0), to_m: (0.5, 0.1, 0.0)), does: Mirror)],
            controls: [(name: "t", does: Parameter(paths: ["surfaces.m.tilt_deg"], min: 0.0, max: 1.0, default: 0.0))])"#,
        "is no number of this scene",
    );
    refused(
        r#"(sources: [(id: "l", kind: Laser(at_m: (0.0, 0.0), angle_deg: 0.0))],
            surfaces: [(id: "m", curve: Line(from_m: (0.5, -0.1, 0.0), to_m: (0.5, 0.1, 0.0)), does: PartMirror(reflectance: 0.5))],
            controls: [(name: "r", does: Parameter(paths: ["surfaces.m.reflectance"], min: 0.0, max: 1.5, default: 0.5))])"#,
        "at 1.5 the scene is not valid",
    );
}

#[test]
fn a_screen_sounds_when_its_light_is_cut() {
    // A laser on a screen; a hand (an absorber placed by a control) comes into the beam.
    let s = scene(
        r#"(
        sources: [(id: "laser", kind: Laser(at_m: (0.0, 0.0), angle_deg: 90.0))],
        surfaces: [
            (id: "note_c", curve: Line(from_m: (-0.05, 0.5, 0.0), to_m: (0.05, 0.5, 0.0)), does: Screen),
            (id: "hand", curve: Line(from_m: (-0.03, 0.2, 0.0), to_m: (0.03, 0.2, 0.0)), does: Absorber),
        ],
        controls: [(name: "finger", does: Place(surface: "hand"))],
        probes: [(name: "lit", of: Power(screen: "note_c"))],
    )"#,
    );
    valid(&s);
    assert_eq!(s.sound_events(), vec!["note_c".to_string()]);
    let mut controls: BTreeMap<String, ControlValue> =
        [("finger".to_string(), ControlValue::Bool(false))].into();
    let mut w = OpticsWorld::new(&s, &controls);
    assert_eq!(w.probe_values()[0], Some(1.0));
    w.step(&controls);
    assert!(w.events().is_empty());
    controls.insert("finger".into(), ControlValue::Bool(true));
    w.step(&controls);
    assert_eq!(w.events(), ["note_c".to_string()]);
    assert_eq!(w.probe_values()[0], Some(0.0));
    w.step(&controls);
    assert!(w.events().is_empty(), "once, as the light is cut");
}
