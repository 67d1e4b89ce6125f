//! The attract loop: each exhibit plays its own `attract` script, one after another, under
//! 触摸开始 / Touch to start. Any touch, key or button opens the launcher.

use super::{open, unload};
use crate::exhibits::{ActiveExhibit, PendingInputs};
use crate::kiosk::input::Idle;
use crate::kiosk::text::Strings;
use crate::kiosk::theme::{BUTTON_HOT, INK, panel, ui_root, value_text};
use crate::kiosk::{Screen, Shown};
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Attract), enter_attract);
    app.add_systems(Update, attract_loop.run_if(in_state(Screen::Attract)));
    app.add_systems(OnExit(Screen::Attract), unload);
}

#[derive(Resource, Default)]
struct AttractLoop {
    index: usize,
    started: f64,
    next_event: usize,
}

fn enter_attract(world: &mut World) {
    let now = world.resource::<Time>().elapsed_secs_f64();
    let index = world
        .get_resource::<AttractLoop>()
        .map(|a| a.index)
        .unwrap_or(0);
    world.insert_resource(AttractLoop {
        index,
        started: now,
        next_event: 0,
    });
    open_attract_exhibit(world);
    // Both languages at once: nobody has chosen one yet.
    let strings = world.resource::<Strings>();
    let both = |key: &str| (strings.get(key, "zh-CN"), strings.get(key, "en"));
    let ((zh, en), (tz, te)) = (both("touch_to_start"), both("app_title"));
    world.spawn((
        DespawnOnExit(Screen::Attract),
        Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            padding: UiRect::all(Val::Px(24.0)),
            ..ui_root()
        },
        children![
            value_text(format!("{tz}  {te}"), 44.0, INK),
            (
                panel(Node {
                    padding: UiRect::axes(Val::Px(40.0), Val::Px(18.0)),
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(Val::Px(24.0)),
                    ..default()
                }),
                children![value_text(zh, 64.0, BUTTON_HOT), value_text(en, 40.0, INK)],
            ),
        ],
    ));
}

fn open_attract_exhibit(world: &mut World) {
    let ids: Vec<String> = world
        .resource::<Shown>()
        .catalogue
        .exhibits()
        .map(|e| e.id.clone())
        .collect();
    if ids.is_empty() {
        return;
    }
    let i = world.resource::<AttractLoop>().index % ids.len();
    open(world, &ids[i]);
}

/// Replays the exhibit's attract script; after it (and a pause) moves on to the next exhibit.
/// Any touch, click, key or button goes to the launcher.
fn attract_loop(world: &mut World) {
    let touched = {
        let idle = world.resource::<Idle>();
        idle.seconds == 0.0 && world.resource::<Time>().elapsed_secs_f64() > 0.5
    };
    if touched {
        world
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Launcher);
        return;
    }
    let now = world.resource::<Time>().elapsed_secs_f64();
    let Some(script) = world
        .get_resource::<ActiveExhibit>()
        .map(|a| a.descriptor.attract.clone())
    else {
        return;
    };
    let (started, mut next) = {
        let a = world.resource::<AttractLoop>();
        (a.started, a.next_event)
    };
    let t = now - started;
    while next < script.len() && script[next].t_s <= t {
        let input = script[next].input.clone();
        world.resource_mut::<PendingInputs>().0.push_back(input);
        next += 1;
    }
    world.resource_mut::<AttractLoop>().next_event = next;
    let length = script.last().map(|e| e.t_s).unwrap_or(0.0) + 4.0;
    if t > length.max(8.0) {
        {
            let mut a = world.resource_mut::<AttractLoop>();
            a.index += 1;
            a.started = now;
            a.next_event = 0;
        }
        open_attract_exhibit(world);
    }
}
