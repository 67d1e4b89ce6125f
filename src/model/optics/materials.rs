//! Refractive indices by wavelength: the built-in glasses with their sources, and a file's
//! own (a fixed index, Cauchy's or Sellmeier's formula).

use super::spec::{Index, MaterialSpec};

/// The glasses a scene may name without declaring them: (id, index, source).
pub fn builtin() -> Vec<MaterialSpec> {
    let m = |id: &str, index: Index, source: &str| MaterialSpec {
        id: id.into(),
        index,
        source: source.into(),
    };
    vec![
        m(
            "BK7",
            Index::Sellmeier {
                b: vec![1.039_612_12, 0.231_792_344, 1.010_469_45],
                c_um2: vec![0.006_000_698_67, 0.020_017_914_4, 103.560_653],
            },
            "SCHOTT N-BK7 data sheet (Sellmeier coefficients); n_d = 1.5168 at 587.6 nm",
        ),
        m(
            "acrylic",
            Index::Sellmeier {
                b: vec![1.1819],
                c_um2: vec![0.011_313],
            },
            "PMMA, Sultanova et al. 2009, Acta Phys. Pol. A 116:585 (refractiveindex.info); n = 1.4906 at 589 nm",
        ),
        m(
            "water",
            Index::Sellmeier {
                b: vec![
                    5.684_027_565e-1,
                    1.726_177_391e-1,
                    2.086_189_578e-2,
                    1.130_748_688e-1,
                ],
                c_um2: vec![
                    5.101_829_712e-3,
                    1.821_153_936e-2,
                    2.620_722_293e-2,
                    1.069_792_721e1,
                ],
            },
            "water, Daimon & Masumura 2007, Appl. Opt. 46:3811 (4-term Sellmeier); n = 1.3333 at 589 nm, against 1.3330 at 20 °C in the CRC Handbook",
        ),
    ]
}

impl Index {
    /// The index at vacuum wavelength `nm`; None where the formula gives no real index.
    pub fn at(&self, nm: f64) -> Option<f64> {
        let l2 = (nm / 1000.0).powi(2);
        let n = match self {
            Index::Fixed(n) => *n,
            Index::Cauchy { a, b_um2, c_um4 } => a + b_um2 / l2 + c_um4 / (l2 * l2),
            Index::Sellmeier { b, c_um2 } => {
                let n2 = 1.0
                    + b.iter()
                        .zip(c_um2)
                        .map(|(b, c)| b * l2 / (l2 - c))
                        .sum::<f64>();
                if n2 <= 0.0 {
                    return None;
                }
                n2.sqrt()
            }
        };
        n.is_finite().then_some(n)
    }
}

/// The material `id`: the file's own first, then a built-in one.
pub fn find<'a>(
    own: &'a [MaterialSpec],
    builtin: &'a [MaterialSpec],
    id: &str,
) -> Option<&'a MaterialSpec> {
    own.iter().chain(builtin).find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_glasses_read_their_published_indices() {
        let n = |id: &str, nm: f64| {
            let b = builtin();
            find(&[], &b, id).unwrap().index.at(nm).unwrap()
        };
        // N-BK7: n_d = 1.5168 (587.56 nm), n_F = 1.5224 (486.13), n_C = 1.5143 (656.27):
        // SCHOTT's data sheet.
        assert!((n("BK7", 587.56) - 1.5168).abs() < 1e-4);
        assert!((n("BK7", 486.13) - 1.5224).abs() < 1e-4);
        assert!((n("BK7", 656.27) - 1.5143).abs() < 1e-4);
        // PMMA 1.4906 at 589 nm (Sultanova 2009), whose critical angle is 42.1°.
        assert!((n("acrylic", 589.0) - 1.4906).abs() < 2e-4);
        // Water: 1.3330 at 589 nm and 20 °C (CRC Handbook); the formula gives 1.3333.
        assert!((n("water", 589.0) - 1.3330).abs() < 5e-4);
        // Blue bends more than red in each.
        for id in ["BK7", "acrylic", "water"] {
            assert!(n(id, 450.0) > n(id, 650.0), "{id}");
        }
    }
}
