//! Text and numbers from a file or the command line that once broke their own formats: each
//! test failed before its fix.

use crate::support::*;
use caravan::pack::check_exhibit_file;

/// A copy of the built-in pack with `from` replaced by `to` in the cups descriptor.
fn edited_pack(name: &str, from: &str, to: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    copy_pack(&dir);
    let f = dir.join("bernoulli_cups.exhibit.ron");
    let src = std::fs::read_to_string(&f).unwrap();
    assert!(src.contains(from), "`{from}` is in the built-in descriptor");
    std::fs::write(&f, src.replacen(from, to, 1)).unwrap();
    dir
}

/// Every line of `validate`'s output is an `ok` line or one whole diagnostic.
fn assert_lines_whole(out: &str) {
    for l in out.lines() {
        assert!(
            l.starts_with("ok ") || l.contains(".ron:") && l.contains(": error: "),
            "a broken line: {l:?} in\n{out}"
        );
    }
}

#[test]
fn a_title_with_a_tab_or_newline_is_refused_and_list_rows_stay_whole() {
    let dir = edited_pack(
        "title-tab",
        r#""en": "Bernoulli cups""#,
        r#""en": "Bernoulli\tcups\nnext line""#,
    );
    let o = caravan(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("`title.en` has a line break, tab"), "{out}");
    assert_lines_whole(&out);
    let o = caravan(&["list", "--pack", dir.to_str().unwrap()]);
    for l in stdout(&o).lines() {
        assert_eq!(l.split('\t').count(), 3, "{l:?}");
    }
    for l in stderr(&o).lines() {
        assert!(l.contains(": error: "), "{l:?}");
    }
}

