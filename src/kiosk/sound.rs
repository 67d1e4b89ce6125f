//! The exhibit's sounds out: its pack's samples for the cues its kind gives, and its
//! synthesised voice; capped by the config, muted in the attract loop.

use super::Screen;
use super::config::KioskConfig;
use super::pack_assets::{ExhibitSound, PackAssets};
use crate::engine::audio::{Sampler, SirenVoice, VolumeCap};
use crate::exhibits::{self, ActiveExhibit, SoundCues};
use bevy::prelude::*;
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (voice_out, sounds_out));
}

/// The active exhibit's sounds (from [`PackAssets`]).
#[derive(Resource, Default)]
struct ExhibitSounds(Arc<Vec<ExhibitSound>>);

/// Gives the sounds of exhibit `id` the stage, silencing what played before.
pub(super) fn switch_to(world: &mut World, id: &str) {
    let sounds = world.resource::<PackAssets>().sounds(id);
    world.insert_resource(ExhibitSounds(sounds));
    silence(world);
}

pub(super) fn silence(world: &mut World) {
    if let Some(s) = world.get_resource::<Sampler>() {
        s.silence();
    }
}

/// Whether the kiosk is quiet now: the attract loop, if the config mutes it.
fn muted(screen: &State<Screen>, config: &KioskConfig) -> bool {
    *screen.get() == Screen::Attract && config.attract_muted
}

/// Plays the exhibit's sounds for the cues its kind gave.
fn sounds_out(
    sampler: Option<Res<Sampler>>,
    sounds: Option<Res<ExhibitSounds>>,
    mut cues: ResMut<SoundCues>,
    cap: Res<VolumeCap>,
    config: Res<KioskConfig>,
    screen: Res<State<Screen>>,
) {
    let hits = std::mem::take(&mut cues.hits);
    let (Some(sampler), Some(sounds)) = (sampler, sounds) else {
        return;
    };
    let gain = if muted(&screen, &config) {
        0.0
    } else {
        cap.0 as f32
    };
    for (i, s) in sounds.0.iter().enumerate() {
        let Some(sample) = &s.sample else { continue };
        if let Some(level) = cues.loops.get(s.on.as_str()) {
            sampler.set_loop(i, sample, *level as f32 * s.volume * gain);
        }
        for _ in hits.iter().filter(|h| **h == s.on.as_str()) {
            if gain > 0.0 {
                sampler.play_once(sample, s.volume * gain);
            }
        }
    }
}

/// Feeds the live voice from the active exhibit.
fn voice_out(world: &mut World) {
    let Some(voice) = world.get_resource::<SirenVoice>().cloned() else {
        return;
    };
    let v = world
        .get_resource::<ActiveExhibit>()
        .map(|a| exhibits::registration(&a.descriptor.kind).voice)
        .and_then(|voice_of| voice_of(world));
    let cap = world
        .get_resource::<VolumeCap>()
        .map(|c| c.0)
        .unwrap_or(0.8);
    let quiet = muted(
        world.resource::<State<Screen>>(),
        world.resource::<KioskConfig>(),
    );
    match v {
        Some(v) => voice
            .0
            .set(v.freq_hz, if quiet { 0.0 } else { v.level * cap }, v.duty),
        None => voice.0.set(0.0, 0.0, 0.3),
    }
}
