//! A visit to a panorama exhibit, tick by tick: the scene shown, where the visitor looks, the
//! panel open and the fade between scenes, from fingers (drag, flick, pinch, tap), held
//! buttons and the controls. Plain Rust: the Bevy plugin feeds it `Pointers` and draws it;
//! `simulate` and the headless tests run the same steps.

use super::spec::PanoramaParams;
use super::{Spin, View, direction};
use crate::kind_spec::ControlValue;
use crate::model::V3;
use std::collections::{BTreeMap, VecDeque};

/// A touch is a tap if it lifts within this many ticks (⅓ s) having moved less than
/// [`TAP_SLOP`] (a fraction of the view's height).
pub const TAP_TICKS: u32 = 20;
pub const TAP_SLOP: f64 = 0.03;
/// A tap this near a hotspot's badge (a fraction of the view's height, measured on the
/// screen) opens it: 48 px on an 800 px screen, round a 72 px badge (the kiosk's touch
/// target). Measured on the screen, not in degrees, so a hotspot stays a finger's size
/// whatever the zoom.
pub const HIT_RADIUS: f64 = 0.06;
/// A door's fade: out, the new scene, in.
pub const FADE_S: f64 = 0.5;
/// Held turn buttons turn this fast at 70° of view (slower zoomed in, so the scene moves
/// across the screen at the same pace).
pub const TURN_DEG_S: f64 = 60.0;
/// Ticks of a drag the flick's speed is taken over.
const FLICK_TICKS: usize = 4;

#[derive(Debug, Clone)]
pub struct Tour {
    pub scene: usize,
    pub view: View,
    /// The hotspot whose panel is open.
    pub open: Option<usize>,
    spin: Spin,
    fingers: Vec<Finger>,
    pinch: Option<Pinch>,
    /// The view at the last few ticks of a one-finger drag (for a flick).
    recent: VecDeque<(f64, f64)>,
    fade: Option<Fade>,
    /// The `zoom` and `scene` controls as the tour last saw or wrote them: a change made
    /// elsewhere (a dial, a script, `--set`) is applied, the tour's own are written back.
    applied_zoom: f64,
    applied_scene: String,
    /// Sound events of this tick: `open`, `goto`, a hotspot's `SCENE/ID`.
    pub events: Vec<String>,
}

#[derive(Debug, Clone)]
struct Finger {
    id: u64,
    /// The direction under the finger when it landed (or when a pinch ended).
    grabbed: V3,
    start: [f64; 2],
    at: [f64; 2],
    ticks: u32,
    /// Moved past the slop, or part of a pinch: no longer a tap.
    moved: bool,
}

#[derive(Debug, Clone, Copy)]
struct Pinch {
    start_fov: f64,
    start_spread: f64,
}

#[derive(Debug, Clone, Copy)]
struct Fade {
    to: usize,
    t: f64,
    switched: bool,
}

/// What the visitor's fingers did since the last tick, in normalised view coordinates (0–1, y
/// down): those down now, oldest first, and those lifted (a tap quicker than a tick is only
/// there).
pub struct Fingers<'a> {
    pub down: &'a [(u64, [f64; 2])],
    pub lifted: &'a [(u64, [f64; 2])],
    /// Width over height of the view.
    pub aspect: f64,
}

impl Tour {
    pub fn new(p: &PanoramaParams) -> Self {
        let view = p.scenes.first().map_or(View::new(0.0, 0.0, 70.0), |s| {
            View::new(s.yaw_deg, s.pitch_deg, s.fov_deg)
        });
        Self {
            scene: 0,
            view,
            open: None,
            spin: Spin::default(),
            fingers: Vec::new(),
            pinch: None,
            recent: VecDeque::new(),
            fade: None,
            applied_zoom: view.fov_deg,
            applied_scene: p.scenes.first().map(|s| s.id.clone()).unwrap_or_default(),
            events: Vec::new(),
        }
    }

    /// How dark the fade between scenes is now, 0–1.
    pub fn veil(&self) -> f64 {
        self.fade.map_or(0.0, |f| {
            let half = FADE_S / 2.0;
            (1.0 - (f.t - half).abs() / half).clamp(0.0, 1.0)
        })
    }

