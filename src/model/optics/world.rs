//! The optics scene running: the file with its controls applied, traced again whenever a
//! control changes (light settles at once: a tick that changes nothing costs nothing), and
//! what its probes read from the trace.

use super::images::{Image, images};
use super::spec::*;
use super::trace::{Optics, Trace};
use crate::kind_spec::ControlValue;
use crate::model::scene::{NumberPaths, write_numbers};
use std::collections::BTreeMap;

/// A screen is lit while it has at least this share of a source's light; a sound named after
/// it plays when it goes dark (a finger breaking the laser harp's beam).
pub const LIT: f64 = 0.01;

/// Images closer than this are one, m (two mirrors seen in either order give the same).
pub const MERGE_M: f64 = 1e-4;

pub struct OpticsWorld {
    file: OpticsParams,
    controls: BTreeMap<String, ControlValue>,
    /// The file with the controls applied.
    pub scene: OpticsParams,
    pub optics: Optics,
    pub trace: Trace,
    /// How many times the light was traced (the view redraws when it changes).
    pub traces: u64,
    /// The images of each object's point, brightest first, by (source, point): found once
    /// per trace, read by the probes every tick and by the view every frame.
    images: BTreeMap<(usize, usize), Vec<Image>>,
    /// Each screen's id, and whether it is lit (elements come and go with `Place` controls).
    lit: BTreeMap<String, bool>,
    events: Vec<String>,
}

impl OpticsWorld {
    pub fn new(file: &OpticsParams, controls: &BTreeMap<String, ControlValue>) -> Self {
        let mut w = OpticsWorld {
            file: file.clone(),
            controls: controls.clone(),
            scene: file.clone(),
            optics: Optics::new(file, |_| true),
            trace: Trace::default(),
            traces: 0,
            images: BTreeMap::new(),
            lit: BTreeMap::new(),
            events: Vec::new(),
        };
        w.rebuild();
        w.lit = w.screens_lit();
        w
    }

    /// One tick with the controls at these values.
    pub fn step(&mut self, controls: &BTreeMap<String, ControlValue>) {
        self.events.clear();
        if *controls != self.controls {
            self.controls = controls.clone();
            self.rebuild();
            let lit = self.screens_lit();
            for (id, now) in &lit {
                if self.lit.get(id) == Some(&true) && !now {
                    self.events.push(id.clone());
                }
            }
            self.lit = lit;
        }
    }

    /// Screens that went dark this tick, by id.
    pub fn events(&self) -> &[String] {
        &self.events
    }

    fn rebuild(&mut self) {
        let on = |name: &str| matches!(self.controls.get(name), Some(ControlValue::Bool(true)));
        let mut scene = self.file.clone();
        let numbers = self.file.controls.iter().filter_map(|c| match &c.does {
            ControlDoes::Parameter(n) => Some((c.name.as_str(), n)),
            _ => None,
        });
        write_numbers(&mut scene, &self.file, numbers, &self.controls);
        let mut placed = vec![true; scene.surfaces.len()];
        for c in &self.file.controls {
            match &c.does {
                ControlDoes::Source { source } => {
                    if let Some(s) = scene.sources.iter_mut().find(|s| s.id == *source) {
                        s.on = on(&c.name);
                    }
                }
                ControlDoes::Place { surface } => {
                    if let Some(i) = scene.surfaces.iter().position(|s| s.id == *surface) {
                        placed[i] = on(&c.name);
                    }
                }
                ControlDoes::Parameter(_) => {}
            }
        }
        self.optics = Optics::new(&scene, |i| placed[i]);
        self.trace = self.optics.trace();
        self.images.clear();
        for (si, src) in scene.sources.iter().enumerate() {
            if let SourceKind::Object { points, .. } = &src.kind {
                for i in 0..points.len() {
                    let found = images(&self.trace, si, i, MERGE_M);
                    self.images.insert((si, i), found);
                }
            }
        }
        self.scene = scene;
        self.traces += 1;
    }

