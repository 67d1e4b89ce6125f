//! IEEE 754 binary16 ("half") conversions in software: what the plain kernel converts with,
//! and what every kernel's instructions are held to.

/// An IEEE half's value, exactly. NaNs come out quiet, as the hardware's conversion gives them.
#[inline(always)]
pub(super) fn half_to_f32(h: u16) -> f32 {
    let h = h as u32;
    let sign = (h & 0x8000) << 16;
    let a = h & 0x7fff;
    let bits = if a >= 0x7c00 {
        // Infinity, or a NaN made quiet.
        let quiet = if a > 0x7c00 { 0x0040_0000 } else { 0 };
        0x7f80_0000 | ((a & 0x3ff) << 13) | quiet
    } else if a < 0x0400 {
        // Zero or subnormal: a·2⁻²⁴, exact (a < 2¹⁰).
        (a as f32 * (1.0 / 16_777_216.0)).to_bits()
    } else {
        // Normal: the exponent rebiased from 15 to 127.
        (a << 13) + (112 << 23)
    };
    f32::from_bits(sign | bits)
}

/// `v` rounded to the nearest IEEE half (ties to even), as its bits; beyond the largest half,
/// infinity; a NaN stays a (quiet) NaN. After F. Giesen's `float_to_half_fast3_rtne` (public
/// domain, 2016).
#[inline(always)]
pub(super) fn f32_to_half(v: f32) -> u16 {
    let x = v.to_bits();
    let sign = (x >> 16) & 0x8000;
    let a = x & 0x7fff_ffff;
    let h = if a >= 0x4780_0000 {
        // |v| ≥ 65 536 (rounds to infinity), infinity or NaN.
        if a > 0x7f80_0000 {
            0x7e00 | ((a >> 13) & 0x3ff)
        } else {
            0x7c00
        }
    } else if a < 0x3880_0000 {
        // Below the smallest normal half (2⁻¹⁴): adding ½ lines the half's ten bits up at the
        // bottom of the f32's, and the addition rounds them to nearest even.
        (f32::from_bits(a) + 0.5).to_bits() - 0x3f00_0000
    } else {
        // Normal: rebias the exponent and round the 13 bits dropped, ties to even.
        let odd = (a >> 13) & 1;
        (a.wrapping_add(0xc800_0fff) + odd) >> 13
    };
    (h | sign) as u16
}

/// Every finite half, every f32 at a tie between two neighbouring halves and either side of
/// it, and a spread of other f32s (every 4 099th bit pattern: all exponents, both signs): the
/// numbers the conversions are tested on.
#[cfg(test)]
pub(super) fn awkward_f32s() -> Vec<f32> {
    let mut v: Vec<f32> = (0..=u16::MAX)
        .map(half_to_f32)
        .filter(|x| x.is_finite())
        .collect();
    for h in 0..0x7bffu16 {
        let (a, b) = (half_to_f32(h) as f64, half_to_f32(h + 1) as f64);
        let tie = ((a + b) / 2.0) as f32;
        let (below, above) = (tie.next_down(), tie.next_up());
        v.extend([tie, -tie, below, above]);
    }
    v.extend((0..u32::MAX / 4099).map(|k| f32::from_bits(k * 4099)));
    v.extend([
        65504.0,
        65519.99,
        65520.0,
        1e9,
        f32::INFINITY,
        f32::MIN_POSITIVE,
        1e-30,
    ]);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_convert_as_ieee_says() {
        // Known values (IEEE 754 binary16): 1, the largest half, the smallest subnormal, and
        // the ties that round to even.
        assert_eq!(f32_to_half(1.0), 0x3c00);
        assert_eq!(f32_to_half(-2.0), 0xc000);
        assert_eq!(f32_to_half(65504.0), 0x7bff);
        assert_eq!(
            f32_to_half(65520.0),
            0x7c00,
            "the tie above the largest is infinity"
        );
        assert_eq!(f32_to_half(2f32.powi(-24)), 0x0001);
        assert_eq!(f32_to_half(2f32.powi(-25)), 0x0000, "a tie to even zero");
        assert_eq!(
            f32_to_half(3.0 * 2f32.powi(-25)),
            0x0002,
            "a tie to even two"
        );
        assert_eq!(f32_to_half(1.0 + 2f32.powi(-11)), 0x3c00, "a tie to even");
        assert_eq!(
            f32_to_half(1.0 + 3.0 * 2f32.powi(-11)),
            0x3c02,
            "a tie to even"
        );
        assert!(half_to_f32(f32_to_half(f32::NAN)).is_nan());
        assert_eq!(half_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(half_to_f32(0x7bff), 65504.0);
        assert_eq!(half_to_f32(0xfc00), f32::NEG_INFINITY);
        // Every half goes to f32 and back unchanged, and rounding an f32 gives the nearer
        // half (f64 holds both exactly), the even one at a tie.
        for h in (0..=u16::MAX).filter(|h| h & 0x7fff <= 0x7c00) {
            assert_eq!(f32_to_half(half_to_f32(h)), h, "{h:#06x}");
        }
        for x in awkward_f32s().into_iter().filter(|x| x.abs() < 65504.0) {
            let h = f32_to_half(x);
            let off = |h: u16| (half_to_f32(h) as f64 - x as f64).abs();
            let mag = h & 0x7fff;
            let neighbours = [mag.checked_sub(1), (mag < 0x7bff).then_some(mag + 1)];
            for other in neighbours.into_iter().flatten().map(|m| m | (h & 0x8000)) {
                assert!(off(h) <= off(other), "{x:e} → {h:#06x}, not {other:#06x}");
                if off(h) == off(other) {
                    assert_eq!(h & 1, 0, "{x:e}: a tie goes to the even half");
                }
            }
        }
    }
}
