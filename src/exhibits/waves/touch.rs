//! Fingers on the field, through the kiosk's shared [`Touches`]: a finger on the listener or
//! on a source whose `at_m` dials exist drags it (the dials following, as in optics); a finger
//! anywhere else on the field makes a splash where it lands. A finger acts through the
//! controls and the model only, from the touches `simulate` replays.

use super::super::data_kind::FingersOn;
use super::super::touches::{Landing, Touches, dial_for, drag_dials};
use super::super::{ActiveExhibit, Pointers, touch_on_page};
use crate::model::waves::world::WavesWorld;
use crate::model::waves::{ControlDoes, P2, SourceShape, WavesParams};

/// How near a finger must land to the listener or a source, m, over the width of the field
/// shown (a fingertip on the kiosk, and then some).
const REACH: f64 = 0.04;

#[derive(Debug, Clone)]
pub(super) struct Grip {
    x: Option<String>,
    y: Option<String>,
    from: [f64; 2],
    at: P2,
}

#[derive(Default)]
pub struct Fingers {
    touches: Touches<(), Grip>,
}

/// The dial that writes `path` in `p`.
fn dial(p: &WavesParams, path: &str) -> Option<String> {
    let dials = p.controls.iter().map(|c| match &c.does {
        ControlDoes::Parameter(n) => (c.name.as_str(), Some(n)),
        _ => (c.name.as_str(), None),
    });
    dial_for(dials, path)
}

/// What a finger may drag, where it stands now: the listener and each point source, by the
/// path of its `at_m`.
fn movable(model: &WavesWorld) -> Vec<(String, P2)> {
    let mut out: Vec<(String, P2)> = model
        .scene
        .listener
        .iter()
        .map(|l| ("listener.at_m".to_string(), l.at_m))
        .collect();
    for s in &model.scene.sources {
        if let SourceShape::Point { at_m } = s.shape {
            out.push((format!("sources.{}.at_m", s.id), at_m));
        }
    }
    out
}

impl FingersOn<WavesWorld> for Fingers {
    fn tick(
        &mut self,
        active: &mut ActiveExhibit,
        pointers: &Pointers,
        model: &mut WavesWorld,
        aspect: f64,
    ) {
        let crate::descriptor::kinds::KindParams::Waves(file) = &active.descriptor.kind else {
            return;
        };
        let file = file.clone();
        let cam = active.descriptor.scene.camera.clone();
        let reach = REACH * model.scene.field.size_m[0].max(model.scene.field.size_m[1]);
        let mut splashes = Vec::new();
        let things = movable(model);
        let land = |p: [f64; 2]| {
            let Some(q) = touch_on_page(&cam, aspect, p) else {
                return Landing::Tap(None);
            };
            for (path, at) in &things {
                let x = dial(&file, &format!("{path}.x"));
                let y = dial(&file, &format!("{path}.y"));
                if (x.is_some() || y.is_some()) && (at[0] - q[0]).hypot(at[1] - q[1]) < reach {
                    let from = [
                        x.as_deref().map_or(0.0, |n| active.number(n)),
                        y.as_deref().map_or(0.0, |n| active.number(n)),
                    ];
                    return Landing::Hold((), Grip { x, y, from, at: q });
                }
            }
            splashes.push(q);
            Landing::Tap(None)
        };
        let (_, held) = self.touches.tick(pointers, land);
        for q in splashes {
            model.splash(q);
        }
        for (g, p) in held {
            if let Some(q) = touch_on_page(&cam, aspect, p) {
                drag_dials(active, [&g.x, &g.y], g.from, g.at, q);
            }
        }
    }
}
