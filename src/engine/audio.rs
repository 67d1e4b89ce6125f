//! kira set-up: the kiosk's live voices. A missing audio device (CI, a kiosk with its speakers
//! unplugged) only logs a warning; the exhibits run on silently.

use crate::model::synth::PuffSynth;
use bevy::prelude::*;
use kira::sound::{Sound, SoundData};
use kira::{AudioManager, AudioManagerSettings, DefaultBackend, Frame, info::Info};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What the siren voice should sound like now; written by the exhibit, read by the audio thread.
#[derive(Default)]
pub struct VoiceParams {
    freq: AtomicU64,
    level: AtomicU64,
    duty: AtomicU64,
}

impl VoiceParams {
    pub fn set(&self, freq_hz: f64, level: f64, duty: f64) {
        self.freq.store(freq_hz.to_bits(), Ordering::Relaxed);
        self.level.store(level.to_bits(), Ordering::Relaxed);
        self.duty.store(duty.to_bits(), Ordering::Relaxed);
    }
    fn get(&self) -> (f64, f64, f64) {
        (
            f64::from_bits(self.freq.load(Ordering::Relaxed)),
            f64::from_bits(self.level.load(Ordering::Relaxed)),
            f64::from_bits(self.duty.load(Ordering::Relaxed)),
        )
    }
}

/// The siren voice's parameters, when an audio device is open.
#[derive(Resource, Clone)]
pub struct SirenVoice(pub Arc<VoiceParams>);

/// Loudness cap from the kiosk config, 0–1.
#[derive(Resource, Clone, Copy)]
pub struct VolumeCap(pub f64);

impl Default for VolumeCap {
    fn default() -> Self {
        Self(0.8)
    }
}

struct SirenSound {
    params: Arc<VoiceParams>,
    synth: Option<PuffSynth>,
    buf: Vec<f32>,
}

impl Sound for SirenSound {
    fn process(&mut self, out: &mut [Frame], dt: f64, _info: &Info) {
        let rate = (1.0 / dt).round() as u32;
        let synth = self.synth.get_or_insert_with(|| PuffSynth::new(rate));
        let (f, level, duty) = self.params.get();
        self.buf.resize(out.len(), 0.0);
        synth.render(f, level, duty, &mut self.buf);
        for (o, s) in out.iter_mut().zip(&self.buf) {
            *o = Frame::from_mono(*s);
        }
    }
    fn finished(&self) -> bool {
        // The kiosk holds the other reference; when it lets go, the voice ends.
        Arc::strong_count(&self.params) == 1
    }
}

struct SirenData(Arc<VoiceParams>);

impl SoundData for SirenData {
    type Error = ();
    type Handle = ();
    fn into_sound(self) -> Result<(Box<dyn Sound>, ()), ()> {
        Ok((
            Box::new(SirenSound {
                params: self.0,
                synth: None,
                buf: Vec::new(),
            }),
            (),
        ))
    }
}

/// Opens the audio device; without one the kiosk runs silent.
pub fn plugin(app: &mut App) {
    app.init_resource::<VolumeCap>();
    match AudioManager::<DefaultBackend>::new(AudioManagerSettings::default()) {
        Ok(mut manager) => {
            let params = Arc::new(VoiceParams::default());
            if manager.play(SirenData(params.clone())).is_ok() {
                app.insert_resource(SirenVoice(params));
            }
            app.insert_non_send(manager);
        }
        Err(e) => warn!("no audio device ({e}); the exhibits run silent"),
    }
}
