//! `panorama`: looking round 360° scenes that staff bring as images (VR体验 on a
//! touchscreen). The view's direction and field of view, the drag that keeps the point under
//! the finger under the finger, a flick's inertia, pinch zoom, the poles, and where a
//! direction falls on an equirectangular image; `tour` steps a visit, `spec` is the RON.
//!
//! Conventions: yaw 0° looks along −z and grows turning right (toward +x); pitch grows
//! looking up; the image's left edge is yaw −180°, its top pitch +90° (u = yaw/360° + ½,
//! v = ½ − pitch/180°).

pub mod spec;
pub mod tour;

use crate::kind_spec::{ControlDef, FileUse, KindSpec, PackFile};
use crate::model::{V3, dot, normalize};
use crate::problems::Problems;
pub use spec::PanoramaParams;

impl KindSpec for PanoramaParams {
    const NAME: &'static str = "panorama";
    const SOUND_EVENTS: &'static [&'static str] = &["open", "goto"];

    /// `open` (a panel opens), `goto` (a door is taken), and `SCENE/ID` of each hotspot
    /// with a sound of its own.
    fn sound_events(&self) -> Vec<String> {
        let own = self
            .scenes
            .iter()
            .flat_map(|s| s.hotspots.iter().filter_map(|h| h.sound_event(&s.id)));
        Self::SOUND_EVENTS
            .iter()
            .map(|e| e.to_string())
            .chain(own)
            .collect()
    }

    fn check(&self, path: &str, p: &mut Problems) {
        self.check_scenes(path, p);
    }

    /// Turning (held buttons, keys), the field of view, a slow turn by itself (the attract
    /// loop's), and the scene.
    fn controls(&self) -> Vec<ControlDef> {
        let first_fov = self.scenes.first().map_or(70.0, |s| s.fov_deg);
        let ids: Vec<&str> = self.scenes.iter().map(|s| s.id.as_str()).collect();
        vec![
            ControlDef::toggle("turn_left"),
            ControlDef::toggle("turn_right"),
            ControlDef::toggle("look_up"),
            ControlDef::toggle("look_down"),
            ControlDef::number(
                "zoom",
                FOV_MIN_DEG,
                FOV_MAX_DEG,
                first_fov.clamp(FOV_MIN_DEG, FOV_MAX_DEG),
            ),
            ControlDef::number("drift", -DRIFT_MAX_DEG_S, DRIFT_MAX_DEG_S, 0.0),
            // Refused by the check without scenes; a control needs a value to start with.
            ControlDef::choice("scene", if ids.is_empty() { &["-"] } else { &ids }),
        ]
    }

    fn files(&self) -> Vec<PackFile> {
        let mut files = Vec::new();
        for (i, s) in self.scenes.iter().enumerate() {
            let at = format!("scenes[{i}]");
            files.push(PackFile {
                field: format!("{at}.image"),
                rel: s.image.clone(),
                used_as: FileUse::Panorama,
                cue: None,
            });
            for (k, h) in s.hotspots.iter().enumerate() {
                let hp = format!("{at}.hotspots[{k}]");
                if let Some(rel) = &h.picture {
                    files.push(PackFile {
                        field: format!("{hp}.picture"),
                        rel: rel.clone(),
                        used_as: FileUse::Picture,
                        cue: None,
                    });
                }
                if let Some(rel) = &h.sound {
                    files.push(PackFile {
                        field: format!("{hp}.sound"),
                        rel: rel.clone(),
                        used_as: FileUse::Sound,
                        cue: h.sound_event(&s.id),
                    });
                }
            }
        }
        files
    }
}

/// The fastest slow turn, °/s.
pub const DRIFT_MAX_DEG_S: f64 = 30.0;

/// The narrowest and widest vertical field of view, degrees.
pub const FOV_MIN_DEG: f64 = 30.0;
pub const FOV_MAX_DEG: f64 = 100.0;
/// A flick's turn decays to 1/e in this time, s.
pub const INERTIA_S: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub yaw_deg: f64,
    pub pitch_deg: f64,
    /// Vertical field of view.
    pub fov_deg: f64,
}

impl View {
    pub fn new(yaw_deg: f64, pitch_deg: f64, fov_deg: f64) -> Self {
        let mut v = Self {
            yaw_deg,
            pitch_deg,
            fov_deg,
        };
        v.settle();
        v
    }

    /// Yaw in [−180°, 180°), the field of view within its limits, and the pitch kept so that
    /// the view's edge never passes a pole (past it the image would turn over).
    pub fn settle(&mut self) {
        let finite = |x: f64, or: f64| if x.is_finite() { x } else { or };
        self.fov_deg = finite(self.fov_deg, 70.0).clamp(FOV_MIN_DEG, FOV_MAX_DEG);
        self.yaw_deg = (finite(self.yaw_deg, 0.0) + 180.0).rem_euclid(360.0) - 180.0;
        let limit = 90.0 - self.fov_deg / 2.0;
        self.pitch_deg = finite(self.pitch_deg, 0.0).clamp(-limit, limit);
    }

