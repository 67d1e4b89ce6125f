//! The light traced: each source's rays followed from surface to surface, splitting where a
//! face or a part-silvered mirror sends light two ways, until they leave the scene, are taken
//! by an absorber or a screen, or meet a limit (their power then counted as lost, never cut
//! unseen). Geometric optics in the plane: Snell's law, total internal reflection, Fresnel's
//! unpolarised reflectance at each face (or the glass's stated one) and ideal thin lenses.

use super::geometry::{Piece, add, dot, from_angle, pieces, scale, signed_area2, sub, unit};
use super::materials;
use super::spec::*;
use std::collections::BTreeMap;

/// How far a ray that leaves the scene is drawn, m.
pub const FAR_M: f64 = 50.0;

/// A surface or a piece of glass, placed.
#[derive(Debug, Clone)]
pub struct Element {
    pub id: String,
    pub pieces: Vec<Piece>,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub enum Role {
    Surface(Does),
    /// A glass's index, its reflectance if stated, and whether its outline runs
    /// counter-clockwise (its outward normal is then the tangent turned clockwise).
    Glass {
        index: Index,
        reflectance: Option<f64>,
        ccw: bool,
    },
}

/// One stretch of a ray, for drawing: its power (its source's whole light is 1) and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub a: P2,
    pub b: P2,
    pub power: f64,
    pub nm: f64,
    /// The source and its ray (of its point) it came from.
    pub source: usize,
    pub ray: usize,
}

