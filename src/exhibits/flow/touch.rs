//! Fingers on the air, through the kiosk's shared [`Touches`]: a finger on a body that can
//! move (free or on a string) holds it and drags it, the air flowing round it; a finger near a
//! nozzle whose `angle_deg` has a dial aims it (the dial following). A finger acts through the
//! controls and the model only, from the touches `simulate` replays.

use super::super::data_kind::FingersOn;
use super::super::touches::{Landing, Touches, dial_for};
use super::super::{ActiveExhibit, Pointers, touch_on_page};
use crate::descriptor::kinds::ControlValue;
use crate::model::flow::world::FlowWorld;
use crate::model::flow::{ControlDoes, FlowParams, Mount, P2};

/// How near a finger must land to a nozzle, m, over the width of the field shown.
const REACH: f64 = 0.05;

#[derive(Debug, Clone)]
pub(super) enum Grip {
    Body(usize),
    Aim { dial: String, nozzle: P2 },
}

#[derive(Default)]
pub struct Fingers {
    touches: Touches<(), Grip>,
}

fn dial(p: &FlowParams, path: &str) -> Option<String> {
    let dials = p.controls.iter().map(|c| match &c.does {
        ControlDoes::Parameter(n) => (c.name.as_str(), Some(n)),
        _ => (c.name.as_str(), None),
    });
    dial_for(dials, path)
}

impl FingersOn<FlowWorld> for Fingers {
    fn tick(
        &mut self,
        active: &mut ActiveExhibit,
        pointers: &Pointers,
        model: &mut FlowWorld,
        aspect: f64,
    ) {
        let crate::descriptor::kinds::KindParams::Flow(file) = &active.descriptor.kind else {
            return;
        };
        let file = file.clone();
        let cam = active.descriptor.scene.camera.clone();
        let size = model.scene.field.size_m[0].max(model.scene.field.size_m[1]);
        let land = |p: [f64; 2]| {
            let Some(q) = touch_on_page(&cam, aspect, p) else {
                return Landing::Tap(None);
            };
            for (i, (b, s)) in model.bodies.iter().zip(&model.scene.bodies).enumerate() {
                let movable = !matches!(s.mount, Mount::Held | Mount::Hinge { .. });
                let r = b.radius.unwrap_or(0.0).max(0.02 * size);
                if movable && (b.pos[0] - q[0]).hypot(b.pos[1] - q[1]) < r * 1.3 {
                    return Landing::Hold((), Grip::Body(i));
                }
            }
            for n in &model.scene.nozzles {
                let Some(d) = dial(&file, &format!("nozzles.{}.angle_deg", n.id)) else {
                    continue;
                };
                if (n.at_m[0] - q[0]).hypot(n.at_m[1] - q[1]) < REACH * size + n.width_m {
                    return Landing::Hold(
                        (),
                        Grip::Aim {
                            dial: d,
                            nozzle: n.at_m,
                        },
                    );
                }
            }
            Landing::Tap(None)
        };
        let (_, held) = self.touches.tick(pointers, land);
        let mut grabbed = vec![None; model.bodies.len()];
        for (g, p) in held {
            let Some(q) = touch_on_page(&cam, aspect, p) else {
                continue;
            };
            match g {
                Grip::Body(i) => grabbed[i] = Some(q),
                Grip::Aim { dial, nozzle } => {
                    // The nozzle points away from the finger, as a hand turns a hose by its tail.
                    let angle = (nozzle[1] - q[1]).atan2(nozzle[0] - q[0]).to_degrees();
                    if (nozzle[0] - q[0]).hypot(nozzle[1] - q[1]) > 1e-3 {
                        set_clamped(active, &dial, angle);
                    }
                }
            }
        }
        for (i, at) in grabbed.into_iter().enumerate() {
            model.grab(i, at);
        }
    }
}

/// Sets dial `name` to `x`, held within its range.
fn set_clamped(active: &mut ActiveExhibit, name: &str, x: f64) {
    if let Some(def) = active.control_def(name)
        && let crate::descriptor::kinds::ControlType::Number { min, max, .. } = def.ty
    {
        active.set(name, ControlValue::Number(x.clamp(min, max)));
    }
}