    /// The direction the view looks in.
    pub fn forward(&self) -> V3 {
        direction(self.yaw_deg, self.pitch_deg)
    }

    /// The camera's axes in the world: right, up, forward.
    fn axes(&self) -> [V3; 3] {
        let (sy, cy) = self.yaw_deg.to_radians().sin_cos();
        let (sp, cp) = self.pitch_deg.to_radians().sin_cos();
        [[cy, 0.0, sy], [-sp * sy, cp, sp * cy], self.forward()]
    }

    /// The world direction through a point of the screen: `p` normalised (0–1, y down) on a
    /// screen `aspect` wide per unit of height.
    pub fn ray(&self, p: [f64; 2], aspect: f64) -> V3 {
        let t = (self.fov_deg.to_radians() / 2.0).tan();
        let (x, y) = ((2.0 * p[0] - 1.0) * t * aspect, (1.0 - 2.0 * p[1]) * t);
        let [right, up, fwd] = self.axes();
        normalize([
            right[0] * x + up[0] * y + fwd[0],
            right[1] * x + up[1] * y + fwd[1],
            right[2] * x + up[2] * y + fwd[2],
        ])
    }

    /// Where a world direction shows on the screen (normalised, y down), if in front.
    pub fn project(&self, d: V3, aspect: f64) -> Option<[f64; 2]> {
        let [right, up, fwd] = self.axes();
        let z = dot(d, fwd);
        if z <= 1e-9 {
            return None;
        }
        let t = (self.fov_deg.to_radians() / 2.0).tan();
        let (x, y) = (dot(d, right) / z / (t * aspect), dot(d, up) / z / t);
        Some([(x + 1.0) / 2.0, (1.0 - y) / 2.0])
    }

    /// Turns the view so that world direction `d` shows at screen point `p`: a finger
    /// dragging the scene keeps what it touched under it. Newton's method on (yaw, pitch);
    /// where the poles' limit stops the pitch, the yaw still follows.
    pub fn drag_to(&mut self, d: V3, p: [f64; 2], aspect: f64) {
        for _ in 0..8 {
            let Some(at) = self.project(d, aspect) else {
                // Behind: turn toward it first.
                let (y, pi) = angles(d);
                self.yaw_deg = y;
                self.pitch_deg = pi;
                self.settle();
                continue;
            };
            let err = [at[0] - p[0], at[1] - p[1]];
            if err[0].hypot(err[1]) < 1e-7 {
                break;
            }
            // The Jacobian by differences of 0.01°.
            let h = 0.01;
            let mut j = [[0.0; 2]; 2];
            for (k, (dy, dp)) in [(h, 0.0), (0.0, h)].into_iter().enumerate() {
                let mut v = *self;
                v.yaw_deg += dy;
                v.pitch_deg += dp;
                if let Some(q) = v.project(d, aspect) {
                    j[0][k] = (q[0] - at[0]) / h;
                    j[1][k] = (q[1] - at[1]) / h;
                }
            }
            let det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
            if det.abs() < 1e-12 {
                break;
            }
            self.yaw_deg -= (j[1][1] * err[0] - j[0][1] * err[1]) / det;
            self.pitch_deg -= (-j[1][0] * err[0] + j[0][0] * err[1]) / det;
            self.settle();
        }
    }

    /// Two fingers that were `from` apart (normalised screen units) and are `to` apart now,
    /// starting from field of view `start`: the scene scales with the fingers.
    pub fn pinch(&mut self, start_fov_deg: f64, from: f64, to: f64) {
        if from > 1e-6 && to > 1e-6 && from.is_finite() && to.is_finite() {
            // tan(fov/2) scales inversely with the spread.
            let t = (start_fov_deg.to_radians() / 2.0).tan() * from / to;
            self.fov_deg = 2.0 * t.atan().to_degrees();
        }
        self.settle();
    }
}

/// The world direction of a yaw and pitch.
pub fn direction(yaw_deg: f64, pitch_deg: f64) -> V3 {
    let (sy, cy) = yaw_deg.to_radians().sin_cos();
    let (sp, cp) = pitch_deg.to_radians().sin_cos();
    [cp * sy, sp, -cp * cy]
}

/// Yaw and pitch of a direction (degrees).
pub fn angles(d: V3) -> (f64, f64) {
    let d = normalize(d);
    (
        d[0].atan2(-d[2]).to_degrees(),
        d[1].clamp(-1.0, 1.0).asin().to_degrees(),
    )
}

/// Where a direction falls on an equirectangular image, 0–1 (u across from yaw −180°, v down
/// from the zenith).
pub fn equirect_uv(d: V3) -> [f64; 2] {
    let (yaw, pitch) = angles(d);
    [(yaw / 360.0 + 0.5).rem_euclid(1.0), 0.5 - pitch / 180.0]
}

/// A flick: the turn rate left when the finger lifted, decaying to 1/e in [`INERTIA_S`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spin {
    pub yaw_deg_s: f64,
    pub pitch_deg_s: f64,
}

