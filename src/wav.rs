//! WAV files: 16-bit PCM mono, the one format the kiosk plays from packs and `simulate
//! --audio-out` writes. File I/O, kept out of the physics layer.

use std::io::{self, Write};

/// The sample rates a pack's sound may have, Hz.
pub const MIN_RATE: u32 = 8_000;
pub const MAX_RATE: u32 = 192_000;

/// 16-bit PCM mono WAV.
pub fn write(w: &mut impl Write, samples: &[f32], sample_rate: u32) -> io::Result<()> {
    let data_len = (samples.len() * 2) as u32;
    w.write_all(b"RIFF")?;
    w.write_all(&(36 + data_len).to_le_bytes())?;
    w.write_all(b"WAVEfmt ")?;
    w.write_all(&16u32.to_le_bytes())?;
    w.write_all(&1u16.to_le_bytes())?; // PCM
    w.write_all(&1u16.to_le_bytes())?; // mono
    w.write_all(&sample_rate.to_le_bytes())?;
    w.write_all(&(sample_rate * 2).to_le_bytes())?;
    w.write_all(&2u16.to_le_bytes())?;
    w.write_all(&16u16.to_le_bytes())?;
    w.write_all(b"data")?;
    w.write_all(&data_len.to_le_bytes())?;
    let mut buf = Vec::with_capacity(samples.len() * 2);
    for s in samples {
        let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        buf.extend_from_slice(&v.to_le_bytes());
    }
    w.write_all(&buf)
}

/// Reads back what [`write`] writes (16-bit PCM mono, 8–192 kHz); `None` for anything else.
pub fn read(bytes: &[u8]) -> Option<(u32, Vec<f32>)> {
    if bytes.len() < 44 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return None;
    }
    let mut pos = 12;
    let mut rate = None;
    while pos + 8 <= bytes.len() {
        let id = &bytes[pos..pos + 4];
        let len = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().ok()?) as usize;
        let body = bytes.get(pos + 8..pos + 8 + len)?;
        if id == b"fmt " {
            let fmt = u16::from_le_bytes(body.get(0..2)?.try_into().ok()?);
            let ch = u16::from_le_bytes(body.get(2..4)?.try_into().ok()?);
            let bits = u16::from_le_bytes(body.get(14..16)?.try_into().ok()?);
            if fmt != 1 || ch != 1 || bits != 16 {
                return None;
            }
            let r = u32::from_le_bytes(body.get(4..8)?.try_into().ok()?);
            // A header can claim any rate; the kiosk plays 8 to 192 kHz.
            if !(MIN_RATE..=MAX_RATE).contains(&r) {
                return None;
            }
            rate = Some(r);
        } else if id == b"data" {
            let s = body
                .chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 / 32767.0)
                .collect();
            return Some((rate?, s));
        }
        pos += 8 + len + (len & 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_round_trip() {
        let samples: Vec<f32> = (0..100).map(|k| (k as f32 / 50.0) - 1.0).collect();
        let mut bytes = Vec::new();
        write(&mut bytes, &samples, 48_000).unwrap();
        let (rate, back) = read(&bytes).unwrap();
        assert_eq!(rate, 48_000);
        assert_eq!(back.len(), 100);
        assert!((back[75] - samples[75]).abs() < 1e-4);
    }
}
