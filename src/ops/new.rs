//! `caravan new PACK_DIR [--kind mechanics|optics|waves|flow|panorama]`: a pack with one commented
//! starter exhibit that validates, runs (and for the data kinds, verifies) as written; the
//! author changes it from there.

use std::path::Path;

/// Writes the starter pack into `dir` (which must not exist, or be empty). Returns what to do
/// next, or why nothing was written.
pub fn run(dir: &Path, kind: &str) -> Result<String, String> {
    let (starter, try_it) = match kind {
        "mechanics" => (
            MECHANICS,
            "caravan simulate starter --pack {d} --ticks 120 --set controls.release=true\n\
             \x20      caravan verify --pack {d}",
        ),
        "optics" => (
            OPTICS,
            "caravan simulate starter --pack {d} --ticks 3 --set controls.tilt_deg=10\n\
             \x20      caravan verify --pack {d}",
        ),
        "waves" => (
            WAVES,
            "caravan simulate starter --pack {d} --ticks 120 --set controls.frequency_hz=12\n\
             \x20      caravan verify --pack {d}",
        ),
        "flow" => (
            FLOW,
            "caravan simulate starter --pack {d} --ticks 120 --set controls.blow=true\n\
             \x20      caravan verify --pack {d}",
        ),
        "panorama" => (
            PANORAMA,
            "caravan simulate starter --pack {d} --ticks 120 --set controls.turn_right=true",
        ),
        _ => {
            return Err(format!(
                "`--kind {kind}`: a starter is written for `mechanics`, `optics`, `waves`, `flow` and `panorama`; for the other kinds copy an exhibit of the built-in pack `exhibits/`"
            ));
        }
    };
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!(
            "{} is already there and not empty: nothing written (give a new folder)",
            dir.display()
        ));
    }
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text)
            .map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    write("pack.ron", PACK)?;
    write("starter.exhibit.ron", starter)?;
    if kind == "panorama" {
        let images = dir.join("images");
        std::fs::create_dir_all(&images)
            .map_err(|e| format!("cannot make {}: {e}", images.display()))?;
        for (name, sky) in [
            ("hall.png", [70, 110, 170]),
            ("garden.png", [120, 170, 220]),
        ] {
            placeholder(sky)
                .save_with_format(images.join(name), image::ImageFormat::Png)
                .map_err(|e| format!("cannot write {}: {e}", images.join(name).display()))?;
        }
    }
    let d = dir.display().to_string();
    Ok(format!(
        "wrote {d}/pack.ron and {d}/starter.exhibit.ron\n\
         next:  caravan validate {d}\n\
         \x20      {}\n\
         \x20      caravan run --pack {d} --windowed --exhibit starter   (every save shows at once)\n\
         the fields are described in docs/descriptor-reference.md and docs/authoring.md",
        try_it.replace("{d}", &d)
    ))
}

/// A placeholder panorama, 2048×1024: sky above the horizon, floor below, and a band round
/// the horizon coloured by direction (red ahead, green right, blue behind, yellow left) with a
/// mark every 30°, so that an author sees which way is which before a photo replaces it.
fn placeholder(sky: [u8; 3]) -> image::RgbImage {
    const COMPASS: [[u8; 3]; 4] = [[220, 60, 50], [60, 180, 80], [60, 110, 220], [230, 200, 60]];
    image::RgbImage::from_fn(2048, 1024, |x, y| {
        let yaw = (x as f64 + 0.5) / 2048.0 * 360.0 - 180.0;
        let pitch = 90.0 - (y as f64 + 0.5) / 1024.0 * 180.0;
        let mark = (yaw.rem_euclid(30.0) < 0.5) && pitch.abs() < 12.0;
        let quarter = ((yaw + 45.0).rem_euclid(360.0) / 90.0) as usize % 4;
        let shade = |c: [u8; 3], k: f64| c.map(|v| (v as f64 * k) as u8);
        image::Rgb(if mark {
            [250, 250, 250]
        } else if pitch.abs() < 6.0 {
            COMPASS[quarter]
        } else if pitch > 0.0 {
            shade(sky, 0.6 + 0.4 * pitch / 90.0)
        } else {
            shade([150, 130, 110], 1.0 + pitch / 180.0)
        })
    })
}

/// The starter's files, kept beside this module as the RON an author will read.
const PACK: &str = include_str!("starter/pack.ron");
/// A ball rolls down a ramp, timed at the bottom, checked against the incline's closed form.
const MECHANICS: &str = include_str!("starter/starter.exhibit.ron");
/// Two scenes with placeholder images, a hotspot and a door each way.
const PANORAMA: &str = include_str!("starter/panorama.exhibit.ron");
/// A laser on a mirror and a candle before a lens (`--kind optics`), verifying as written.
const OPTICS: &str = include_str!("starter/optics.exhibit.ron");

/// Two dippers in a ripple tank and their fringes (`--kind waves`), verifying as written.
const WAVES: &str = include_str!("starter/waves.exhibit.ron");

/// A jet and a ball on a string (`--kind flow`), verifying as written.
const FLOW: &str = include_str!("starter/flow.exhibit.ron");