/// The last stretch of a ray from an object's point: the line its image is found on.
#[derive(Debug, Clone)]
pub struct FinalRay {
    pub source: usize,
    pub point: usize,
    pub p: P2,
    pub d: P2,
    /// The share of its point's light.
    pub share: f64,
    pub reflections: usize,
    /// The elements it met and how, hashed: rays alike in this came the same way.
    pub signature: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Trace {
    pub segments: Vec<Segment>,
    pub finals: Vec<FinalRay>,
    /// For each element (in [`Optics::elements`]' order), where light landed on it and how
    /// much, if it is a screen.
    pub screen_hits: Vec<Vec<(P2, f64)>>,
    /// For each source and ray, the strongest branch's direction after each element it met
    /// (at the source's first wavelength).
    pub main_path: BTreeMap<(usize, usize), Vec<(usize, P2)>>,
    /// Light dropped by the limits.
    pub lost: f64,
    /// Light that left the scene, and light taken by absorbers and screens: with `lost`, all
    /// the sources sent (a test holds the sum).
    pub escaped: f64,
    pub absorbed: f64,
}

/// The scene placed: its elements and its sources' rays.
#[derive(Debug, Clone)]
pub struct Optics {
    pub elements: Vec<Element>,
    /// Each ray sent: source, its point (an object's) or 0, its number, start, direction,
    /// wavelength, power.
    rays: Vec<Emitted>,
    limits: Limits,
}

#[derive(Debug, Clone)]
struct Emitted {
    source: usize,
    /// Which of the source's wavelengths (a ray's path is followed for the first).
    wl: usize,
    point: usize,
    ray: usize,
    p: P2,
    d: P2,
    nm: f64,
    power: f64,
    share: f64,
}

/// The rays of `kind`: (point, start, direction) for each.
pub fn source_rays(kind: &SourceKind) -> Vec<(usize, P2, P2)> {
    let spread = |at: P2, angle: f64, spread: f64, n: usize, point: usize| {
        (0..n).map(move |i| {
            let f = if n == 1 {
                0.5
            } else {
                i as f64 / (n - 1) as f64
            };
            (point, at, from_angle(angle - spread / 2.0 + spread * f))
        })
    };
    match kind {
        SourceKind::Laser { at_m, angle_deg } => vec![(0, *at_m, from_angle(*angle_deg))],
        SourceKind::Beam {
            at_m,
            angle_deg,
            width_m,
            rays,
        } => {
            let d = from_angle(*angle_deg);
            let across = [-d[1], d[0]];
            (0..*rays)
                .map(|i| {
                    let f = if *rays == 1 {
                        0.0
                    } else {
                        i as f64 / (*rays - 1) as f64 - 0.5
                    };
                    (0, add(*at_m, scale(across, f * width_m)), d)
                })
                .collect()
        }
        SourceKind::Fan {
            at_m,
            angle_deg,
            spread_deg,
            rays,
        } => spread(*at_m, *angle_deg, *spread_deg, *rays, 0).collect(),
        SourceKind::Object {
            points,
            angle_deg,
            spread_deg,
            rays,
            shift_m,
            ..
        } => points
            .iter()
            .enumerate()
            .flat_map(|(i, q)| spread(add(*q, *shift_m), *angle_deg, *spread_deg, *rays, i))
            .collect(),
    }
}

/// The centre a glass turns about: the mean of its outline's corners (its pieces' starts).
pub fn glass_centre(outline: &Outline) -> P2 {
    let starts: Vec<P2> = match outline {
        Outline::Polygon(c) => c.clone(),
        Outline::Curves(cs) => cs.iter().map(|c| [c.start()[0], c.start()[1]]).collect(),
    };
    let n = starts.len().max(1) as f64;
    let s = starts.iter().fold([0.0, 0.0], |a, p| add(a, *p));
    scale(s, 1.0 / n)
}

/// A surface's pieces where it stands: its curve turned about its pivot (its midpoint when
/// none), then moved.
pub fn surface_pieces(sf: &SurfaceSpec) -> Vec<Piece> {
    let raw = pieces(&sf.curve);
    let pivot = sf
        .pivot_m
        .unwrap_or_else(|| match (raw.first(), raw.last()) {
            (Some(a), Some(b)) => scale(add(a.at(0.0), b.at(1.0)), 0.5),
            _ => [0.0, 0.0],
        });
    raw.iter()
        .map(|p| p.moved(sf.turn_deg, pivot, sf.shift_m))
        .collect()
}

/// The pieces of a glass's outline, in order round it.
pub fn outline_pieces(outline: &Outline) -> Vec<Piece> {
    match outline {
        Outline::Polygon(c) => (0..c.len())
            .map(|i| Piece {
                shape: super::geometry::Shape::Segment {
                    a: c[i],
                    b: c[(i + 1) % c.len()],
                },
                origin: [0.0, 0.0],
                angle: 0.0,
            })
            .collect(),
        Outline::Curves(cs) => cs.iter().flat_map(pieces).collect(),
    }
}

impl Optics {
    /// The scene placed, with the surfaces for which `present` is false left out. The
    /// scene's references are assumed checked (a glass of no known material is left out).
    pub fn new(s: &OpticsParams, present: impl Fn(usize) -> bool) -> Self {
        let builtin = materials::builtin();
        let mut elements = Vec::new();
        for (_, sf) in s.surfaces.iter().enumerate().filter(|(i, _)| present(*i)) {
            elements.push(Element {
                id: sf.id.clone(),
                pieces: surface_pieces(sf),
                role: Role::Surface(sf.does.clone()),
            });
        }
        for g in &s.glass {
            let Some(m) = materials::find(&s.materials, &builtin, &g.material) else {
                continue;
            };
            let centre = glass_centre(&g.outline);
            let pieces: Vec<Piece> = outline_pieces(&g.outline)
                .iter()
                .map(|p| p.moved(g.turn_deg, centre, g.shift_m))
                .collect();
            let ring = super::geometry::ring(&pieces, 16);
            elements.push(Element {
                id: g.id.clone(),
                pieces,
                role: Role::Glass {
                    index: m.index.clone(),
                    reflectance: g.reflectance,
                    ccw: signed_area2(&ring) > 0.0,
                },
            });
        }
        let mut rays = Vec::new();
        for (si, src) in s.sources.iter().enumerate().filter(|(_, s)| s.on) {
            let list = source_rays(&src.kind);
            let points = match &src.kind {
                SourceKind::Object { points, .. } => points.len().max(1),
                _ => 1,
            };
            let per_point = (list.len() / points).max(1);
            let nw = src.wavelengths_nm.len().max(1);
            let mut count = vec![0usize; points];
            for (point, p, d) in list {
                let ray = count[point];
                count[point] += 1;
                for (wl, nm) in src.wavelengths_nm.iter().enumerate() {
                    rays.push(Emitted {
                        source: si,
                        wl,
                        point,
                        ray,
                        p,
                        d,
                        nm: *nm,
                        power: 1.0 / (per_point * points * nw) as f64,
                        share: 1.0 / (per_point * nw) as f64,
                    });
                }
            }
        }
        Optics {
            elements,
            rays,
            limits: s.limits.clone(),
        }
    }

