//! `caravan screenshot`: a PNG of the window after a number of frames, then quit.

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use std::path::PathBuf;

#[derive(Resource)]
struct ScreenshotPlan {
    path: PathBuf,
    frames: u32,
    frame: u32,
    taken: bool,
    /// Frames since every image finished decoding (its upload takes a frame or two).
    settled: u32,
}

/// Saves a PNG of the window after `frames` frames, then quits.
pub fn screenshot_after(app: &mut App, path: PathBuf, frames: u32) {
    // Each frame is exactly one tick, however slowly it renders (software Vulkan manages a
    // few frames a second): the picture shows the state after `frames` ticks, every time.
    app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
        std::time::Duration::from_secs_f64(crate::model::TICK_S),
    ));
    app.insert_resource(ScreenshotPlan {
        path,
        frames,
        frame: 0,
        taken: false,
        settled: 0,
    });
    app.add_systems(Last, take_screenshot);
}

fn take_screenshot(
    mut plan: ResMut<ScreenshotPlan>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
    decoding: Res<super::pack_assets::Decoding>,
) {
    plan.frame += 1;
    // Panoramas decode on the compute pool: the picture waits for them.
    plan.settled = if decoding.busy() { 0 } else { plan.settled + 1 };
    if !plan.taken && plan.frame >= plan.frames && plan.settled > 3 {
        plan.taken = true;
        let _ = std::fs::remove_file(&plan.path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(plan.path.clone()));
    }
    if plan.taken && plan.path.exists() && std::fs::metadata(&plan.path).is_ok_and(|m| m.len() > 0)
    {
        exit.write(AppExit::Success);
    }
    if plan.frame > plan.frames + 600 {
        eprintln!("caravan: the screenshot was not written after 600 more frames");
        exit.write(AppExit::error());
    }
}
