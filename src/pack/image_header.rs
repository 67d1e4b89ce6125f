//! The size and format of a PNG or JPEG from its first bytes, without decoding it: what a
//! panorama's check needs (#13's groundwork) to refuse a wrong aspect or an oversized image
//! before anything is decoded.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

/// Format, width and height; None if the bytes are neither a PNG nor a baseline or
/// progressive JPEG whose frame header comes before its image data.
pub fn image_size(bytes: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if bytes.starts_with(&PNG) {
        // The IHDR chunk comes first: length, "IHDR", width, height (big-endian).
        if bytes.get(12..16)? != b"IHDR" {
            return None;
        }
        let be = |i: usize| Some(u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
        return Some((ImageFormat::Png, be(16)?, be(20)?));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // Walk the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
        let mut i = 2;
        while i + 4 <= bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            if marker == 0xFF {
                i += 1;
                continue;
            }
            let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            let is_sof = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
            if is_sof {
                let h = u16::from_be_bytes([*bytes.get(i + 5)?, *bytes.get(i + 6)?]);
                let w = u16::from_be_bytes([*bytes.get(i + 7)?, *bytes.get(i + 8)?]);
                return Some((ImageFormat::Jpeg, w as u32, h as u32));
            }
            if marker == 0xDA || len < 2 {
                return None;
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_png_header() {
        let preview = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/exhibits/previews/bernoulli_cups.png"
        ))
        .unwrap();
        assert_eq!(image_size(&preview), Some((ImageFormat::Png, 480, 300)));
        assert_eq!(image_size(&preview[..20]), None);
    }

    #[test]
    fn reads_a_jpeg_frame_header_after_other_segments() {
        // SOI, an APP0 segment of 16 bytes, then SOF0: 8-bit, 4096 high, 8192 wide.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        j.extend([0u8; 14]);
        j.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x10, 0x00, 0x20, 0x00, 0x03]);
        assert_eq!(image_size(&j), Some((ImageFormat::Jpeg, 8192, 4096)));
        // Cut short, garbage, or image data before any frame header: no size.
        assert_eq!(image_size(&j[..24]), None);
        assert_eq!(image_size(b"GIF89a"), None);
        assert_eq!(image_size(&[0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]), None);
    }
}
