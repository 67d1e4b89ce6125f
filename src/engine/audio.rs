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
            if let Some(sampler) = start_sampler(&mut manager) {
                app.insert_resource(sampler);
            }
            app.insert_non_send(manager);
        }
        Err(e) => warn!("no audio device ({e}); the exhibits run silent"),
    }
}

/// A decoded sample: mono frames and their rate.
#[derive(Clone)]
pub struct Sample {
    pub frames: Arc<Vec<f32>>,
    pub rate: u32,
}

struct SampleVoice {
    key: Option<usize>,
    sample: Sample,
    pos: f64,
    looped: bool,
    target: f32,
    gain: f32,
}

/// Sample voices (loops and one-shots) mixed on the audio thread. The kiosk side only takes the
/// lock to change targets; the audio thread never waits for it (it skips a change instead).
#[derive(Default)]
struct SamplerState {
    voices: Vec<SampleVoice>,
}

#[derive(Resource, Clone)]
pub struct Sampler(Arc<std::sync::Mutex<SamplerState>>);

impl Sampler {
    /// Sets the level of loop `key` (0 fades it out), starting it if needed.
    pub fn set_loop(&self, key: usize, sample: &Sample, level: f32) {
        let Ok(mut s) = self.0.lock() else { return };
        match s.voices.iter_mut().find(|v| v.key == Some(key)) {
            Some(v) => v.target = level,
            None if level > 0.0 => s.voices.push(SampleVoice {
                key: Some(key),
                sample: sample.clone(),
                pos: 0.0,
                looped: true,
                target: level,
                gain: 0.0,
            }),
            None => {}
        }
    }
    pub fn play_once(&self, sample: &Sample, level: f32) {
        let Ok(mut s) = self.0.lock() else { return };
        if s.voices.len() < 16 {
            s.voices.push(SampleVoice {
                key: None,
                sample: sample.clone(),
                pos: 0.0,
                looped: false,
                target: level,
                gain: level,
            });
        }
    }
    /// Fades every voice out (the exhibit changed or reset).
    pub fn silence(&self) {
        if let Ok(mut s) = self.0.lock() {
            for v in &mut s.voices {
                v.target = 0.0;
                v.looped = v.looped && v.key.is_some();
            }
        }
    }
}

struct SamplerSound(Arc<std::sync::Mutex<SamplerState>>);

impl Sound for SamplerSound {
    fn process(&mut self, out: &mut [Frame], dt: f64, _info: &Info) {
        out.fill(Frame::ZERO);
        let Ok(mut s) = self.0.try_lock() else { return };
        // 20 ms fades: no clicks when a loop starts, stops or changes level.
        let ramp = (dt / 0.020) as f32;
        for v in &mut s.voices {
            let step = v.sample.rate as f64 * dt;
            let n = v.sample.frames.len();
            for o in out.iter_mut() {
                if n == 0 || (!v.looped && v.pos as usize + 1 >= n) {
                    v.target = 0.0;
                    v.gain = 0.0;
                    break;
                }
                let i = v.pos as usize % n;
                let frac = (v.pos - v.pos.floor()) as f32;
                let x = v.sample.frames[i] * (1.0 - frac) + v.sample.frames[(i + 1) % n] * frac;
                v.gain += (v.target - v.gain).clamp(-ramp, ramp);
                *o += Frame::from_mono(x * v.gain);
                v.pos += step;
                if v.looped && v.pos >= n as f64 {
                    v.pos -= n as f64;
                }
            }
        }
        s.voices.retain(|v| v.gain > 0.0 || v.target > 0.0);
    }
    fn finished(&self) -> bool {
        Arc::strong_count(&self.0) == 1
    }
}

struct SamplerData(Arc<std::sync::Mutex<SamplerState>>);

impl SoundData for SamplerData {
    type Error = ();
    type Handle = ();
    fn into_sound(self) -> Result<(Box<dyn Sound>, ()), ()> {
        Ok((Box::new(SamplerSound(self.0)), ()))
    }
}

fn start_sampler(manager: &mut AudioManager<DefaultBackend>) -> Option<Sampler> {
    let state = Arc::new(std::sync::Mutex::new(SamplerState::default()));
    manager
        .play(SamplerData(state.clone()))
        .ok()
        .map(|_| Sampler(state))
}
