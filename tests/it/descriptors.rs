//! Validation: the built-in pack is valid; every kind of broken file gets the right
//! `PATH:LINE:COL` and field path, and nothing panics.

use crate::support::*;
use caravan::descriptor::parse_exhibit_str;
use caravan::pack::{check_exhibit_file, load_pack};
use std::path::Path;

#[test]
fn the_builtin_pack_is_valid() {
    let r = load_pack(&builtin_pack());
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let listed = r.pack.expect("the pack loads").manifest.exhibits.len();
    assert!(listed >= 3);
    assert_eq!(r.ok_ids.len(), listed, "{:?}", r.ok_ids);
}

/// Writes the built-in cups descriptor with `from` replaced by `to` and validates it; returns
/// the diagnostics and where `to` starts in the broken file.
fn broken(name: &str, from: &str, to: &str) -> (Vec<String>, (usize, usize)) {
    let src = std::fs::read_to_string(builtin_file("bernoulli_cups")).unwrap();
    assert!(src.contains(from), "`{from}` is in the built-in descriptor");
    let text = src.replacen(from, to, 1);
    let dir = scratch(name);
    let file = dir.join("broken.exhibit.ron");
    std::fs::write(&file, &text).unwrap();
    // Its sounds are the built-in pack's.
    let ds = check_exhibit_file(&file, &builtin_pack()).expect_err("the file is broken");
    let lines = ds.iter().map(|d| d.to_string()).collect();
    (lines, position_of(&text, to))
}

fn assert_one(lines: &[String], line: usize, col: usize, needles: &[&str]) {
    assert_eq!(lines.len(), 1, "{lines:?}");
    let l = &lines[0];
    assert!(
        l.contains(&format!("broken.exhibit.ron:{line}:{col}: error: ")),
        "{l} (expected {line}:{col})"
    );
    for n in needles {
        assert!(l.contains(n), "`{n}` in {l}");
    }
}

#[test]
fn bad_syntax_points_at_the_stray_token() {
    let (l, (line, col)) = broken(
        "syntax",
        "density_kg_m3: 1.204,",
        "density_kg_m3: 1.204 0.6,",
    );
    // RON stops at the second number, 6 characters after the field's value.
    assert_one(
        &l,
        line,
        col + "density_kg_m3: 1.204 ".len(),
        &["Expected comma", "kind.air.density_kg_m3"],
    );
}

#[test]
fn wrong_type_names_the_field() {
    let (l, (line, col)) = broken("type", "density_kg_m3: 1.204", "density_kg_m3: \"thick\"");
    // RON reports at the blank before the value.
    assert_one(
        &l,
        line,
        col + "density_kg_m3:".len(),
        &["Expected float", "kind.air.density_kg_m3"],
    );
}

#[test]
fn missing_field_says_what_to_add() {
    let src = std::fs::read_to_string(builtin_file("bernoulli_cups")).unwrap();
    let title_line = src
        .lines()
        .find(|l| l.trim_start().starts_with("title:"))
        .unwrap();
    let (l, _) = broken("missing", title_line, "");
    assert_eq!(l.len(), 1, "{l:?}");
    assert!(
        l[0].contains("missing field") && l[0].contains("add `title: …`"),
        "{}",
        l[0]
    );
}

#[test]
fn out_of_range_values_are_all_reported_at_their_fields() {
    let src = std::fs::read_to_string(builtin_file("bernoulli_cups")).unwrap();
    let text = src
        .replacen("density_kg_m3: 1.204", "density_kg_m3: 5.0", 1)
        .replacen("mass_kg: 0.0027", "mass_kg: -1.0", 1)
        .replacen("count: 4", "count: 9", 1);
    let p = parse_exhibit_str(Path::new("x.ron"), &text).unwrap();
    let ds = p.diagnostics(p.descriptor.check(&|_, _| Ok(())));
    assert_eq!(ds.len(), 3, "{ds:?}");
    let (l, c) = position_of(&text, "5.0");
    assert_eq!((ds[0].line, ds[0].col), (l, c));
    assert!(
        ds[0].message.contains("kind.air.density_kg_m3") && ds[0].message.contains("0.5 and 1.5")
    );
    let (l, c) = position_of(&text, "-1.0");
    assert_eq!((ds[1].line, ds[1].col), (l, c));
    assert!(ds[1].message.contains("kind.ball.mass_kg"));
    let (l, c) = position_of(&text, "9,");
    assert_eq!((ds[2].line, ds[2].col), (l, c));
    assert!(ds[2].message.contains("kind.cups.count") && ds[2].message.contains("2 and 6"));
}