impl Spin {
    /// Advances the view by one step of `dt` and slows the spin (exactly, whatever `dt`).
    pub fn step(&mut self, view: &mut View, dt: f64) {
        let k = (-dt / INERTIA_S).exp();
        // The turn over the step: ∫ ω e^(−t/τ) dt = ω τ (1 − e^(−dt/τ)).
        view.yaw_deg += self.yaw_deg_s * INERTIA_S * (1.0 - k);
        view.pitch_deg += self.pitch_deg_s * INERTIA_S * (1.0 - k);
        view.settle();
        self.yaw_deg_s *= k;
        self.pitch_deg_s *= k;
        if self.yaw_deg_s.hypot(self.pitch_deg_s) < 0.01 {
            *self = Spin::default();
        }
    }
}

/// The angle between two directions, degrees.
pub fn angle_between(a: V3, b: V3) -> f64 {
    dot(normalize(a), normalize(b))
        .clamp(-1.0, 1.0)
        .acos()
        .to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dragged_point_stays_under_the_finger() {
        let aspect = 1.6;
        for (yaw, pitch, fov) in [(0.0, 0.0, 70.0), (170.0, 30.0, 50.0), (-90.0, -20.0, 90.0)] {
            let mut v = View::new(yaw, pitch, fov);
            let touched = v.ray([0.3, 0.6], aspect);
            for p in [[0.5, 0.5], [0.8, 0.4], [0.1, 0.7]] {
                v.drag_to(touched, p, aspect);
                let at = v.project(touched, aspect).expect("in front");
                let at_pole = v.pitch_deg.abs() >= 90.0 - v.fov_deg / 2.0 - 1e-9;
                if at_pole {
                    // Stopped at the pole's limit: across, the point still follows the finger.
                    assert!((at[0] - p[0]).abs() < 0.05, "{v:?} {at:?} {p:?}");
                } else {
                    assert!(
                        (at[0] - p[0]).hypot(at[1] - p[1]) < 1e-4,
                        "{v:?} {at:?} {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_view_turns_over_the_seam_and_stops_short_of_the_poles() {
        let mut v = View::new(179.0, 0.0, 60.0);
        let mut spin = Spin {
            yaw_deg_s: 90.0,
            pitch_deg_s: 300.0,
        };
        for _ in 0..120 {
            spin.step(&mut v, 1.0 / 60.0);
            assert!((-180.0..180.0).contains(&v.yaw_deg));
            assert!(v.pitch_deg <= 90.0 - v.fov_deg / 2.0 + 1e-9);
        }
        // 90°/s decaying over 0.5 s turns 45°·(1 − e^(−2 s/0.5 s)) in 2 s: across the seam.
        let want = 179.0 + 45.0 * (1.0 - (-4.0f64).exp()) - 360.0;
        assert!(
            (v.yaw_deg - want).abs() < 0.01,
            "{} against {want}",
            v.yaw_deg
        );
        // The pitch stopped at the limit: the top edge of the view is at the zenith.
        assert!((v.pitch_deg - 60.0).abs() < 1e-9, "{}", v.pitch_deg);
    }

    #[test]
    fn directions_fall_where_the_image_has_them_across_the_seam_and_near_the_poles() {
        // The seam: just either side of yaw ±180° are the image's two edges.
        assert!(equirect_uv(direction(179.9, 0.0))[0] > 0.999);
        assert!(equirect_uv(direction(-179.9, 0.0))[0] < 0.001);
        // Straight ahead is the middle; the poles are the top and bottom rows.
        let m = equirect_uv(direction(0.0, 0.0));
        assert!((m[0] - 0.5).abs() < 1e-12 && (m[1] - 0.5).abs() < 1e-12);
        assert!(equirect_uv(direction(37.0, 89.9))[1] < 0.001);
        assert!(equirect_uv(direction(-120.0, -89.9))[1] > 0.999);
        // Round trips everywhere else.
        for yaw in [-179.0, -90.0, 0.0, 45.0, 178.0] {
            for pitch in [-85.0, -30.0, 0.0, 60.0, 85.0] {
                let (y, p) = angles(direction(yaw, pitch));
                assert!((y - yaw).abs() < 1e-9 && (p - pitch).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn a_pinch_scales_the_scene_with_the_fingers_within_the_limits() {
        let mut v = View::new(0.0, 0.0, 60.0);
        v.pinch(60.0, 0.2, 0.4);
        // Twice the spread: tan(fov/2) halves.
        let want = 2.0 * ((30f64.to_radians().tan()) / 2.0).atan().to_degrees();
        assert!((v.fov_deg - want).abs() < 1e-9);
        v.pinch(60.0, 0.4, 0.01);
        assert_eq!(v.fov_deg, FOV_MAX_DEG);
        v.pinch(60.0, 0.01, 1.0);
        assert_eq!(v.fov_deg, FOV_MIN_DEG);
        v.pinch(60.0, f64::NAN, 0.3);
        assert!(v.fov_deg.is_finite());
    }
}