#[test]
fn quoted_text_with_newlines_keeps_each_error_on_one_line() {
    for (from, to) in [
        (r#"id: "bernoulli_cups""#, "id: \"bad\\nid\""),
        (r#"drives: "aim""#, "drives: \"a\\nim\""),
        (r##"background: "#223044""##, "background: \"#22\\n3044\""),
    ] {
        let dir = edited_pack("newline-quote", from, to);
        let o = caravan(&[
            "validate",
            dir.join("bernoulli_cups.exhibit.ron").to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{to}");
        let out = stdout(&o);
        assert!(
            out.contains("\\n"),
            "{to}: the newline is shown escaped: {out}"
        );
        assert_lines_whole(&out);
    }
}

#[test]
fn an_unknown_field_in_an_input_event_is_an_error_in_attract_and_in_scripts() {
    let dir = edited_pack(
        "attract-field",
        "attract: [",
        "attract: [\n        (t_s: 0.5, input: Touch(id: 1, phase: down, x: 0.5, y: 0.5, pressure: 9.0)),",
    );
    let ds =
        check_exhibit_file(&dir.join("bernoulli_cups.exhibit.ron"), &dir).expect_err("refused");
    assert!(ds[0].message.contains("pressure"), "{}", ds[0]);
    let script = scratch("script-field").join("s.ron");
    std::fs::write(
        &script,
        "(events: [(t_s: 0.0, input: Touch(id: 1, phase: down, x: 0.5, y: 0.5, pressure: 9.0))])",
    )
    .unwrap();
    let o = caravan(&[
        "simulate",
        "bernoulli_cups",
        "--ticks",
        "2",
        "--input",
        script.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("s.ron:1:") && stderr(&o).contains("pressure"),
        "{}",
        stderr(&o)
    );
}

fn simulate_turntable(sets: &[&str]) -> std::process::Output {
    let mut args = vec!["simulate", "music_turntable", "--ticks", "3"];
    for s in sets {
        args.extend(["--set", s]);
    }
    caravan(&args)
}

#[test]
fn a_held_control_is_checked_against_the_runs_own_parameters() {
    // The motor may go to 3000 rpm in this run, so holding it at 2000 is fine…
    let o = simulate_turntable(&["motor.max_rpm=3000", "controls.motor_rpm=2000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap().to_string();
    assert!(last.starts_with("3,"), "{last}");
    // …and with a motor that stops at 1250, 1400 is refused, not run at 1250.
    let o = simulate_turntable(&["motor.max_rpm=1250", "controls.motor_rpm=1400"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("motor_rpm") && stderr(&o).contains("1250"),
        "{}",
        stderr(&o)
    );
    // A motor too slow for the file's own dial and attract script: each line says which
    // parameter sets the range they left, and where they are.
    let o = simulate_turntable(&["motor.max_rpm=100"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    for at in ["`controls[1].max`", "`attract[0].input.value`"] {
        assert!(
            e.lines()
                .any(|l| l.contains(at) && l.contains("which `kind.motor.max_rpm` sets")),
            "{at}: {e}"
        );
    }
}

#[test]
fn a_file_path_set_on_the_command_line_gets_the_file_checks() {
    for (set, needle) in [
        ("preview=previews/none.png", "does not exist"),
        ("preview=../../etc/passwd.png", "leaves the pack"),
    ] {
        let o = caravan(&["simulate", "bernoulli_cups", "--ticks", "2", "--set", set]);
        assert_eq!(o.status.code(), Some(1), "{set}");
        assert!(stderr(&o).contains(needle), "{set}: {}", stderr(&o));
    }
}

#[test]
fn a_script_beyond_a_dial_is_not_clamped_and_beyond_the_control_is_refused() {
    // The turntable's dial stops at 1200 rpm; the motor (the control) goes to 1500.
    let dir = scratch("beyond-dial");
    let script = dir.join("s.ron");
    let at = |rpm: f64| {
        std::fs::write(
            &script,
            format!(
                "(events: [(t_s: 0.0, input: Set(control: \"motor_rpm\", value: Number({rpm})))])"
            ),
        )
        .unwrap();
        caravan(&[
            "simulate",
            "music_turntable",
            "--ticks",
            "1800",
            "--input",
            script.to_str().unwrap(),
        ])
    };
    let o = at(1400.0);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap().to_string();
    let rpm: f64 = last.split(',').nth(3).unwrap().parse().unwrap();
    assert!(
        rpm > 1300.0,
        "the disk spins up past the dial's 1200: {last}"
    );
    let o = at(1600.0);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("s.ron:1:"), "{}", stderr(&o));
    // --set follows the same rule.
    let o = simulate_turntable(&["controls.motor_rpm=1400"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = simulate_turntable(&["controls.motor_rpm=1600"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn extreme_numbers_give_short_messages_without_nan() {
    let dir = scratch("extreme");
    copy_pack(&dir);
    let f = dir.join("airflow_obstacle.exhibit.ron");
    let src = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, src.replacen("cell_m: 0.0025", "cell_m: 1e-320", 1)).unwrap();
    let ds = check_exhibit_file(&f, &dir).expect_err("refused");
    ds.iter().for_each(|d| assert_readable(&d.to_string()));
    // Messages that relate two fields print both with the same care (they printed a ball of
    // radius 1 followed by 300 zeros), on the command line as in a file.
    for set in [
        "ball.radius_m=1e300",
        "cups.base_m=1e300",
        "cups.height_m=1e-300",
        "cups.inner_radius_m=1e300",
        "cups.inner_radius_m=1e-300",
        "cups.wall_m=1e300",
    ] {
        let o = caravan(&["simulate", "bernoulli_cups", "--ticks", "1", "--set", set]);
        assert_eq!(o.status.code(), Some(1), "{set}");
        stdout(&o)
            .lines()
            .chain(stderr(&o).lines())
            .for_each(assert_readable);
    }
    let f = dir.join("bernoulli_cups.exhibit.ron");
    let src = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, src.replacen("(t_s: 3.0,", "(t_s: 1e-300,", 1)).unwrap();
    let ds = check_exhibit_file(&f, &dir).expect_err("out of order");
    assert!(ds.iter().any(|d| d.to_string().contains("time order")));
    ds.iter().for_each(|d| assert_readable(&d.to_string()));
    let config = dir.join("kiosk.ron");
    std::fs::write(&config, "(idle_s: 5e-324)").unwrap();
    let (_, problems) = caravan::kiosk::config::KioskConfig::load(&config);
    let l = problems[0].to_string();
    assert!(l.contains("5e-324") && l.len() < 200, "{l}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = scratch("bom");
    copy_pack(&dir);
    let f = dir.join("bernoulli_cups.exhibit.ron");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(&f).unwrap());
    std::fs::write(&f, bytes).unwrap();
    let o = caravan(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn a_wav_that_claims_an_impossible_sample_rate_is_refused() {
    for rate in [0u32, 4_294_967_295] {
        let dir = scratch("wav-rate");
        copy_pack(&dir);
        let wav = dir.join("sounds/breath.wav");
        let mut bytes = std::fs::read(&wav).unwrap();
        bytes[24..28].copy_from_slice(&rate.to_le_bytes());
        std::fs::write(&wav, bytes).unwrap();
        let ds =
            check_exhibit_file(&dir.join("bernoulli_cups.exhibit.ron"), &dir).expect_err("refused");
        assert!(ds[0].message.contains("8–192 kHz"), "{rate}: {}", ds[0]);
    }
}