#[test]
fn unknown_fields_and_kinds_are_refused_with_the_choices() {
    let (l, (line, col)) = broken("unknown", "density_kg_m3: 1.204", "densty_kg_m3: 1.204");
    assert_one(
        &l,
        line,
        col,
        &["densty_kg_m3", "expected either `density_kg_m3`"],
    );
    let (l, (line, col)) = broken("kind", "bernoulli_cups(", "bernoulli_cupz(");
    assert_one(&l, line, col, &["bernoulli_cupz", "music_turntable"]);
}

#[test]
fn missing_locale_is_reported() {
    let (l, (line, col)) = broken(
        "locale",
        "title: { \"zh-CN\": \"伯努利量杯\", \"en\": \"Bernoulli cups\" }",
        "title: { \"en\": \"Bernoulli cups\" }",
    );
    assert_one(
        &l,
        line,
        col + "title: ".len(),
        &["`title` has no `zh-CN` text"],
    );
}

#[test]
fn asset_paths_cannot_leave_the_pack() {
    let src = std::fs::read_to_string(builtin_file("bernoulli_cups")).unwrap();
    for (name, path) in [
        ("dotdot", "../../etc/passwd.wav"),
        ("abs", "/etc/passwd.wav"),
        ("missing", "sounds/none.wav"),
    ] {
        let text = src.replacen("\"sounds/breath.wav\"", &format!("\"{path}\""), 1);
        let dir = scratch(&format!("asset-{name}"));
        copy_pack(&dir);
        let file = dir.join("a.exhibit.ron");
        std::fs::write(&file, &text).unwrap();
        let ds = check_exhibit_file(&file, &dir).expect_err("refused");
        assert_eq!(ds.len(), 1, "{ds:?}");
        let (l, c) = position_of(&text, &format!("\"{path}\""));
        assert_eq!((ds[0].line, ds[0].col), (l, c), "{}", ds[0]);
        let expect = if name == "missing" {
            "does not exist"
        } else {
            "leaves the pack"
        };
        assert!(ds[0].message.contains(expect), "{}", ds[0]);
    }
}

#[test]
fn a_sound_that_is_not_16_bit_mono_wav_is_refused() {
    let dir = scratch("wavfmt");
    copy_pack(&dir);
    std::fs::write(dir.join("sounds/breath.wav"), b"RIFF\x24\0\0\0WAVEfmt junk").unwrap();
    let ds =
        check_exhibit_file(&dir.join("bernoulli_cups.exhibit.ron"), &dir).expect_err("refused");
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert!(
        ds[0].message.contains("not a 16-bit PCM mono WAV"),
        "{}",
        ds[0]
    );
}

#[test]
fn duplicate_ids_in_a_pack_are_refused_and_the_pack_is_not_loaded() {
    let dir = scratch("dup");
    copy_pack(&dir);
    let src = std::fs::read_to_string(dir.join("bernoulli_cups.exhibit.ron")).unwrap();
    std::fs::write(dir.join("copy.exhibit.ron"), &src).unwrap();
    let manifest = std::fs::read_to_string(dir.join("pack.ron")).unwrap();
    std::fs::write(
        dir.join("pack.ron"),
        manifest.replace(
            "\"music_turntable.exhibit.ron\",",
            "\"music_turntable.exhibit.ron\",\n        \"copy.exhibit.ron\",",
        ),
    )
    .unwrap();
    let r = load_pack(&dir);
    assert!(r.pack.is_none());
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    let d = &r.diagnostics[0];
    assert!(d.file.ends_with("copy.exhibit.ron"));
    assert_eq!((d.line, d.col), position_of(&src, "\"bernoulli_cups\""));
    assert!(d.message.contains("already used"));
}

