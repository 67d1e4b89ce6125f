//! The kiosk without a window, GPU or audio (`Mode::Headless`), for tests: the same screens,
//! state machine, UI layout, picking and input paths, on a window entity that no OS shows.

use super::assets_dir;
use bevy::camera::RenderTargetInfo;
use bevy::prelude::*;
use bevy::window::{ExitCondition, PrimaryWindow};

/// Bevy's plugins for the headless kiosk: what `DefaultPlugins` brings, less winit, rendering
/// and audio.
pub(super) fn plugins(app: &mut App, (w, h): (u32, u32)) {
    app.add_plugins((
        MinimalPlugins,
        bevy::state::app::StatesPlugin,
        bevy::input::InputPlugin,
        TransformPlugin,
        AssetPlugin {
            file_path: assets_dir().to_string_lossy().into_owned(),
            ..default()
        },
        WindowPlugin {
            primary_window: Some(Window {
                resolution: (w, h).into(),
                ..default()
            }),
            exit_condition: ExitCondition::DontExit,
            close_when_requested: false,
            ..default()
        },
        bevy::a11y::AccessibilityPlugin,
        ImagePlugin::default(),
        // The UI's image widgets want it; on a real kiosk winit's cursor plugin adds it.
        bevy::image::TextureAtlasPlugin,
        // Visibility: the UI ignores touches on nodes it does not know to be shown.
        bevy::camera::CameraPlugin,
        bevy::text::TextPlugin,
        bevy::ui::UiPlugin,
        bevy::picking::DefaultPickingPlugins,
    ));
    app.init_asset::<Mesh>()
        .init_asset::<bevy::mesh::skinning::SkinnedMeshInverseBindposes>()
        .init_asset::<StandardMaterial>()
        .init_resource::<ClearColor>();
    app.add_plugins(super::testing::plugin);
    app.add_systems(
        PostUpdate,
        size_cameras_to_the_window.before(bevy::ui::UiSystems::Prepare),
    );
}

/// What the renderer's camera system does on a real kiosk: each camera learns the size of
/// the window it shows, which the UI lays itself out in.
fn size_cameras_to_the_window(
    windows: Query<&Window, With<PrimaryWindow>>,
    mut cameras: Query<&mut Camera>,
) {
    let Ok(w) = windows.single() else { return };
    let (size, scale) = (w.physical_size(), w.scale_factor());
    for mut c in &mut cameras {
        let known = c.computed.target_info.as_ref();
        if known.is_none_or(|t| t.physical_size != size || t.scale_factor != scale) {
            c.computed.target_info = Some(RenderTargetInfo {
                physical_size: size,
                scale_factor: scale,
            });
        }
    }
}