    fn screens_lit(&self) -> BTreeMap<String, bool> {
        self.optics
            .elements
            .iter()
            .zip(&self.trace.screen_hits)
            .filter(|(e, _)| matches!(e.role, super::trace::Role::Surface(Does::Screen)))
            .map(|(e, h)| (e.id.clone(), h.iter().map(|x| x.1).sum::<f64>() >= LIT))
            .collect()
    }

    fn source(&self, id: &str) -> Option<usize> {
        self.scene.sources.iter().position(|s| s.id == id)
    }

    fn element(&self, id: &str) -> Option<usize> {
        self.optics.elements.iter().position(|e| e.id == id)
    }

    /// Every image of `point` of `object`, brightest first (none for what is not an object).
    pub fn images_of(&self, object: &str, point: usize) -> &[Image] {
        self.source(object)
            .and_then(|s| self.images.get(&(s, point)))
            .map_or(&[], Vec::as_slice)
    }

    /// The image of `point` of `object` seen after `bounces` reflections (the brightest with
    /// none).
    pub fn image(&self, object: &str, point: usize, bounces: Option<usize>) -> Option<&Image> {
        self.images_of(object, point)
            .iter()
            .find(|im| bounces.is_none_or(|b| im.reflections == b))
    }

    /// The points of `object`'s figure where it stands now (moved by its `shift_m`).
    pub fn object_points(&self, object: &str) -> Vec<P2> {
        match self.source(object).map(|s| &self.scene.sources[s].kind) {
            Some(SourceKind::Object {
                points, shift_m, ..
            }) => points
                .iter()
                .map(|p| [p[0] + shift_m[0], p[1] + shift_m[1]])
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Each probe's value now, in the file's order; None where it has none.
    pub fn probe_values(&self) -> Vec<Option<f64>> {
        self.scene
            .probes
            .iter()
            .map(|p| self.probe(&p.of))
            .collect()
    }

    fn probe(&self, of: &Probe) -> Option<f64> {
        let hits = |screen: &str| Some(&self.trace.screen_hits[self.element(screen)?]);
        let spot = |screen: &str| {
            let h = hits(screen)?;
            let w: f64 = h.iter().map(|x| x.1).sum();
            (w > 0.0).then(|| {
                let c = h.iter().fold([0.0, 0.0], |a, (p, x)| {
                    [a[0] + p[0] * x / w, a[1] + p[1] * x / w]
                });
                (c, w)
            })
        };
        match of {
            Probe::Image {
                object,
                point,
                axis,
                bounces,
            } => Some(self.image(object, *point, *bounces)?.at[axis.index()]),
            Probe::ImageKind {
                object,
                point,
                bounces,
            } => Some(if self.image(object, *point, *bounces)?.real {
                1.0
            } else {
                -1.0
            }),
            Probe::Magnification {
                object,
                from,
                to,
                bounces,
            } => {
                let (a, b) = (
                    self.image(object, *from, *bounces)?,
                    self.image(object, *to, *bounces)?,
                );
                let pts = self.object_points(object);
                let o = [
                    pts.get(*to)?[0] - pts[*from][0],
                    pts[*to][1] - pts[*from][1],
                ];
                let i = [b.at[0] - a.at[0], b.at[1] - a.at[1]];
                let len2 = o[0] * o[0] + o[1] * o[1];
                (len2 > 0.0).then(|| (i[0] * o[0] + i[1] * o[1]) / len2)
            }
            Probe::ImagePower {
                object,
                point,
                bounces,
            } => Some(self.image(object, *point, *bounces)?.share),
            Probe::Images {
                object,
                point,
                above,
            } => {
                self.source(object)?;
                let all = self.images_of(object, *point);
                Some(all.iter().filter(|im| im.share > *above).count() as f64)
            }
            Probe::Spot { screen, axis } => spot(screen).map(|(c, _)| c[axis.index()]),
            Probe::SpotWidth { screen } => {
                let (c, w) = spot(screen)?;
                let var = hits(screen)?
                    .iter()
                    .map(|(p, x)| x * ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)))
                    .sum::<f64>()
                    / w;
                Some(2.0 * var.sqrt())
            }
            // (from +0: an empty sum of floats is −0, shown as "-0.000")
            Probe::Power { screen } => Some(hits(screen)?.iter().fold(0.0, |a, x| a + x.1)),
            Probe::RayAngle {
                source,
                ray,
                at,
                hit,
            } => {
                let (s, e) = (self.source(source)?, self.element(at)?);
                let path = self.trace.main_path.get(&(s, *ray))?;
                let d = path.iter().filter(|x| x.0 == e).nth(hit.checked_sub(1)?)?.1;
                Some(d[1].atan2(d[0]).to_degrees())
            }
            Probe::Lost => Some(self.trace.lost),
        }
    }
}

