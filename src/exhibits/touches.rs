//! Fingers on a data kind's scene, read the same way by every kind: where a finger lands
//! decides what it does for as long as it is down. On something that can be held (a body a
//! finger can drag, a lens it can slide) it holds it; elsewhere it is a tap if it lifts soon
//! without moving, and a tap on something with a control presses it. The kind says what is
//! under a point (`land`); this module keeps each finger's story from tick to tick.

use super::{ActiveExhibit, Pointers};
use crate::descriptor::kinds::{ControlType, ControlValue};
use crate::model::scene::Numbers;
use std::collections::BTreeMap;

/// A tap: shorter than this many ticks and moving less than [`TAP_SLOP`] (normalised).
pub const TAP_TICKS: u32 = 20;
pub const TAP_SLOP: f64 = 0.03;

/// What is under a point where a finger lands, as the kind sees it.
pub enum Landing<T, G> {
    /// Something to hold (`T`, also tapped by a finger down and up within one tick) and how
    /// it is gripped.
    Hold(T, G),
    /// Something a tap may press, or nothing.
    Tap(Option<T>),
}

#[derive(Debug, Clone)]
enum Finger<T, G> {
    Hold(G),
    Tap {
        on: Option<T>,
        start: [f64; 2],
        ticks: u32,
    },
}

/// Every finger down on the scene, by its id.
#[derive(Debug, Clone)]
pub struct Touches<T, G> {
    fingers: BTreeMap<u64, Finger<T, G>>,
}

impl<T, G> Default for Touches<T, G> {
    fn default() -> Self {
        Self {
            fingers: BTreeMap::new(),
        }
    }
}

impl<T: Clone, G: Clone> Touches<T, G> {
    /// One tick of fingers: what was tapped (a finger lifted soon without moving, or down and
    /// up within the tick), and what each finger still down holds, with where it is now.
    pub fn tick(
        &mut self,
        pointers: &Pointers,
        mut land: impl FnMut([f64; 2]) -> Landing<T, G>,
    ) -> (Vec<T>, Vec<(G, [f64; 2])>) {
        let mut tapped = Vec::new();
        let lifted: Vec<u64> = self
            .fingers
            .keys()
            .filter(|id| !pointers.down.iter().any(|(d, _)| d == *id))
            .copied()
            .collect();
        for id in lifted {
            if let Some(Finger::Tap {
                on: Some(t), ticks, ..
            }) = self.fingers.remove(&id)
                && ticks < TAP_TICKS
            {
                tapped.push(t);
            }
        }
        // A tap quicker than a tick: down and up before this tick saw it.
        for (id, p) in &pointers.lifted {
            if self.fingers.contains_key(id) {
                continue;
            }
            match land(*p) {
                Landing::Hold(t, _) | Landing::Tap(Some(t)) => tapped.push(t),
                Landing::Tap(None) => {}
            }
        }
        let mut held = Vec::new();
        for (id, p) in &pointers.down {
            let finger = self.fingers.entry(*id).or_insert_with(|| match land(*p) {
                Landing::Hold(_, g) => Finger::Hold(g),
                Landing::Tap(on) => Finger::Tap {
                    on,
                    start: *p,
                    ticks: 0,
                },
            });
            match finger {
                Finger::Hold(g) => held.push((g.clone(), *p)),
                Finger::Tap { start, ticks, .. } => {
                    *ticks += 1;
                    if (p[0] - start[0]).hypot(p[1] - start[1]) > TAP_SLOP {
                        *ticks = TAP_TICKS;
                    }
                }
            }
        }
        (tapped, held)
    }

    /// Lets every finger go (the scene started again under them).
    pub fn clear(&mut self) {
        self.fingers.clear();
    }
}

/// The dial (a `Parameter` that writes the number itself, not a scale of it) that writes
/// `path`, among a scene's controls given as (name, its numbers if a dial).
pub fn dial_for<'a>(
    controls: impl IntoIterator<Item = (&'a str, Option<&'a Numbers>)>,
    path: &str,
) -> Option<String> {
    controls.into_iter().find_map(|(name, n)| {
        n.filter(|n| !n.scale && n.paths.iter().any(|x| x == path))
            .map(|_| name.to_string())
    })
}

/// A finger dragging something whose x and y the dials `x` and `y` write: each dial follows
/// the finger from where it was (`from`) when the finger landed at `at` (m) to `now`,
/// within its range.
pub fn drag_dials(
    active: &mut ActiveExhibit,
    dials: [&Option<String>; 2],
    from: [f64; 2],
    at: [f64; 2],
    now: [f64; 2],
) {
    for (k, dial) in dials.into_iter().enumerate() {
        let Some(name) = dial else { continue };
        let Some(def) = active.control_def(name) else {
            continue;
        };
        let ControlType::Number { min, max, .. } = def.ty else {
            continue;
        };
        let v = (from[k] + now[k] - at[k]).clamp(min, max);
        active.set(name, ControlValue::Number(v));
    }
}