    /// Every ray followed (see the module's notes).
    pub fn trace(&self) -> Trace {
        let mut out = Trace {
            screen_hits: vec![Vec::new(); self.elements.len()],
            ..Default::default()
        };
        let mut stack: Vec<Ray> = Vec::new();
        for e in &self.rays {
            stack.push(Ray {
                p: e.p,
                d: unit(e.d),
                rel: 1.0,
                inside: None,
                depth: 0,
                reflections: 0,
                signature: 0xcbf2_9ce4_8422_2325,
                main: true,
            });
            while let Some(r) = stack.pop() {
                self.follow(e, r, &mut stack, &mut out);
            }
        }
        out
    }

    fn follow(&self, e: &Emitted, r: Ray, stack: &mut Vec<Ray>, out: &mut Trace) {
        let power = e.power * r.rel;
        if out.segments.len() >= self.limits.segments || r.depth > self.limits.bounces {
            out.lost += power;
            return;
        }
        let nearest = self
            .elements
            .iter()
            .enumerate()
            .flat_map(|(i, el)| {
                el.pieces
                    .iter()
                    .filter_map(move |p| Some((i, p.hit(r.p, r.d)?)))
            })
            .min_by(|a, b| a.1.t.total_cmp(&b.1.t));
        let Some((ei, hit)) = nearest else {
            out.escaped += power;
            out.segments.push(Segment {
                a: r.p,
                b: add(r.p, scale(r.d, FAR_M)),
                power,
                nm: e.nm,
                source: e.source,
                ray: e.ray,
            });
            self.finish(e, &r, out);
            return;
        };
        out.segments.push(Segment {
            a: r.p,
            b: hit.point,
            power,
            nm: e.nm,
            source: e.source,
            ray: e.ray,
        });
        let normal = [-hit.tangent[1], hit.tangent[0]];
        let reflected = sub(r.d, scale(normal, 2.0 * dot(r.d, normal)));
        // (direction, share of this ray's light, reflected?, into which medium)
        let mut children: Vec<(P2, f64, bool, Option<usize>)> = Vec::new();
        match &self.elements[ei].role {
            Role::Surface(Does::Mirror) => children.push((reflected, 1.0, true, r.inside)),
            Role::Surface(Does::PartMirror { reflectance }) => {
                children.push((reflected, *reflectance, true, r.inside));
                children.push((r.d, 1.0 - reflectance, false, r.inside));
            }
            Role::Surface(Does::Absorber) => {}
            Role::Surface(Does::Screen) => out.screen_hits[ei].push((hit.point, power)),
            Role::Surface(Does::ThinLens { focal_m }) => {
                // Slope across the lens's axis changes by −h/f: every ray from a point goes
                // through its image (the ideal lens's exact construction).
                let piece = &self.elements[ei].pieces[0];
                let (a, b) = (piece.at(0.0), piece.at(1.0));
                let u = unit(sub(b, a));
                let h = dot(sub(hit.point, scale(add(a, b), 0.5)), u);
                // (the slope per length travelled along the axis, whichever way the ray goes)
                let along = dot(r.d, normal);
                let slope = dot(r.d, u) / along - along.signum() * h / focal_m;
                let d = unit(add(
                    scale(normal, along.signum()),
                    scale(u, slope * along.signum()),
                ));
                children.push((d, 1.0, false, r.inside));
            }
            Role::Glass {
                index,
                reflectance,
                ccw,
            } => {
                // Outward: the tangent turned clockwise round a counter-clockwise outline.
                let outward = if *ccw { scale(normal, -1.0) } else { normal };
                let entering = dot(r.d, outward) < 0.0;
                let n_glass = index.at(e.nm).unwrap_or(1.0);
                let n_here = match r.inside {
                    Some(g) => self.index_of(g, e.nm),
                    None => 1.0,
                };
                let (n1, n2, beyond) = if entering {
                    (n_here, n_glass, Some(ei))
                } else {
                    (n_glass, 1.0, None)
                };
                // The normal on the side the light comes from.
                let nf = if dot(r.d, outward) < 0.0 {
                    outward
                } else {
                    scale(outward, -1.0)
                };
                let cos_i = -dot(r.d, nf);
                let eta = n1 / n2;
                let sin2_t = eta * eta * (1.0 - cos_i * cos_i);
                let stay = if entering { r.inside } else { Some(ei) };
                if sin2_t >= 1.0 {
                    children.push((reflected, 1.0, true, stay));
                } else {
                    let cos_t = (1.0 - sin2_t).sqrt();
                    let t = add(scale(r.d, eta), scale(nf, eta * cos_i - cos_t));
                    let rs = ((n1 * cos_i - n2 * cos_t) / (n1 * cos_i + n2 * cos_t)).powi(2);
                    let rp = ((n1 * cos_t - n2 * cos_i) / (n1 * cos_t + n2 * cos_i)).powi(2);
                    let refl = reflectance.unwrap_or((rs + rp) / 2.0).clamp(0.0, 1.0);
                    children.push((unit(t), 1.0 - refl, false, beyond));
                    children.push((reflected, refl, true, stay));
                }
            }
        }
        if children.is_empty() {
            out.absorbed += power;
            if matches!(
                self.elements[ei].role,
                Role::Surface(Does::Absorber | Does::Screen)
            ) {
                self.finish(e, &r, out);
            }
            return;
        }
        let strongest = children
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.1.total_cmp(&b.1.1))
            .map(|x| x.0)
            .unwrap_or(0);
        if r.main && e.wl == 0 {
            out.main_path
                .entry((e.source, e.ray))
                .or_default()
                .push((ei, children[strongest].0));
        }
        for (k, (d, share, reflects, inside)) in children.into_iter().enumerate() {
            let rel = r.rel * share;
            if share <= 0.0 {
                continue;
            }
            if rel < self.limits.floor {
                out.lost += e.power * rel;
                continue;
            }
            let mut sig = r.signature;
            for b in (ei as u64 * 2 + reflects as u64).to_le_bytes() {
                sig = (sig ^ b as u64).wrapping_mul(0x0100_0000_01b3);
            }
            stack.push(Ray {
                p: hit.point,
                d: unit(d),
                rel,
                inside,
                depth: r.depth + 1,
                reflections: r.reflections + reflects as usize,
                signature: sig,
                main: r.main && k == strongest,
            });
        }
    }

    fn index_of(&self, element: usize, nm: f64) -> f64 {
        match &self.elements[element].role {
            Role::Glass { index, .. } => index.at(nm).unwrap_or(1.0),
            Role::Surface(_) => 1.0,
        }
    }

    /// A ray from an object's point that left the optics (or was taken): its line.
    fn finish(&self, e: &Emitted, r: &Ray, out: &mut Trace) {
        out.finals.push(FinalRay {
            source: e.source,
            point: e.point,
            p: r.p,
            d: r.d,
            share: e.share * r.rel,
            reflections: r.reflections,
            signature: if r.depth == 0 { 0 } else { r.signature },
        });
    }
}

#[derive(Debug, Clone)]
struct Ray {
    p: P2,
    d: P2,
    /// Its power over its emitted ray's.
    rel: f64,
    /// The glass it is in.
    inside: Option<usize>,
    depth: usize,
    reflections: usize,
    signature: u64,
    main: bool,
}