#[test]
fn oversized_and_deeply_nested_files_are_refused_without_a_crash() {
    let dir = scratch("huge");
    let big = dir.join("big.exhibit.ron");
    std::fs::write(&big, "/".repeat(300 * 1024)).unwrap();
    let ds = check_exhibit_file(&big, &dir).expect_err("too big");
    assert!(ds[0].to_string().contains("over the limit"), "{}", ds[0]);
    let deep = dir.join("deep.exhibit.ron");
    let nest = 100_000;
    std::fs::write(
        &deep,
        format!(
            "(id: \"x\", kind: bernoulli_cups(), title: {{}}, blurb: {{}}, scene: (props: {}{}))",
            "[".repeat(nest),
            "]".repeat(nest)
        ),
    )
    .unwrap();
    let ds = check_exhibit_file(&deep, &dir).expect_err("refused");
    assert!(
        ds[0].to_string().contains("deep.exhibit.ron:1:"),
        "{}",
        ds[0]
    );
}

#[test]
fn garbage_never_panics() {
    let src = std::fs::read_to_string(builtin_file("music_turntable")).unwrap();
    // Every prefix of a real file, and some junk: an error each time, never a panic.
    for cut in (0..src.len())
        .step_by(37)
        .filter(|i| src.is_char_boundary(*i))
    {
        let _ = parse_exhibit_str(Path::new("p.ron"), &src[..cut]);
    }
    for junk in [
        "",
        "(",
        ")",
        "[[[",
        "\"",
        "r#\"",
        "(id: 5)",
        "{\"a\": }",
        "\u{0}\u{1}",
    ] {
        assert!(parse_exhibit_str(Path::new("j.ron"), junk).is_err());
    }
}

#[test]
fn airflow_positions_are_checked_against_the_table_with_their_place_in_the_file() {
    let dir = scratch("airflow-bad");
    copy_pack(&dir);
    let src = std::fs::read_to_string(builtin_file("airflow_obstacle")).unwrap();
    // A 40 cm bottle on a 32 cm wide table, and a grid too small for the ball's start.
    let bad = src
        .replace("width_m: 0.08", "width_m: 0.4")
        .replace("width: 256", "width: 100");
    let f = dir.join("air.exhibit.ron");
    std::fs::write(&f, &bad).unwrap();
    let o = caravan(&["validate", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let (line, col) = position_of(&bad, "width_m: 0.4");
    let col = col + "width_m: ".len();
    assert!(
        out.contains(&format!(
            "air.exhibit.ron:{line}:{col}: error: `kind.obstacle.width_m` is 0.4 m"
        )),
        "{out}"
    );
    assert!(
        out.contains("the table is grid.width × grid.cell_m = 0.25 m"),
        "{out}"
    );
    // The ball cannot start anywhere on so short a table: the message says so plainly.
    assert!(
        out.contains("`kind.ball.x_m` is 0.4 m, and no value fits"),
        "{out}"
    );
}

#[test]
fn a_preview_must_be_a_png_inside_the_pack() {
    let dir = scratch("preview");
    copy_pack(&dir);
    let file = dir.join("bernoulli_cups.exhibit.ron");
    let src: String = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("preview:"))
        .map(|l| format!("{l}\n"))
        .collect();
    for (name, preview, bytes, expect) in [
        (
            "fake",
            "previews/x.png",
            Some(&b"GIF89a not a png"[..]),
            "not a PNG image",
        ),
        ("jpeg", "previews/x.jpg", None, "not a .png file"),
        ("outside", "../x.png", None, "leaves the pack"),
        ("missing", "previews/none.png", None, "does not exist"),
    ] {
        if let Some(b) = bytes {
            std::fs::create_dir_all(dir.join("previews")).unwrap();
            std::fs::write(dir.join(preview), b).unwrap();
        }
        let text = src.replacen(
            "max_pointers:",
            &format!("preview: \"{preview}\",\n    max_pointers:"),
            1,
        );
        std::fs::write(&file, &text).unwrap();
        let ds = check_exhibit_file(&file, &dir).expect_err(name);
        assert_eq!(ds.len(), 1, "{name}: {ds:?}");
        let (l, c) = position_of(&text, &format!("\"{preview}\""));
        assert_eq!((ds[0].line, ds[0].col), (l, c), "{name}: {}", ds[0]);
        assert!(ds[0].message.contains(expect), "{name}: {}", ds[0]);
    }
}