    /// The values of `zoom` and `scene` the tour moved them to, to write back to the controls.
    pub fn controls_out(&self) -> [(&'static str, ControlValue); 2] {
        [
            ("zoom", ControlValue::Number(self.applied_zoom)),
            ("scene", ControlValue::Choice(self.applied_scene.clone())),
        ]
    }

    /// The hotspot under the centre of the view, if any.
    pub fn under_centre(&self, p: &PanoramaParams, aspect: f64) -> Option<usize> {
        self.hotspot_at(p, [0.5, 0.5], aspect)
    }

    /// Where hotspot `i` of the scene shows (normalised), if in front.
    pub fn hotspot_on_screen(&self, p: &PanoramaParams, i: usize, aspect: f64) -> Option<[f64; 2]> {
        let h = p.scenes.get(self.scene)?.hotspots.get(i)?;
        self.view.project(direction(h.yaw_deg, h.pitch_deg), aspect)
    }

    fn hotspot_at(&self, p: &PanoramaParams, at: [f64; 2], aspect: f64) -> Option<usize> {
        let scene = p.scenes.get(self.scene)?;
        (0..scene.hotspots.len())
            .filter_map(|i| {
                let q = self.hotspot_on_screen(p, i, aspect)?;
                let d = ((q[0] - at[0]) * aspect).hypot(q[1] - at[1]);
                (d < HIT_RADIUS).then_some((i, d))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// One tick of `dt` seconds.
    pub fn step(
        &mut self,
        p: &PanoramaParams,
        controls: &BTreeMap<String, ControlValue>,
        fingers: &Fingers,
        dt: f64,
    ) {
        self.events.clear();
        if p.scenes.is_empty() {
            return;
        }
        let number = |n: &str| match controls.get(n) {
            Some(ControlValue::Number(x)) if x.is_finite() => *x,
            _ => 0.0,
        };
        let held = |n: &str| matches!(controls.get(n), Some(ControlValue::Bool(true)));
        if let Some(f) = &mut self.fade {
            f.t += dt;
            let (to, t, switched) = (f.to, f.t, f.switched);
            if !switched && t >= FADE_S / 2.0 {
                f.switched = true;
                self.enter(p, to);
            }
            if t >= FADE_S {
                self.fade = None;
            }
            // Fingers during the fade are let go: the new scene starts untouched.
            self.fingers.clear();
            self.pinch = None;
            self.sync_out(p);
            return;
        }
        // Controls changed elsewhere since the tour last wrote them.
        let zoom = number("zoom");
        if zoom > 0.0 && (zoom - self.applied_zoom).abs() > 1e-9 {
            self.view.fov_deg = zoom;
            self.view.settle();
        }
        if let Some(ControlValue::Choice(want)) = controls.get("scene")
            && *want != self.applied_scene
            && let Some(i) = p.scenes.iter().position(|s| s.id == *want)
        {
            self.go(i);
            self.sync_out(p);
            return;
        }
        self.fingers_step(p, fingers, dt);
        let turn = TURN_DEG_S * self.view.fov_deg / 70.0 * dt;
        let across = f64::from(held("turn_right")) - f64::from(held("turn_left"));
        let up = f64::from(held("look_up")) - f64::from(held("look_down"));
        self.view.yaw_deg += across * turn;
        self.view.pitch_deg += up * turn;
        if self.fingers.is_empty() {
            if self.spin == Spin::default() {
                self.view.yaw_deg += number("drift") * dt;
            }
            self.spin.step(&mut self.view, dt);
        }
        self.view.settle();
        self.sync_out(p);
    }

    fn sync_out(&mut self, p: &PanoramaParams) {
        self.applied_zoom = self.view.fov_deg;
        self.applied_scene = p.scenes[self.scene].id.clone();
    }

    fn fingers_step(&mut self, p: &PanoramaParams, f: &Fingers, dt: f64) {
        let aspect = f.aspect;
        // Lifted: a tap, or the end of a drag (a flick if it was still moving).
        let was_one = self.fingers.len() == 1;
        let mut taps = Vec::new();
        let mut flick = false;
        self.fingers.retain(|g| {
            let still = f.down.iter().any(|d| d.0 == g.id);
            if !still {
                if !g.moved && g.ticks < TAP_TICKS {
                    taps.push(g.at);
                } else if was_one {
                    flick = true;
                }
            }
            still
        });
        // A tap quicker than a tick: down and up between two ticks.
        for (id, at) in f.lifted {
            if !taps.is_empty() || self.fingers.iter().any(|g| g.id == *id) {
                continue;
            }
            if !f.down.iter().any(|d| d.0 == *id) {
                taps.push(*at);
            }
        }
        if flick && self.recent.len() >= 2 {
            let (y0, p0) = self.recent[0];
            let (y1, p1) = *self.recent.back().expect("two");
            let span = (self.recent.len() - 1) as f64 * dt;
            let dy = (y1 - y0 + 180.0).rem_euclid(360.0) - 180.0;
            self.spin = Spin {
                yaw_deg_s: dy / span,
                pitch_deg_s: (p1 - p0) / span,
            };
        }
        if self.fingers.len() < 2 && self.pinch.take().is_some() {
            // The finger left after a pinch holds the scene where it is now.
            for g in &mut self.fingers {
                g.grabbed = self.view.ray(g.at, aspect);
            }
        }
        for (id, at) in f.down {
            if let Some(g) = self.fingers.iter_mut().find(|g| g.id == *id) {
                g.at = *at;
                g.ticks = g.ticks.saturating_add(1);
                if (at[0] - g.start[0]).hypot(at[1] - g.start[1]) > TAP_SLOP {
                    g.moved = true;
                }
            } else if self.fingers.len() < 2 {
                self.spin = Spin::default();
                self.fingers.push(Finger {
                    id: *id,
                    grabbed: self.view.ray(*at, aspect),
                    start: *at,
                    at: *at,
                    ticks: 0,
                    moved: false,
                });
            }
        }
        match self.fingers.as_slice() {
            [one] => {
                let (d, at) = (one.grabbed, one.at);
                self.view.drag_to(d, at, aspect);
                self.recent
                    .push_back((self.view.yaw_deg, self.view.pitch_deg));
                if self.recent.len() > FLICK_TICKS {
                    self.recent.pop_front();
                }
            }
            [a, b] => {
                let spread = ((a.at[0] - b.at[0]) * aspect).hypot(a.at[1] - b.at[1]);
                let pinch = *self.pinch.get_or_insert(Pinch {
                    start_fov: self.view.fov_deg,
                    start_spread: spread,
                });
                self.view.pinch(pinch.start_fov, pinch.start_spread, spread);
                for g in &mut self.fingers {
                    g.moved = true;
                }
                self.recent.clear();
            }
            _ => self.recent.clear(),
        }
        for at in taps {
            self.tap(p, at, aspect);
        }
    }

    /// A tap at `at`: a door goes to its scene, another hotspot opens (or closes) its panel,
    /// a tap on nothing closes the panel.
    fn tap(&mut self, p: &PanoramaParams, at: [f64; 2], aspect: f64) {
        let Some(i) = self.hotspot_at(p, at, aspect) else {
            self.open = None;
            return;
        };
        let scene = &p.scenes[self.scene];
        let h = &scene.hotspots[i];
        self.events.extend(h.sound_event(&scene.id));
        match h
            .goto
            .as_ref()
            .and_then(|g| p.scenes.iter().position(|s| s.id == *g))
        {
            Some(to) => self.go(to),
            None if self.open == Some(i) => self.open = None,
            None => {
                self.open = Some(i);
                self.events.push("open".into());
            }
        }
    }

    /// Starts the fade to scene `to`.
    fn go(&mut self, to: usize) {
        self.events.push("goto".into());
        self.fade = Some(Fade {
            to,
            t: 0.0,
            switched: false,
        });
    }

    /// Shows scene `to` as its file starts it.
    fn enter(&mut self, p: &PanoramaParams, to: usize) {
        let s = &p.scenes[to];
        self.scene = to;
        self.view = View::new(s.yaw_deg, s.pitch_deg, s.fov_deg);
        self.open = None;
        self.spin = Spin::default();
        self.recent.clear();
    }
}

#[cfg(test)]
mod tests;