crate::data_kind!(OpticsParams, OpticsWorld);

impl NumberPaths for OpticsParams {
    /// `sources.ID.FIELD` (`at_m.x`, `angle_deg`, `spread_deg`, `width_m`, `shift_m.y`),
    /// `surfaces.ID.FIELD` (`turn_deg`, `shift_m.x`, `reflectance`, `focal_m`),
    /// `glass.ID.FIELD` (`turn_deg`, `shift_m.x`, `reflectance`), `materials.ID.n` (a fixed
    /// index).
    fn number_at(&mut self, path: &str) -> Option<&mut f64> {
        let parts: Vec<&str> = path.split('.').collect();
        let xy = |k: &str| ["x", "y"].iter().position(|a| *a == k);
        match parts.as_slice() {
            ["sources", id, field, rest @ ..] => {
                let s = self.sources.iter_mut().find(|s| s.id == *id)?;
                match (&mut s.kind, *field, rest) {
                    (
                        SourceKind::Laser { at_m, .. }
                        | SourceKind::Beam { at_m, .. }
                        | SourceKind::Fan { at_m, .. },
                        "at_m",
                        [k],
                    ) => Some(&mut at_m[xy(k)?]),
                    (SourceKind::Object { shift_m, .. }, "shift_m", [k]) => {
                        Some(&mut shift_m[xy(k)?])
                    }
                    (
                        SourceKind::Laser { angle_deg, .. }
                        | SourceKind::Beam { angle_deg, .. }
                        | SourceKind::Fan { angle_deg, .. }
                        | SourceKind::Object { angle_deg, .. },
                        "angle_deg",
                        [],
                    ) => Some(angle_deg),
                    (
                        SourceKind::Fan { spread_deg, .. } | SourceKind::Object { spread_deg, .. },
                        "spread_deg",
                        [],
                    ) => Some(spread_deg),
                    (SourceKind::Beam { width_m, .. }, "width_m", []) => Some(width_m),
                    _ => None,
                }
            }
            ["surfaces", id, field, rest @ ..] => {
                let s = self.surfaces.iter_mut().find(|s| s.id == *id)?;
                match (*field, rest, &mut s.does) {
                    ("turn_deg", [], _) => Some(&mut s.turn_deg),
                    ("shift_m", [k], _) => Some(&mut s.shift_m[xy(k)?]),
                    ("reflectance", [], Does::PartMirror { reflectance }) => Some(reflectance),
                    ("focal_m", [], Does::ThinLens { focal_m }) => Some(focal_m),
                    _ => None,
                }
            }
            ["glass", id, field, rest @ ..] => {
                let g = self.glass.iter_mut().find(|g| g.id == *id)?;
                match (*field, rest) {
                    ("turn_deg", []) => Some(&mut g.turn_deg),
                    ("shift_m", [k]) => Some(&mut g.shift_m[xy(k)?]),
                    ("reflectance", []) => g.reflectance.as_mut(),
                    _ => None,
                }
            }
            ["materials", id, "n"] => {
                match &mut self.materials.iter_mut().find(|m| m.id == *id)?.index {
                    Index::Fixed(n) => Some(n),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}
