//! The tick's inputs, in the order they came: a `Set` sets a control (one out of the
//! control's range, or a held one, is ignored: `ActiveExhibit::set`), a touch becomes a
//! pointer (up to the exhibit's `max_pointers`; further fingers are ignored until lifted), a
//! button drives the control whose widget names its action.

use super::{ActiveExhibit, PendingInputs, Pointers};
use crate::descriptor::kinds::{ControlType, ControlValue};
use crate::descriptor::{Action, Input, TouchPhase, Widget};
use bevy::prelude::*;

pub(super) fn apply_inputs(
    mut pending: ResMut<PendingInputs>,
    mut pointers: ResMut<Pointers>,
    active: Option<ResMut<ActiveExhibit>>,
) {
    let Some(mut active) = active else {
        pending.0.clear();
        return;
    };
    let max = active.max_pointers();
    pointers.lifted.clear();
    while let Some(input) = pending.0.pop_front() {
        match input {
            Input::Set { control, value } => {
                active.set(&control, value);
            }
            Input::Touch { id, phase, x, y } => {
                if !(x.is_finite() && y.is_finite()) {
                    continue;
                }
                let (x, y) = (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0));
                let p = &mut *pointers;
                match phase {
                    TouchPhase::Down => {
                        if p.down.iter().any(|d| d.0 == id) || p.ignored.contains(&id) {
                            continue;
                        }
                        if p.down.len() < max {
                            p.down.push((id, [x, y]));
                        } else {
                            p.ignored.push(id);
                        }
                    }
                    TouchPhase::Move => {
                        if let Some(d) = p.down.iter_mut().find(|d| d.0 == id) {
                            d.1 = [x, y];
                        }
                    }
                    TouchPhase::Up => {
                        if p.down.iter().any(|d| d.0 == id) {
                            p.lifted.push((id, [x, y]));
                        }
                        p.down.retain(|d| d.0 != id);
                        p.ignored.retain(|d| *d != id);
                    }
                }
            }
            Input::Button { action, pressed } => apply_button(&mut active, action, pressed),
        }
    }
}

/// A gamepad/arcade button drives the control whose widget names its action.
fn apply_button(active: &mut ActiveExhibit, action: Action, pressed: bool) {
    let specs: Vec<_> = active
        .descriptor
        .controls
        .iter()
        .filter(|c| c.action == Some(action))
        .cloned()
        .collect();
    for spec in specs {
        match spec.widget {
            Widget::Hold => {
                active.set(&spec.drives, ControlValue::Bool(pressed));
            }
            Widget::Toggle if pressed => {
                let now = active.bool(&spec.drives);
                active.set(&spec.drives, ControlValue::Bool(!now));
            }
            Widget::Choice if pressed => {
                let def = active.control_def(&spec.drives);
                if let Some(ControlType::Choice(opts)) = def.map(|d| d.ty) {
                    let cur = opts
                        .iter()
                        .position(|o| *o == active.choice(&spec.drives))
                        .unwrap_or(0);
                    let next = opts[(cur + 1) % opts.len()].to_string();
                    active.set(&spec.drives, ControlValue::Choice(next));
                }
            }
            Widget::Dial if pressed => {
                // Each press steps the dial a tenth of its range, wrapping round at the top.
                let def = active.control_def(&spec.drives);
                if let Some(ControlType::Number { min, max, integer }) = def.map(|d| d.ty) {
                    let lo = spec.min.unwrap_or(min);
                    let hi = spec.max.unwrap_or(max);
                    let step = if integer { 1.0 } else { (hi - lo) / 10.0 };
                    let mut x = active.number(&spec.drives) + step;
                    if x > hi + 1e-9 {
                        x = lo;
                    }
                    active.set(&spec.drives, ControlValue::Number(x.min(hi)));
                }
            }
            _ => {}
        }
    }
}
