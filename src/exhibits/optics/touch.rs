//! Fingers on the light, through the kiosk's shared [`Touches`]: a finger on a surface that a
//! `Place` control puts in the light (the laser harp's strings) holds it there while it is
//! down, so the beam is broken and its note plays; a finger on an object, a surface or a piece
//! of glass whose `shift_m` a dial writes (the hand before the mirror) drags it, the dial
//! following. Everything else is a tap on
//! nothing. A finger acts through the controls only, as the dials do: what `simulate` replays
//! is what the kiosk did.

use super::super::data_kind::FingersOn;
use super::super::touches::{Landing, Touches, drag_dials};
use super::super::{ActiveExhibit, Pointers, touch_on_page};
use crate::descriptor::kinds::ControlValue;
use crate::model::optics::geometry::{dot, inside, sub};
use crate::model::optics::trace::{Role, surface_pieces};
use crate::model::optics::world::OpticsWorld;
use crate::model::optics::{ControlDoes, OpticsParams, P2};
use std::collections::BTreeSet;

/// How near a finger must land to a string or a figure, m (a fingertip's width on the
/// kiosk's usual 1.5 m view, and then some).
const REACH_M: f64 = 0.04;

/// What a finger holds: a `Place` control, or the dials that move a figure along x and y with
/// their values and the point where it landed.
#[derive(Debug, Clone)]
pub(super) enum Grip {
    Place(String),
    Drag {
        x: Option<String>,
        y: Option<String>,
        from: [f64; 2],
        at: P2,
    },
}

/// The fingers on the scene, and the `Place` controls they hold on.
#[derive(Default)]
pub struct Fingers {
    touches: Touches<(), Grip>,
    placed: BTreeSet<String>,
}

/// Distance from `q` to the segment a–b.
fn to_segment(q: P2, a: P2, b: P2) -> f64 {
    let (ab, aq) = (sub(b, a), sub(q, a));
    let t = (dot(aq, ab) / dot(ab, ab).max(1e-18)).clamp(0.0, 1.0);
    let c = [a[0] + ab[0] * t - q[0], a[1] + ab[1] * t - q[1]];
    c[0].hypot(c[1])
}

/// What a finger may move, where it stands now: each object's figure, each surface's curve
/// and each piece of glass's outline (closed: a finger inside it holds it too), by the path
/// of its fields.
fn movable(model: &OpticsWorld) -> Vec<(String, Vec<P2>, bool)> {
    let figures = model.scene.sources.iter().map(|s| {
        (
            format!("sources.{}", s.id),
            model.object_points(&s.id),
            false,
        )
    });
    let elements = model.optics.elements.iter().map(|e| {
        let glass = matches!(e.role, Role::Glass { .. });
        let kind = if glass { "glass" } else { "surfaces" };
        let line: Vec<P2> = e.pieces.iter().flat_map(|pc| pc.points(16)).collect();
        (format!("{kind}.{}", e.id), line, glass)
    });
    figures.chain(elements).collect()
}

/// The dial (a `Parameter`) that writes `path`, if any.
fn dial_for(p: &OpticsParams, path: &str) -> Option<String> {
    let dials = p.controls.iter().map(|c| match &c.does {
        ControlDoes::Parameter(n) => (c.name.as_str(), Some(n)),
        _ => (c.name.as_str(), None),
    });
    super::super::touches::dial_for(dials, path)
}

impl FingersOn<OpticsWorld> for Fingers {
    /// One tick of fingers: the controls they press and move.
    fn tick(
        &mut self,
        active: &mut ActiveExhibit,
        pointers: &Pointers,
        model: &mut OpticsWorld,
        aspect: f64,
    ) {
        let crate::descriptor::kinds::KindParams::Optics(file) = &active.descriptor.kind else {
            return;
        };
        let file = file.clone();
        let cam = active.descriptor.scene.camera.clone();
        let land = |p: [f64; 2]| {
            let Some(q) = touch_on_page(&cam, aspect, p) else {
                return Landing::Tap(None);
            };
            // A string (a surface a `Place` control puts in), where it would stand.
            for c in &file.controls {
                let ControlDoes::Place { surface } = &c.does else {
                    continue;
                };
                let Some(sf) = model.scene.surfaces.iter().find(|s| s.id == *surface) else {
                    continue;
                };
                let near = surface_pieces(sf).iter().any(|pc| {
                    pc.points(16)
                        .windows(2)
                        .any(|w| to_segment(q, w[0], w[1]) < REACH_M)
                });
                if near {
                    return Landing::Hold((), Grip::Place(c.name.clone()));
                }
            }
            // A figure, a surface or a piece of glass that a dial moves.
            for (prefix, line, closed) in movable(model) {
                let x = dial_for(&file, &format!("{prefix}.shift_m.x"));
                let y = dial_for(&file, &format!("{prefix}.shift_m.y"));
                if x.is_none() && y.is_none() {
                    continue;
                }
                let near = line
                    .iter()
                    .any(|a| (a[0] - q[0]).hypot(a[1] - q[1]) < REACH_M)
                    || line.windows(2).any(|w| to_segment(q, w[0], w[1]) < REACH_M)
                    || (closed && inside(q, &line));
                if near {
                    let from = [
                        x.as_deref().map_or(0.0, |n| active.number(n)),
                        y.as_deref().map_or(0.0, |n| active.number(n)),
                    ];
                    return Landing::Hold((), Grip::Drag { x, y, from, at: q });
                }
            }
            Landing::Tap(None)
        };
        let (_, held) = self.touches.tick(pointers, land);
        let mut placing = BTreeSet::new();
        for (grip, p) in held {
            match grip {
                Grip::Place(name) => {
                    placing.insert(name);
                }
                Grip::Drag { x, y, from, at } => {
                    let Some(q) = touch_on_page(&cam, aspect, p) else {
                        continue;
                    };
                    drag_dials(active, [&x, &y], from, at, q);
                }
            }
        }
        for name in &placing {
            active.set(name, ControlValue::Bool(true));
        }
        for name in self.placed.difference(&placing) {
            active.set(name, ControlValue::Bool(false));
        }
        self.placed = placing;
    }
}
