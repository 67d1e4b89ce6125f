//! The `panorama` kind's broken files: each refused at its field's line and column, saying
//! what is wrong (an image that is not 2:1, missing, outside the pack, not what its name
//! says or too big; a door to no scene).

use crate::panorama::tour_pack;
use crate::support::*;
use caravan::pack::check_exhibit_file;
use std::path::Path;

/// A copy of the tour pack with `from` replaced by `to` in its exhibit file; the problems
/// `validate` finds, as printed.
fn broken(name: &str, from: &str, to: &str, prepare: impl Fn(&Path)) -> (String, Vec<String>) {
    let dir = scratch(name);
    caravan::pack::copy_folder(&tour_pack(), &dir).unwrap();
    prepare(&dir);
    let file = dir.join("tour.exhibit.ron");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen(from, to, 1);
    std::fs::write(&file, &text).unwrap();
    let errors = match check_exhibit_file(&file, &dir) {
        Ok(_) => Vec::new(),
        Err(ds) => ds.iter().map(|d| d.to_string()).collect(),
    };
    (text, errors)
}

/// The one error, at the line and column where `at` starts, saying `says`.
fn refused_at(text: &str, errors: &[String], at: &str, says: &str) {
    let (line, col) = position_of(text, at);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!("tour.exhibit.ron:{line}:{col}: error:"))
            && errors[0].contains(says),
        "{errors:?} (want {line}:{col}, `{says}`)"
    );
}

/// A PNG of `w`×`h` in the pack at `rel`.
fn write_png(dir: &Path, rel: &str, w: u32, h: u32) {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([90, 120, 160]));
    img.save_with_format(dir.join(rel), image::ImageFormat::Png)
        .unwrap();
}

#[test]
fn a_panorama_that_is_not_two_to_one_is_refused_at_its_image() {
    let (text, errors) = broken("pano-aspect", "images/race.jpg", "images/square.png", |d| {
        write_png(d, "images/square.png", 400, 300)
    });
    refused_at(
        &text,
        &errors,
        "\"images/square.png\"",
        "twice as wide as it is high",
    );
}

#[test]
fn a_missing_image_is_refused() {
    let (text, errors) = broken("pano-missing", "images/race.jpg", "images/gone.jpg", |_| {});
    refused_at(
        &text,
        &errors,
        "\"images/gone.jpg\"",
        "does not exist in the pack",
    );
}

#[test]
fn an_image_outside_the_pack_is_refused_by_path_and_by_link() {
    let (text, errors) = broken("pano-outside", "images/race.jpg", "../race.jpg", |_| {});
    refused_at(&text, &errors, "\"../race.jpg\"", "leaves the pack");
    // A link inside the pack to a file outside it.
    let (text, errors) = broken("pano-link", "images/race.jpg", "images/link.jpg", |d| {
        let outside = d.parent().unwrap().join("outside-race.jpg");
        std::fs::copy(d.join("images/race.jpg"), &outside).unwrap();
        std::os::unix::fs::symlink(&outside, d.join("images/link.jpg")).unwrap();
    });
    refused_at(
        &text,
        &errors,
        "\"images/link.jpg\"",
        "leaves the pack folder",
    );
}

#[test]
fn a_door_to_a_scene_that_does_not_exist_is_refused_at_its_goto() {
    let (text, errors) = broken(
        "pano-goto",
        "goto: Some(\"race\")",
        "goto: Some(\"cellar\")",
        |_| {},
    );
    refused_at(
        &text,
        &errors,
        "\"cellar\"",
        "`cellar` is not a scene of this exhibit",
    );
}

#[test]
fn a_file_that_is_not_what_its_name_says_or_too_big_is_refused() {
    // A PNG named .jpg.
    let (text, errors) = broken("pano-format", "images/race.jpg", "images/fake.jpg", |d| {
        write_png(d, "images/fake.jpg", 400, 200)
    });
    refused_at(&text, &errors, "\"images/fake.jpg\"", "not a JPEG");
    // A PNG whose header says 16384×8192: refused before anything is decoded.
    let (text, errors) = broken("pano-huge", "images/race.jpg", "images/huge.png", |d| {
        let mut png = std::fs::read(d.join("previews/vr_tour.png")).unwrap();
        png[16..20].copy_from_slice(&16384u32.to_be_bytes());
        png[20..24].copy_from_slice(&8192u32.to_be_bytes());
        std::fs::write(d.join("images/huge.png"), png).unwrap();
    });
    refused_at(&text, &errors, "\"images/huge.png\"", "at most 8192×4096");
}
