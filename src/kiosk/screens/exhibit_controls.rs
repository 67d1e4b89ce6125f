//! The exhibit's own controls, in the bar under its scene: a widget per `controls` entry of
//! its descriptor (hold, toggle, dial, choice), feeding the model as the gamepad and scripts do.

use crate::descriptor::kinds::{ControlDef, ControlType, ControlValue};
use crate::descriptor::{ControlSpec, ExhibitDescriptor, Input, Widget};
use crate::exhibits::{ActiveExhibit, PendingInputs};
use crate::kiosk::Screen;
use crate::kiosk::text::Label;
use crate::kiosk::theme::{INK, Lit, TARGET_PX, button_bar, label, panel, text_button, value_text};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (widgets, dial_values).run_if(in_state(Screen::Exhibit)),
    );
}

#[derive(Component)]
struct HoldButton(String);

#[derive(Component)]
struct ToggleButton(String);

/// A dial's − or + button: its control, the step, and the dial's range the step stays in.
#[derive(Component)]
struct DialStep(String, f64, f64, f64);

#[derive(Component)]
struct DialValue(String, usize);

/// A choice's button: its control and the option it picks.
#[derive(Component)]
struct ChoiceButton(String, String);

pub(super) fn bottom_bar(d: &ExhibitDescriptor) -> impl Bundle {
    let defs = d.kind.controls();
    let specs = d.controls.clone();
    (
        panel(Node {
            justify_content: JustifyContent::Center,
            ..button_bar()
        }),
        Children::spawn(SpawnWith(move |bar: &mut ChildSpawner| {
            for c in &specs {
                if let Some(def) = defs.iter().find(|x| x.name == c.drives) {
                    control_group(bar, c, def);
                }
            }
        })),
    )
}

/// One control's widget, with its label where the widget does not carry it.
fn control_group(bar: &mut ChildSpawner, c: &ControlSpec, def: &ControlDef) {
    let group = Node {
        align_items: AlignItems::Center,
        margin: UiRect::horizontal(Val::Px(14.0)),
        ..default()
    };
    let name = || Label::Own(c.label.clone());
    let drives = c.drives.clone();
    match (c.widget, &def.ty) {
        (Widget::Hold, _) => {
            let b = (text_button(220.0, name(), 34.0), HoldButton(drives));
            bar.spawn((group, children![(b, Lit(false))]));
        }
        (Widget::Toggle, _) => {
            let b = (text_button(160.0, name(), 30.0), ToggleButton(drives));
            bar.spawn((group, children![(b, Lit(false))]));
        }
        (Widget::Dial, ControlType::Number { min, max, integer }) => {
            let lo = c.min.unwrap_or(*min);
            let hi = c.max.unwrap_or(*max);
            let step = if *integer { 1.0 } else { (hi - lo) / 10.0 };
            let sign = |s: &str| Label::Own([("en".to_string(), s.to_string())].into());
            let value = Node {
                min_width: Val::Px(110.0),
                justify_content: JustifyContent::Center,
                ..default()
            };
            bar.spawn((
                group,
                children![
                    label(name(), 26.0, INK),
                    (
                        text_button(TARGET_PX, sign("−"), 40.0),
                        DialStep(drives.clone(), -step, lo, hi)
                    ),
                    (
                        value_text("", 34.0, INK),
                        DialValue(drives.clone(), decimals(step)),
                        value
                    ),
                    (
                        text_button(TARGET_PX, sign("+"), 40.0),
                        DialStep(drives, step, lo, hi)
                    ),
                ],
            ));
        }
        (Widget::Choice, ControlType::Choice(options)) => {
            let buttons: Vec<_> = options
                .iter()
                .map(|o| {
                    let l = c
                        .options
                        .get(o)
                        .cloned()
                        .unwrap_or_else(|| [("en".to_string(), o.to_string())].into());
                    (
                        text_button(140.0, Label::Own(l), 28.0),
                        ChoiceButton(drives.clone(), o.to_string()),
                        Lit(false),
                    )
                })
                .collect();
            bar.spawn((
                group,
                Children::spawn((
                    Spawn(label(name(), 26.0, INK)),
                    SpawnIter(buttons.into_iter()),
                )),
            ));
        }
        // The validator pairs every widget with a control of its type.
        _ => {}
    }
}

fn widgets(
    holds: Query<(&Interaction, &HoldButton), Changed<Interaction>>,
    toggles: Query<(&Interaction, &ToggleButton), Changed<Interaction>>,
    steps: Query<(&Interaction, &DialStep), Changed<Interaction>>,
    choices: Query<(&Interaction, &ChoiceButton), Changed<Interaction>>,
    active: Option<Res<ActiveExhibit>>,
    mut pending: ResMut<PendingInputs>,
) {
    let Some(active) = active else { return };
    let mut set = |control: &str, value: ControlValue| {
        pending.0.push_back(Input::Set {
            control: control.to_string(),
            value,
        })
    };
    for (i, h) in &holds {
        set(&h.0, ControlValue::Bool(*i == Interaction::Pressed));
    }
    for (i, t) in &toggles {
        if *i == Interaction::Pressed {
            set(&t.0, ControlValue::Bool(!active.bool(&t.0)));
        }
    }
    for (i, s) in &steps {
        if *i == Interaction::Pressed {
            let x = (active.number(&s.0) + s.1).clamp(s.2, s.3);
            set(&s.0, ControlValue::Number(x));
        }
    }
    for (i, c) in &choices {
        if *i == Interaction::Pressed {
            set(&c.0, ControlValue::Choice(c.1.clone()));
        }
    }
}

/// The dials' values and the lit state of holds, toggles and choices, from the model.
fn dial_values(
    active: Option<Res<ActiveExhibit>>,
    mut values: Query<(&DialValue, &mut Text)>,
    mut lit: Query<(
        &mut Lit,
        Option<&HoldButton>,
        Option<&ToggleButton>,
        Option<&ChoiceButton>,
    )>,
) {
    let Some(a) = active else { return };
    for (d, mut t) in &mut values {
        let x = a.number(&d.0);
        let s = if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.*}", d.1)
        };
        if t.0 != s {
            t.0 = s;
        }
    }
    for (mut l, hold, toggle, choice) in &mut lit {
        let on = match (hold, toggle, choice) {
            (Some(h), _, _) => a.bool(&h.0),
            (_, Some(t), _) => a.bool(&t.0),
            (_, _, Some(c)) => a.choice(&c.0) == c.1,
            _ => false,
        };
        if l.0 != on {
            l.0 = on;
        }
    }
}

/// The decimals a dial shows: enough that a step of it changes the last one (with one for
/// every dial, a ±15 mm nozzle read "0.0" all along and a gap's 0.85 "0.8"); at most three.
fn decimals(step: f64) -> usize {
    if step.is_finite() && step > 0.0 && step < 0.1 {
        ((-step.log10()).ceil() as usize).clamp(1, 3)
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_dial_shows_the_decimals_its_step_moves() {
        use super::decimals;
        // 隔物吹球's speed (2–10 m/s) and nozzle (±0.015 m), 两球之间's gap (×0.85–1.5).
        assert_eq!(decimals(0.8), 1);
        assert_eq!(decimals(0.065), 2);
        assert_eq!(decimals(0.003), 3);
        assert_eq!(decimals(1e-9), 3);
        assert_eq!(decimals(f64::NAN), 1);
    }
}
