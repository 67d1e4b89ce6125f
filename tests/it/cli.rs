//! The command-line contract: subcommands, exit codes, CSV columns, `--set` paths.

use crate::support::*;

#[test]
fn validate_exit_codes_are_0_1_2() {
    let ok = caravan(&["validate", core_pack("validate-core").to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert_eq!(
        stdout(&ok),
        "ok bernoulli_cups\nok music_turntable\nok airflow_obstacle\n"
    );

    let dir = scratch("cli-bad");
    copy_pack(&dir);
    let f = dir.join("bad.exhibit.ron");
    let src = std::fs::read_to_string(builtin_file("bernoulli_cups")).unwrap();
    std::fs::write(
        &f,
        src.replace("count: 4", "count: 1")
            .replace("radius_m: 0.02,", "radius_m: 0.5,"),
    )
    .unwrap();
    let bad = caravan(&[
        "validate",
        f.to_str().unwrap(),
        "exhibits/music_turntable.exhibit.ron",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let out = stdout(&bad);
    // Both problems of the bad file, and the good file's ok line.
    // The two ranges, and the three relations the big ball breaks (it fits no cup, and the
    // jet is too narrow to carry it).
    assert_eq!(out.matches(": error: ").count(), 5, "{out}");
    assert!(out.contains("`nozzle.diameter_m` at least"), "{out}");
    assert!(
        out.contains("kind.cups.count") && out.contains("kind.ball.radius_m"),
        "{out}"
    );
    assert!(out.contains("ok music_turntable"), "{out}");

    // A pack's pack.ron stands for its folder, and the kiosk's settings are checked as the
    // kiosk checks them (both were read as exhibits: "unexpected field `name`").
    let manifest = core_pack("validate-manifest").join("pack.ron");
    let o = caravan(&["validate", manifest.to_str().unwrap(), "config/kiosk.ron"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        "ok bernoulli_cups\nok music_turntable\nok airflow_obstacle\nok config/kiosk.ron\n"
    );
    let settings = dir.join("kiosk.ron");
    std::fs::write(&settings, "(\n    idle_s: 2.0,\n)\n").unwrap();
    let o = caravan(&["validate", settings.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("kiosk.ron:2:13: error: `idle_s` is 2 s"),
        "{}",
        stdout(&o)
    );

    let usage = caravan(&["validate"]);
    assert_eq!(usage.status.code(), Some(2));
    let usage = caravan(&["validate", "--no-such-flag", "x"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn list_prints_id_kind_title() {
    let o = caravan(&["list", "--pack", core_pack("list-core").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "bernoulli_cups\tbernoulli_cups\tBernoulli cups\nmusic_turntable\tmusic_turntable\tMusic turntable\nairflow_obstacle\tairflow_obstacle\tBlow round the bottle\n"
    );
}

#[test]
fn help_on_every_subcommand_has_an_example_and_version_prints() {
    for sub in [
        "run",
        "validate",
        "list",
        "simulate",
        "verify",
        "bench",
        "screenshot",
        "fuzz",
    ] {
        let o = caravan(&[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{sub}");
        assert!(stdout(&o).contains("Example: "), "{sub}: {}", stdout(&o));
    }
    let v = caravan(&["--version"]);
    assert_eq!(
        stdout(&v).trim(),
        format!("caravan {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_screenshot_size_beyond_a_window_is_refused_before_any_window() {
    // 99999 pixels panicked inside the window system; 0×0 wrote an empty picture.
    for size in ["99999x99999", "0x0", "63x800", "1280", "1280x800x2"] {
        let o = caravan(&["screenshot", "attract", "--out", "x.png", "--size", size]);
        assert_eq!(o.status.code(), Some(2), "{size}");
        assert_eq!(
            stderr(&o).trim(),
            "caravan: --size takes WIDTHxHEIGHT, each 64 to 8192 pixels, e.g. 1280x800",
            "{size}"
        );
    }
}

#[test]
fn run_without_a_display_says_so_in_one_sentence() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_caravan"))
        .args(["run", "--windowed"])
        .current_dir(repo())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("no display") && !e.contains("panicked"), "{e}");
}

#[test]
fn simulate_is_byte_identical_and_has_the_contract_columns() {
    let args = [
        "simulate",
        "bernoulli_cups",
        "--ticks",
        "240",
        "--set",
        "controls.blow=true",
        "--set",
        "controls.air_speed_m_s=7",
        "--set",
        "air.density_kg_m3=1.1",
    ];
    let a = caravan(&args);
    let b = caravan(&args);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    let csv = stdout(&a);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "tick,t_s,air_speed_m_s,pressure_drop_pa,water_column_mm,lift_n,weight_n,ball_x_m,ball_y_m,ball_z_m,ball_vy_m_s,ball_cup"
    );
    assert_eq!(csv.lines().count(), 241);
    let first: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(first[0], "1");
    assert_eq!(first[1], "0.016667");
    assert!(
        stderr(&a).contains("240 ticks"),
        "closing summary: {}",
        stderr(&a)
    );
    // The overridden density reaches the model: Δp = C·½ρv² once the breath has ramped up
    // (7 m/s is under the threshold here, so the gauge stays on cup 0, in the jet's core).
    let last: Vec<f64> = csv
        .lines()
        .last()
        .unwrap()
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect();
    let (v, dp) = (last[2], last[3]);
    assert!((dp - 0.6 * 0.5 * 1.1 * v * v).abs() < 1e-3, "{dp} vs {v}");

    let t = caravan(&["simulate", "music_turntable", "--ticks", "2"]);
    assert_eq!(
        stdout(&t).lines().next().unwrap(),
        "tick,t_s,omega_rad_s,rpm,nozzle_ring,ring_holes,pitch_hz,note,cents,blowing"
    );
}

#[test]
fn simulate_airflow_takes_the_fixed_set_paths_and_is_deterministic() {
    let args = [
        "simulate",
        "airflow_obstacle",
        "--ticks",
        "120",
        "--set",
        "grid.width=192",
        "--set",
        "grid.height=96",
        "--set",
        "obstacle.width_m=0.06",
        "--set",
        "controls.blow=true",
        "--set",
        "controls.jet_speed_m_s=12",
        "--set",
        "controls.obstacle=square",
        "--set",
        "controls.nozzle_y=-0.5",
    ];
    let a = caravan(&args);
    let b = caravan(&args);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    let csv = stdout(&a);
    assert_eq!(
        csv.lines().next().unwrap(),
        "tick,t_s,jet_speed_m_s,obstacle,reynolds,ball_x_m,ball_y_m,ball_vx_m_s,ball_vy_m_s,drag_x_n,drag_y_n,max_lattice_speed"
    );
    assert_eq!(csv.lines().count(), 121);
    let last: Vec<&str> = csv.lines().last().unwrap().split(',').collect();
    assert_eq!(last[3], "square");
    // 12 m/s of the 15 at lattice speed 0.1 = 0.08; a 0.06 m box is 24 cells of 2.5 mm;
    // ν = (0.51 − 0.5)/3: Re = 0.08 · 24 / 0.00333 = 576.
    let re: f64 = last[4].parse().unwrap();
    assert!((re - 576.0).abs() < 1.0, "{re}");
    // A bad obstacle and a nozzle off the edge are refused, one line each.
    let o = caravan(&[
        "simulate",
        "airflow_obstacle",
        "--ticks",
        "5",
        "--set",
        "controls.obstacle=triangle",
        "--set",
        "controls.nozzle_y=2",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("not one of round, square, plate, none"), "{e}");
    assert!(
        e.contains("controls.nozzle_y=2") && e.contains("-1 to 1"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 2, "{e}");
}

#[test]
fn simulate_refuses_bad_sets_with_one_line_each() {
    let o = caravan(&[
        "simulate",
        "bernoulli_cups",
        "--ticks",
        "5",
        "--set",
        "air.density_kg_m3=9",
        "--set",
        "controls.aim=sideways",
        "--set",
        "no.such.path=1",
        "--set",
        "cups.count=2.5",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("controls.aim=sideways") && e.contains("not one of mouth, side"),
        "{e}"
    );
    assert!(e.contains("no parameter `no.such.path`"), "{e}");
    assert!(
        e.contains("cups.count") && e.contains("whole number"),
        "{e}"
    );
    assert!(stdout(&o).is_empty());
    // A negative or huge count names its path (serde's "expected u32" named none).
    for (set, path) in [
        ("cups.count=-1", "`cups.count`"),
        ("max_pointers=99999999999", "`max_pointers`"),
    ] {
        let o = caravan(&["simulate", "bernoulli_cups", "--ticks", "5", "--set", set]);
        assert_eq!(o.status.code(), Some(1));
        let e = stderr(&o);
        assert!(
            e.contains(&format!(
                "--set {set}: error: {path} takes a whole number from 0"
            )),
            "{e}"
        );
    }
    // A value out of range is caught by the same checks as the file.
    let o = caravan(&[
        "simulate",
        "bernoulli_cups",
        "--ticks",
        "5",
        "--set",
        "air.density_kg_m3=9",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("kind.air.density_kg_m3") && stderr(&o).contains("between 0.5 and 1.5"),
        "{}",
        stderr(&o)
    );
    let o = caravan(&["simulate", "nonexistent", "--ticks", "5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bernoulli_cups, music_turntable, airflow_obstacle"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn simulate_replays_an_input_script() {
    let dir = scratch("script");
    let script = dir.join("visit.ron");
    std::fs::write(
        &script,
        "(events: [\n    (t_s: 0.0, input: Set(control: \"motor_rpm\", value: Number(1100.0))),\n    (t_s: 1.0, input: Button(action: Blow, pressed: true)),\n    (t_s: 2.0, input: Touch(id: 1, phase: down, x: 0.5, y: 0.2)),\n])\n",
    )
    .unwrap();
    let o = caravan(&[
        "simulate",
        "music_turntable",
        "--ticks",
        "180",
        "--set",
        "disk.initial_rpm=1100",
        "--input",
        script.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    let row = |t: usize| {
        csv.lines()
            .nth(t)
            .unwrap()
            .split(',')
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(row(30)[9], "0", "not blowing before 1 s");
    assert_eq!(row(90)[9], "1", "the Blow button blows");
    // Motor at 1100 rpm on ring 0 (24 holes) = 440 Hz, A4.
    assert_eq!(row(100)[3], "1100.000");
    assert_eq!(row(100)[6], "440.0000");
    assert_eq!(row(100)[7], "A4");
    // The finger grabs the disk at 2 s and holds it against the motor.
    let rpm_after: f64 = row(180)[3].parse().unwrap();
    assert!(rpm_after < 1100.0, "{rpm_after}");

    std::fs::write(
        &script,
        "(events: [(t_s: 0.0, input: Set(control: \"warp\", value: Bool(true)))])",
    )
    .unwrap();
    let o = caravan(&[
        "simulate",
        "music_turntable",
        "--ticks",
        "1",
        "--input",
        script.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("visit.ron:1:") && stderr(&o).contains("`warp` is not a control"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn simulate_writes_the_siren_to_wav_at_the_right_pitch() {
    let dir = scratch("wav");
    let wav = dir.join("siren.wav");
    let o = caravan(&[
        "simulate",
        "music_turntable",
        "--ticks",
        "120",
        "--set",
        "disk.initial_rpm=1100",
        "--set",
        "controls.motor_rpm=1100",
        "--set",
        "controls.blow=true",
        "--set",
        "controls.ring=7",
        "--audio-out",
        wav.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (rate, samples) = caravan::wav::read(&std::fs::read(&wav).unwrap()).unwrap();
    assert_eq!(rate, 48_000);
    assert_eq!(samples.len(), 120 * 800);
    // 48 holes at 1100 rpm: 880 Hz, measured from the file.
    let f = caravan::model::synth::estimate_pitch_hz(&samples[4800..], rate).unwrap();
    assert!((f - 880.0).abs() / 880.0 < 0.002, "{f}");
}

#[test]
fn fuzz_runs_the_kiosk_and_reports_or_refuses_clearly() {
    let o = caravan(&["fuzz", "music_turntable", "--seconds", "20", "--seed", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("seed 3") && out.contains("entities") && out.trim_end().ends_with("ok"),
        "{out}"
    );
    let o = caravan(&["fuzz", "no_such_exhibit", "--seconds", "5", "--seed", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no exhibit `no_such_exhibit`"),
        "{}",
        stderr(&o)
    );
    let o = caravan(&["fuzz", "all", "--seconds", "-1", "--seed", "1"]);
    assert_eq!(o.status.code(), Some(2));
    // No finger, a hundred thousand of them, or a fuzz that would outlast the machine: one
    // sentence each (they ran).
    for (flag, value, says) in [
        ("--pointers", "0", "--pointers takes 1 to 64"),
        ("--pointers", "100000", "--pointers takes 1 to 64"),
        ("--seconds", "1e12", "at most 31622400 (a year)"),
    ] {
        let mut args = vec!["fuzz", "all", "--seed", "1", flag, value];
        if flag != "--seconds" {
            args.extend(["--seconds", "1"]);
        }
        let o = caravan(&args);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(stdout(&o).contains(says), "{}", stdout(&o));
    }
}

#[test]
fn soak_has_visitors_only_in_opening_hours_and_refuses_bad_times() {
    let visitors = |out: &str| -> u64 {
        let at = out.find(" visitors").expect(out);
        out[..at].rsplit(' ').next().unwrap().parse().unwrap()
    };
    // Two minutes at opening time: someone comes (one every 3 minutes on average; seed 1
    // brings the first at 09:00:10).
    let o = caravan(&["soak", "--hours", "0.04", "--seed", "1"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(visitors(&out) >= 1 && out.contains("Exhibit"), "{out}");
    assert!(out.trim_end().ends_with("ok"), "{out}");
    // At night nobody does, and the attract loop is all there is.
    let o = caravan(&["soak", "--hours", "0.02", "--start", "03:00"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_eq!(visitors(&out), 0, "{out}");
    assert!(
        !out.contains("Exhibit") && !out.contains("Launcher"),
        "{out}"
    );
    for bad in [
        ["--hours=0.01", "--start=25:00"],
        ["--hours=0.01", "--start=noon"],
        ["--hours=-1", "--start=09:00"],
        ["--hours=NaN", "--start=09:00"],
        ["--hours=1e9", "--start=09:00"],
    ] {
        let o = caravan(&[&["soak"][..], &bad[..]].concat());
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(stdout(&o).contains("caravan soak: --"), "{bad:?}");
    }
}
