//! A panorama exhibit's scenes as RON would spell them, and the checks that need no file
//! (#13's groundwork: the image's own checks, format, 2:1 and size, belong to the pack layer,
//! which reads it with `pack::image_header`).

use super::{FOV_MAX_DEG, FOV_MIN_DEG};
use crate::problems::{Problems, join, one_line};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub use crate::problems::Localized;

/// The largest image a scene may use (16 megapixels decoded: 128 MiB of RGBA8).
pub const MAX_IMAGE: (u32, u32) = (8192, 4096);
/// Hotspots per scene: each is a touch target on screen.
pub const MAX_HOTSPOTS: usize = 24;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanoramaParams {
    /// The first is where the exhibit starts and where the idle reset returns.
    pub scenes: Vec<PanoramaScene>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanoramaScene {
    pub id: String,
    /// An equirectangular PNG or JPEG inside the pack, 2:1.
    pub image: String,
    #[serde(default)]
    pub yaw_deg: f64,
    #[serde(default)]
    pub pitch_deg: f64,
    #[serde(default = "default_fov")]
    pub fov_deg: f64,
    #[serde(default)]
    pub hotspots: Vec<Hotspot>,
}

fn default_fov() -> f64 {
    70.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hotspot {
    pub id: String,
    pub yaw_deg: f64,
    pub pitch_deg: f64,
    /// The badge drawn at the spot; a door's is an arrow unless the file says otherwise.
    #[serde(default)]
    pub icon: Option<Icon>,
    pub title: Localized,
    /// The panel's text when tapped.
    #[serde(default)]
    pub text: Localized,
    /// A picture and a sound inside the pack for the panel.
    #[serde(default)]
    pub picture: Option<String>,
    #[serde(default)]
    pub sound: Option<String>,
    /// Another scene of the exhibit: a tap goes there (a door in a tour).
    #[serde(default)]
    pub goto: Option<String>,
}

/// The badge of a hotspot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Icon {
    /// Something to read about: "i".
    Info,
    /// Something to wonder about: "?".
    Question,
    /// A way to another scene: "→".
    Door,
}

impl Hotspot {
    pub fn icon(&self) -> Icon {
        self.icon.unwrap_or(if self.goto.is_some() {
            Icon::Door
        } else {
            Icon::Info
        })
    }
    /// The sound event its panel plays when it opens, if it has a sound.
    pub fn sound_event(&self, scene: &str) -> Option<String> {
        self.sound.as_ref().map(|_| format!("{scene}/{}", self.id))
    }
}

impl PanoramaParams {
    /// The checks that need no file; `path` is where these parameters sit (`kind`).
    pub fn check_scenes(&self, path: &str, p: &mut Problems) {
        let at = |s: &str| join(path, s);
        if self.scenes.is_empty() {
            p.push(at("scenes"), "no scenes: a panorama needs at least one");
        }
        let ids: BTreeSet<&str> = self.scenes.iter().map(|s| s.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        for (i, s) in self.scenes.iter().enumerate() {
            let sp = format!("{}[{i}]", at("scenes"));
            if !seen.insert(s.id.as_str()) {
                p.push(
                    join(&sp, "id"),
                    format!("a second scene `{}`: ids must differ", one_line(&s.id)),
                );
            }
            if s.image.trim().is_empty() {
                p.push(
                    join(&sp, "image"),
                    "no image: name a PNG or JPEG in the pack",
                );
            }
            p.range(&join(&sp, "yaw_deg"), s.yaw_deg, -180.0, 180.0, "°");
            p.range(
                &join(&sp, "fov_deg"),
                s.fov_deg,
                FOV_MIN_DEG,
                FOV_MAX_DEG,
                "°",
            );
            let limit = 90.0 - s.fov_deg.clamp(FOV_MIN_DEG, FOV_MAX_DEG) / 2.0;
            p.range(&join(&sp, "pitch_deg"), s.pitch_deg, -limit, limit, "°");
            if s.hotspots.len() > MAX_HOTSPOTS {
                p.push(
                    join(&sp, "hotspots"),
                    format!(
                        "{} hotspots: at most {MAX_HOTSPOTS} a scene",
                        s.hotspots.len()
                    ),
                );
            }
            let mut spots = BTreeSet::new();
            for (k, h) in s.hotspots.iter().enumerate() {
                let hp = format!("{}[{k}]", join(&sp, "hotspots"));
                if !spots.insert(h.id.as_str()) {
                    p.push(
                        join(&hp, "id"),
                        format!("a second hotspot `{}`", one_line(&h.id)),
                    );
                }
                p.range(&join(&hp, "yaw_deg"), h.yaw_deg, -180.0, 180.0, "°");
                p.range(&join(&hp, "pitch_deg"), h.pitch_deg, -90.0, 90.0, "°");
                p.one_line_text(&join(&hp, "title"), &h.title);
                p.localized(&join(&hp, "text"), &h.text, false);
                if h.goto.is_some() && (h.picture.is_some() || !h.text.is_empty()) {
                    p.push(
                        join(&hp, "goto"),
                        "a door opens no panel, so its text and picture would never show: give them to another hotspot",
                    );
                }
                if let Some(g) = &h.goto {
                    if !ids.contains(g.as_str()) {
                        p.push(
                            join(&hp, "goto"),
                            format!(
                                "`{}` is not a scene of this exhibit: use one of {}",
                                one_line(g),
                                ids.iter().copied().collect::<Vec<_>>().join(", ")
                            ),
                        );
                    } else if g == &s.id {
                        p.push(
                            join(&hp, "goto"),
                            "a door to the scene it is in goes nowhere",
                        );
                    }
                }
            }
        }
    }
}

/// Checks an image's size as `pack::image_header` read it: 2:1 (within a pixel) and at most
/// [`MAX_IMAGE`].
pub fn check_image_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("the image is empty".into());
    }
    if (width as i64 - 2 * height as i64).abs() > 1 {
        return Err(format!(
            "the image is {width}×{height}: a 360° panorama is twice as wide as it is high (equirectangular, 2:1)"
        ));
    }
    if width > MAX_IMAGE.0 || height > MAX_IMAGE.1 {
        return Err(format!(
            "the image is {width}×{height}: at most {}×{} (scale it down)",
            MAX_IMAGE.0, MAX_IMAGE.1
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tour() -> PanoramaParams {
        let spot = |id: &str, goto: Option<&str>| Hotspot {
            id: id.into(),
            yaw_deg: 30.0,
            pitch_deg: 0.0,
            title: [("zh-CN".into(), "门".into()), ("en".into(), "Door".into())].into(),
            icon: None,
            text: Localized::new(),
            picture: None,
            sound: None,
            goto: goto.map(str::to_string),
        };
        PanoramaParams {
            scenes: vec![
                PanoramaScene {
                    id: "hall".into(),
                    image: "hall.png".into(),
                    yaw_deg: 0.0,
                    pitch_deg: 0.0,
                    fov_deg: 70.0,
                    hotspots: vec![spot("to_lab", Some("lab"))],
                },
                PanoramaScene {
                    id: "lab".into(),
                    image: "lab.png".into(),
                    yaw_deg: 0.0,
                    pitch_deg: 0.0,
                    fov_deg: 70.0,
                    hotspots: vec![spot("back", Some("hall"))],
                },
            ],
        }
    }

    #[test]
    fn a_tour_checks_and_a_door_to_nowhere_is_refused_at_its_field() {
        let mut p = Problems::default();
        tour().check_scenes("kind", &mut p);
        assert!(p.is_empty(), "{:?}", p.items);
        let mut broken = tour();
        broken.scenes[1].hotspots[0].goto = Some("cellar".into());
        broken.scenes[0].pitch_deg = 80.0;
        let mut p = Problems::default();
        broken.check_scenes("kind", &mut p);
        let paths: Vec<&str> = p.items.iter().map(|q| q.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "kind.scenes[0].pitch_deg",
                "kind.scenes[1].hotspots[0].goto"
            ],
            "{:?}",
            p.items
        );
        assert!(p.items[1].message.contains("`cellar` is not a scene"));
    }

    #[test]
    fn an_image_must_be_two_to_one_and_not_too_big() {
        assert!(check_image_size(4096, 2048).is_ok());
        assert!(check_image_size(4097, 2048).is_ok());
        assert!(check_image_size(4096, 3072).unwrap_err().contains("2:1"));
        assert!(
            check_image_size(16384, 8192)
                .unwrap_err()
                .contains("at most")
        );
        assert!(check_image_size(0, 0).is_err());
    }
}
