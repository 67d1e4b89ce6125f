//! The kiosk on screen: one render under software Vulkan (skipped, with a message, only where
//! no X server can be started).

use crate::support::*;
use std::process::Command;

#[test]
fn kiosk_config_defaults_are_valid_and_the_shipped_config_loads() {
    use caravan::kiosk::config::KioskConfig;
    assert!(KioskConfig::default().check().is_empty());
    let (c, problems) = KioskConfig::load(&repo().join("config/kiosk.ron"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(c.default_language, "zh-CN");
}

#[test]
fn a_bad_kiosk_config_falls_back_to_defaults_with_a_located_error() {
    use caravan::kiosk::config::KioskConfig;
    let dir = scratch("config");
    let f = dir.join("kiosk.ron");
    std::fs::write(&f, "(\n    idle_s: 2.0,\n    languages: [\"fr\"],\n)\n").unwrap();
    let (c, problems) = KioskConfig::load(&f);
    assert_eq!(c, KioskConfig::default());
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("kiosk.ron:2:13:") && l.contains("idle_s")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("kiosk.ron:3:17:") && l.contains("`fr`")),
        "{lines:?}"
    );
}

#[test]
fn screenshot_of_an_exhibit_is_not_blank() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        eprintln!(
            "SKIPPED: xvfb-run is not installed (Debian: xvfb mesa-vulkan-drivers); `make test` installs it"
        );
        return;
    }
    let dir = scratch("shot");
    let png = dir.join("cups.png");
    let o = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1024x640x24",
            env!("CARGO_BIN_EXE_caravan"),
            "screenshot",
            "bernoulli_cups",
        ])
        .args([
            "--out",
            png.to_str().unwrap(),
            "--size",
            "1024x640",
            "--ticks",
            "30",
            "--lang",
            "zh-CN",
        ])
        .current_dir(repo())
        .output()
        .unwrap();
    let log = stderr(&o);
    if !o.status.success()
        && (log.contains("No Vulkan")
            || log.contains("Unable to find a GPU")
            || log.contains("no adapter"))
    {
        eprintln!(
            "SKIPPED: no Vulkan device here (install mesa-vulkan-drivers): {}",
            log.lines().last().unwrap_or("")
        );
        return;
    }
    assert!(o.status.success(), "{log}");
    let bytes = std::fs::read(&png).unwrap();
    let img = decode_png_rgb(&bytes);
    // Not blank: many distinct colours, and neither all dark nor all one colour.
    let mut colours = std::collections::BTreeSet::new();
    for px in img.chunks(3).step_by(97) {
        colours.insert((px[0] / 16, px[1] / 16, px[2] / 16));
    }
    assert!(colours.len() > 20, "only {} colours", colours.len());
}

/// A PNG decoder is a dependency too many for one test: ask Bevy's image crate.
fn decode_png_rgb(bytes: &[u8]) -> Vec<u8> {
    let img = bevy::image::Image::from_buffer(
        bytes,
        bevy::image::ImageType::Extension("png"),
        bevy::image::CompressedImageFormats::NONE,
        true,
        bevy::image::ImageSampler::Default,
        bevy::asset::RenderAssetUsages::default(),
    )
    .expect("a PNG");
    let data = img.data.expect("pixels");
    data.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect()
}

#[test]
fn every_builtin_character_has_a_glyph() {
    // The kiosk draws all text with the shipped subset of WenQuanYi Micro Hei; a character it
    // lacks is drawn as a box. `tools/subset_font.py` rebuilds the subset.
    let font = std::fs::read(repo().join("assets/fonts/wqy-microhei-subset.ttf")).unwrap();
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    let mut missing = std::collections::BTreeSet::new();
    for dir in ["exhibits", "assets/i18n", "config"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "ron") {
                let text = std::fs::read_to_string(&path).unwrap();
                for c in text.chars().filter(|c| !c.is_control()) {
                    if face.glyph_index(c).is_none() {
                        missing.insert(c);
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no glyph for {missing:?}: run tools/subset_font.py"
    );
}
