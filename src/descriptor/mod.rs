//! Exhibit descriptors: RON files turned into checked types.
//!
//! Two layers of checks. Syntax and types come from RON itself (its position becomes
//! `PATH:LINE:COL`); meaning (ranges, units, localisations, controls, sounds) is checked here
//! and every problem found is reported, each with the field path it belongs to.

pub mod kinds;
pub mod locate;
pub mod overrides;
pub mod problems;

use kinds::{ControlValue, KindParams};
use locate::{Locations, Pos};
use problems::{Problems, join};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Localised text: language tag → text. Every user-facing text has at least these.
pub type Localized = BTreeMap<String, String>;
pub const REQUIRED_LOCALES: [&str; 2] = ["zh-CN", "en"];

/// Files larger than this are refused before parsing: a descriptor is a page of text.
pub const MAX_DESCRIPTOR_BYTES: u64 = 256 * 1024;
/// Deeper nesting than this is refused by the parser.
pub const MAX_NESTING: usize = 32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExhibitDescriptor {
    pub id: String,
    pub kind: KindParams,
    pub title: Localized,
    pub blurb: Localized,
    /// The "what is happening?" panel.
    #[serde(default)]
    pub explanation: Localized,
    #[serde(default)]
    pub scene: Scene,
    #[serde(default)]
    pub controls: Vec<ControlSpec>,
    #[serde(default)]
    pub sounds: Vec<SoundSpec>,
    #[serde(default)]
    pub reset: ResetSpec,
    /// Inputs the attract loop replays, looping.
    #[serde(default)]
    pub attract: Vec<ScriptEvent>,
    /// Touches beyond this many at once are ignored.
    #[serde(default = "default_max_pointers")]
    pub max_pointers: u32,
    /// A PNG in the pack shown on the launcher tile (`caravan screenshot ID --bare` makes one).
    #[serde(default)]
    pub preview: Option<String>,
}

fn default_max_pointers() -> u32 {
    2
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scene {
    pub camera: CameraSpec,
    /// sRGB hex, `#rrggbb`.
    pub background: String,
    pub ambient_brightness: f32,
    pub lights: Vec<LightSpec>,
    pub props: Vec<PropSpec>,
}

impl Default for Scene {
    fn default() -> Self {
        Self {
            camera: CameraSpec::default(),
            background: "#1d2733".into(),
            ambient_brightness: 300.0,
            lights: vec![LightSpec::Directional {
                direction: [-0.4, -1.0, -0.6],
                illuminance_lux: 8000.0,
                color: "#ffffff".into(),
                shadows: true,
            }],
            props: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CameraSpec {
    pub position: [f32; 3],
    pub look_at: [f32; 3],
    pub fov_deg: f32,
}

impl Default for CameraSpec {
    fn default() -> Self {
        Self {
            position: [0.0, 0.3, 0.6],
            look_at: [0.0, 0.0, 0.0],
            fov_deg: 45.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum LightSpec {
    Directional {
        direction: [f32; 3],
        illuminance_lux: f32,
        #[serde(default = "white")]
        color: String,
        #[serde(default)]
        shadows: bool,
    },
    Point {
        position: [f32; 3],
        intensity_lm: f32,
        #[serde(default = "default_range")]
        range_m: f32,
        #[serde(default = "white")]
        color: String,
        #[serde(default)]
        shadows: bool,
    },
}

fn white() -> String {
    "#ffffff".into()
}
fn default_range() -> f32 {
    20.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropSpec {
    pub shape: Shape,
    #[serde(default)]
    pub material: MaterialSpec,
    #[serde(default)]
    pub transform: TransformSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Shape {
    Box { size: [f32; 3] },
    Sphere { radius: f32 },
    Cylinder { radius: f32, height: f32 },
    Plane { size: [f32; 2] },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MaterialSpec {
    pub color: String,
    pub metallic: f32,
    pub roughness: f32,
    pub alpha: f32,
    pub emissive: f32,
}

impl Default for MaterialSpec {
    fn default() -> Self {
        Self {
            color: "#cccccc".into(),
            metallic: 0.0,
            roughness: 0.6,
            alpha: 1.0,
            emissive: 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransformSpec {
    pub translation: [f32; 3],
    pub rotation_deg: [f32; 3],
    pub scale: [f32; 3],
}

impl Default for TransformSpec {
    fn default() -> Self {
        Self {
            translation: [0.0; 3],
            rotation_deg: [0.0; 3],
            scale: [1.0; 3],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Widget {
    /// Pressed and held: a boolean control that is true while held.
    Hold,
    /// Tapped on and off.
    Toggle,
    /// A slider/dial over a number range.
    Dial,
    /// One button per option.
    Choice,
}

/// Kiosk actions a gamepad or arcade button maps to (`config/kiosk.ron`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Action {
    Select,
    Back,
    Home,
    Blow,
    Left,
    Right,
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlSpec {
    /// The kind's control this widget drives (see `caravan list --controls` / docs).
    pub drives: String,
    pub widget: Widget,
    pub label: Localized,
    /// Starting value; the kind's default when absent.
    #[serde(default)]
    pub initial: Option<ControlValue>,
    /// Dial range, inside the kind's own range.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Localised labels of a choice's options.
    #[serde(default)]
    pub options: BTreeMap<String, Localized>,
    /// Gamepad/arcade action that also drives it (hold: pressed = true; choice: next option).
    #[serde(default)]
    pub action: Option<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoundSpec {
    /// The kind's sound event (`blow`, `land`, `siren`, …).
    pub on: String,
    /// A WAV file inside the pack; none for sounds the kind synthesises.
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default = "default_volume")]
    pub volume: f64,
}

fn default_volume() -> f64 {
    0.8
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ResetSpec {
    /// Idle time before "still there?", s; the kiosk's setting when absent.
    pub idle_s: Option<f64>,
    /// Seconds of the "still there?" countdown; the kiosk's setting when absent.
    pub countdown_s: Option<f64>,
}

/// One timed input, in replay scripts and the attract loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptEvent {
    pub t_s: f64,
    pub input: Input,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TouchPhase {
    Down,
    Move,
    Up,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Input {
    /// Sets a control as its widget would.
    Set {
        control: String,
        value: ControlValue,
    },
    /// A touch at normalised exhibit coordinates (0,0 top-left … 1,1 bottom-right).
    Touch {
        id: u64,
        phase: TouchPhase,
        x: f64,
        y: f64,
    },
    /// A gamepad or arcade button.
    Button { action: Action, pressed: bool },
}

/// A replay script for `caravan simulate --input`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputScript {
    pub events: Vec<ScriptEvent>,
}

/// One problem in one file, printed `PATH:LINE:COL: error: MESSAGE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

impl Diagnostic {
    pub fn at(file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line: pos.line,
            col: pos.col,
            message: message.into(),
        }
    }
    pub fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        Self::at(file, Pos { line: 1, col: 1 }, message)
    }
}

pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(
            ron::extensions::Extensions::IMPLICIT_SOME
                | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
        )
        .with_recursion_limit(MAX_NESTING)
}

/// Reads a file for parsing, refusing oversized ones and non-UTF-8 text.
pub fn read_source(file: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(file).map_err(|e| {
        Diagnostic::whole_file(file, format!("cannot read the file: {e}; check the path"))
    })?;
    if !meta.is_file() {
        return Err(Diagnostic::whole_file(
            file,
            "not a file: give an `.exhibit.ron` file or a pack folder",
        ));
    }
    if meta.len() > max_bytes {
        return Err(Diagnostic::whole_file(
            file,
            format!(
                "the file is {} bytes, over the limit of {max_bytes}: a descriptor is a page of text, move data into assets",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(file)
        .map_err(|e| Diagnostic::whole_file(file, format!("cannot read the file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        Diagnostic::whole_file(
            file,
            format!(
                "the file is not UTF-8 text (byte {}): save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Parses RON into `T`, turning RON's error into a diagnostic that also names the field.
pub fn parse_ron<T: serde::de::DeserializeOwned>(
    file: &Path,
    src: &str,
) -> Result<(T, Locations), Diagnostic> {
    let locs = Locations::scan(src);
    match ron_options().from_str::<T>(src) {
        Ok(v) => Ok((v, locs)),
        Err(e) => {
            let pos = Pos {
                line: e.span.start.line.max(1),
                col: e.span.start.col.max(1),
            };
            let mut msg = e.code.to_string();
            if matches!(e.code, ron::Error::ExceededRecursionLimit) {
                msg = format!(
                    "nesting deeper than {MAX_NESTING} levels is refused: flatten the file"
                );
            }
            let path = locs.path_at(pos);
            if let ron::Error::MissingStructField { field, .. } = &e.code {
                let full = problems::join(path.as_deref().unwrap_or(""), field);
                msg = format!("{msg}: add `{full}: …`");
            } else if let Some(path) = path {
                msg = format!("{msg} (at `{path}`)");
            }
            Err(Diagnostic::at(file, pos, msg))
        }
    }
}

/// A descriptor that parsed, with what is needed to place later problems in its file.
#[derive(Debug)]
pub struct Parsed {
    pub descriptor: ExhibitDescriptor,
    pub file: PathBuf,
    pub locations: Locations,
}

impl Parsed {
    pub fn diagnostics(&self, problems: Problems) -> Vec<Diagnostic> {
        problems
            .items
            .into_iter()
            .map(|p| Diagnostic::at(&self.file, self.locations.find(&p.path), p.message))
            .collect()
    }
}

pub fn parse_exhibit_file(file: &Path) -> Result<Parsed, Diagnostic> {
    let src = read_source(file, MAX_DESCRIPTOR_BYTES)?;
    parse_exhibit_str(file, &src)
}

pub fn parse_exhibit_str(file: &Path, src: &str) -> Result<Parsed, Diagnostic> {
    let (descriptor, locations) = parse_ron::<ExhibitDescriptor>(file, src)?;
    Ok(Parsed {
        descriptor,
        file: file.to_path_buf(),
        locations,
    })
}

/// Pack-relative asset paths must stay inside the pack.
/// A file of the pack named at `field`: a relative path inside the pack, ending in `ext`
/// (else "`rel` {wrong_type}"), and passing the pack's own `asset` check.
fn check_pack_file(
    field: &str,
    rel: &str,
    ext: &str,
    wrong_type: &str,
    asset: &dyn Fn(&str) -> Result<(), String>,
    p: &mut Problems,
) {
    if !check_relative_path(field, rel, p) {
        return;
    }
    if !rel.to_ascii_lowercase().ends_with(ext) {
        p.push(field, format!("`{rel}` {wrong_type}"));
    } else if let Err(e) = asset(rel) {
        p.push(field, e);
    }
}

pub fn check_relative_path(path_field: &str, rel: &str, p: &mut Problems) -> bool {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.starts_with('\\')
        || rel.contains(':')
        || rel.split(['/', '\\']).any(|c| c == "..");
    if bad {
        p.push(
            path_field,
            format!("`{rel}` leaves the pack: use a path inside the pack folder, without `..` or a leading `/`"),
        );
    }
    !bad
}

fn check_localized(path: &str, l: &Localized, required: bool, p: &mut Problems) {
    if !required && l.is_empty() {
        return;
    }
    for loc in REQUIRED_LOCALES {
        match l.get(loc) {
            None => p.push(
                path,
                format!("`{path}` has no `{loc}` text: add `\"{loc}\": \"…\"` (every text needs zh-CN and en)"),
            ),
            Some(t) if t.trim().is_empty() => {
                p.push(join(path, loc), format!("`{}` is empty", join(path, loc)))
            }
            Some(_) => {}
        }
    }
}

pub fn parse_color(s: &str) -> Option<[f32; 3]> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = |i: usize| {
        u8::from_str_radix(&h[i..i + 2], 16)
            .ok()
            .map(|b| b as f32 / 255.0)
    };
    Some([v(0)?, v(2)?, v(4)?])
}

fn check_color(path: &str, s: &str, p: &mut Problems) {
    if parse_color(s).is_none() {
        p.push(
            path,
            format!("`{s}` is not a colour: write it as `#rrggbb`, e.g. `#3080ff`"),
        );
    }
}

fn check_vec(path: &str, v: &[f32], lo: f64, hi: f64, unit: &str, p: &mut Problems) {
    for (i, x) in v.iter().enumerate() {
        p.range(&format!("{path}[{i}]"), *x as f64, lo, hi, unit);
    }
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

impl ExhibitDescriptor {
    /// Every meaning-level problem of this descriptor, with field paths. `asset` checks a
    /// pack-relative file (present, inside the pack, readable) and says what is wrong with it.
    pub fn check(&self, asset: &dyn Fn(&str) -> Result<(), String>) -> Problems {
        let mut p = Problems::default();
        if !is_valid_id(&self.id) {
            p.push(
                "id",
                format!("`{}` is not a valid id: use 1–64 lowercase letters, digits, `_` or `-`, starting with a letter", self.id),
            );
        }
        self.kind.check("kind", &mut p);
        check_localized("title", &self.title, true, &mut p);
        check_localized("blurb", &self.blurb, true, &mut p);
        check_localized("explanation", &self.explanation, false, &mut p);
        p.range_int("max_pointers", self.max_pointers as i64, 1, 10);

        let s = &self.scene;
        check_vec(
            "scene.camera.position",
            &s.camera.position,
            -100.0,
            100.0,
            "m",
            &mut p,
        );
        check_vec(
            "scene.camera.look_at",
            &s.camera.look_at,
            -100.0,
            100.0,
            "m",
            &mut p,
        );
        p.range(
            "scene.camera.fov_deg",
            s.camera.fov_deg as f64,
            5.0,
            120.0,
            "°",
        );
        if s.camera.position == s.camera.look_at {
            p.push(
                "scene.camera.look_at",
                "the camera looks at its own position: move `look_at` away from `position`",
            );
        }
        check_color("scene.background", &s.background, &mut p);
        p.range(
            "scene.ambient_brightness",
            s.ambient_brightness as f64,
            0.0,
            10000.0,
            "",
        );
        if s.lights.len() > 8 {
            p.push(
                "scene.lights",
                format!("{} lights; at most 8 keep the kiosk fast", s.lights.len()),
            );
        }
        for (i, l) in s.lights.iter().enumerate() {
            let path = format!("scene.lights[{i}]");
            match l {
                LightSpec::Directional {
                    direction,
                    illuminance_lux,
                    color,
                    ..
                } => {
                    check_vec(&join(&path, "direction"), direction, -1.0, 1.0, "", &mut p);
                    if direction.iter().all(|c| *c == 0.0) {
                        p.push(
                            join(&path, "direction"),
                            "a light direction cannot be (0, 0, 0)",
                        );
                    }
                    p.range(
                        &join(&path, "illuminance_lux"),
                        *illuminance_lux as f64,
                        0.0,
                        150000.0,
                        "lx",
                    );
                    check_color(&join(&path, "color"), color, &mut p);
                }
                LightSpec::Point {
                    position,
                    intensity_lm,
                    range_m,
                    color,
                    ..
                } => {
                    check_vec(
                        &join(&path, "position"),
                        position,
                        -100.0,
                        100.0,
                        "m",
                        &mut p,
                    );
                    p.range(
                        &join(&path, "intensity_lm"),
                        *intensity_lm as f64,
                        0.0,
                        1.0e7,
                        "lm",
                    );
                    p.range(&join(&path, "range_m"), *range_m as f64, 0.01, 1000.0, "m");
                    check_color(&join(&path, "color"), color, &mut p);
                }
            }
        }
        if s.props.len() > 200 {
            p.push(
                "scene.props",
                format!("{} props; at most 200", s.props.len()),
            );
        }
        for (i, prop) in s.props.iter().enumerate() {
            let path = format!("scene.props[{i}]");
            let sp = join(&path, "shape");
            match &prop.shape {
                Shape::Box { size } => {
                    check_vec(&join(&sp, "size"), size, 0.0001, 100.0, "m", &mut p)
                }
                Shape::Sphere { radius } => {
                    p.range(&join(&sp, "radius"), *radius as f64, 0.0001, 100.0, "m")
                }
                Shape::Cylinder { radius, height } => {
                    p.range(&join(&sp, "radius"), *radius as f64, 0.0001, 100.0, "m");
                    p.range(&join(&sp, "height"), *height as f64, 0.0001, 100.0, "m");
                }
                Shape::Plane { size } => {
                    check_vec(&join(&sp, "size"), size, 0.0001, 1000.0, "m", &mut p)
                }
            }
            let m = &prop.material;
            let mp = join(&path, "material");
            check_color(&join(&mp, "color"), &m.color, &mut p);
            p.range(&join(&mp, "metallic"), m.metallic as f64, 0.0, 1.0, "");
            p.range(&join(&mp, "roughness"), m.roughness as f64, 0.0, 1.0, "");
            p.range(&join(&mp, "alpha"), m.alpha as f64, 0.0, 1.0, "");
            p.range(&join(&mp, "emissive"), m.emissive as f64, 0.0, 100.0, "");
            let tp = join(&path, "transform");
            check_vec(
                &join(&tp, "translation"),
                &prop.transform.translation,
                -100.0,
                100.0,
                "m",
                &mut p,
            );
            check_vec(
                &join(&tp, "rotation_deg"),
                &prop.transform.rotation_deg,
                -360.0,
                360.0,
                "°",
                &mut p,
            );
            check_vec(
                &join(&tp, "scale"),
                &prop.transform.scale,
                0.001,
                1000.0,
                "",
                &mut p,
            );
        }

        let defs = self.kind.controls();
        let names: Vec<&str> = defs.iter().map(|d| d.name).collect();
        let mut seen = Vec::new();
        for (i, c) in self.controls.iter().enumerate() {
            let path = format!("controls[{i}]");
            check_localized(&join(&path, "label"), &c.label, true, &mut p);
            let Some(def) = defs.iter().find(|d| d.name == c.drives) else {
                p.push(
                    join(&path, "drives"),
                    format!(
                        "`{}` is not a control of `{}`: use one of {}",
                        c.drives,
                        self.kind.name(),
                        names.join(", ")
                    ),
                );
                continue;
            };
            if seen.contains(&c.drives) {
                p.push(
                    join(&path, "drives"),
                    format!(
                        "`{}` already has a widget: one widget per control",
                        c.drives
                    ),
                );
            }
            seen.push(c.drives.clone());
            use kinds::ControlType as T;
            let fits = matches!(
                (&def.ty, c.widget),
                (T::Bool, Widget::Hold | Widget::Toggle)
                    | (T::Number { .. }, Widget::Dial)
                    | (T::Choice(_), Widget::Choice)
            );
            if !fits {
                let want = match def.ty {
                    T::Bool => "hold or toggle",
                    T::Number { .. } => "dial",
                    T::Choice(_) => "choice",
                };
                p.push(
                    join(&path, "widget"),
                    format!("`{}` needs a {want} widget", c.drives),
                );
            }
            if let Some(v) = &c.initial
                && let Err(e) = def.check(v)
            {
                p.push(join(&path, "initial"), e);
            }
            if let T::Number { min, max, .. } = def.ty {
                let lo = c.min.unwrap_or(min);
                let hi = c.max.unwrap_or(max);
                if let Some(x) = c.min {
                    p.range(&join(&path, "min"), x, min, max, "");
                }
                if let Some(x) = c.max {
                    p.range(&join(&path, "max"), x, min, max, "");
                }
                if lo >= hi {
                    p.push(
                        join(&path, "max"),
                        format!("the dial's `max` ({hi}) must be above its `min` ({lo})"),
                    );
                }
            } else if c.min.is_some() || c.max.is_some() {
                p.push(join(&path, "min"), "`min` and `max` are for dials only");
            }
            if let T::Choice(options) = &def.ty {
                for (key, label) in &c.options {
                    let op = format!("{}.{key}", join(&path, "options"));
                    if !options.contains(&key.as_str()) {
                        p.push(
                            op.clone(),
                            format!(
                                "`{key}` is not an option of `{}`: use {}",
                                c.drives,
                                options.join(", ")
                            ),
                        );
                    }
                    check_localized(&op, label, true, &mut p);
                }
            }
        }

        let events = self.kind.sound_events();
        for (i, s) in self.sounds.iter().enumerate() {
            let path = format!("sounds[{i}]");
            if !events.contains(&s.on.as_str()) {
                p.push(
                    join(&path, "on"),
                    format!(
                        "`{}` is not a sound event of `{}`: use one of {}",
                        s.on,
                        self.kind.name(),
                        events.join(", ")
                    ),
                );
            }
            p.range(&join(&path, "volume"), s.volume, 0.0, 1.0, "");
            if let Some(f) = &s.file {
                let what = "is not a .wav file: sounds are 16-bit PCM WAV";
                check_pack_file(&join(&path, "file"), f, ".wav", what, asset, &mut p);
            }
        }

        if let Some(f) = &self.preview {
            let what = "is not a .png file: previews are PNG";
            check_pack_file("preview", f, ".png", what, asset, &mut p);
        }

        if let Some(x) = self.reset.idle_s {
            p.range("reset.idle_s", x, 10.0, 3600.0, "s");
        }
        if let Some(x) = self.reset.countdown_s {
            p.range("reset.countdown_s", x, 3.0, 120.0, "s");
        }
        check_script("attract", &self.attract, &defs, &mut p);
        p
    }

    /// The initial value of each of the kind's controls: the widget's `initial`, else the kind's default.
    pub fn initial_controls(&self) -> BTreeMap<String, ControlValue> {
        self.kind
            .controls()
            .into_iter()
            .map(|d| {
                let v = self
                    .controls
                    .iter()
                    .find(|c| c.drives == d.name)
                    .and_then(|c| c.initial.clone())
                    .unwrap_or(d.default);
                (d.name.to_string(), v)
            })
            .collect()
    }

    pub fn title_in(&self, lang: &str) -> &str {
        localized(&self.title, lang)
    }
}

/// The text in `lang`, else English, else any.
pub fn localized<'a>(l: &'a Localized, lang: &str) -> &'a str {
    l.get(lang)
        .or_else(|| l.get("en"))
        .or_else(|| l.values().next())
        .map(|s| s.as_str())
        .unwrap_or("")
}

/// Checks a list of timed inputs against the kind's controls.
pub fn check_script(
    path: &str,
    events: &[ScriptEvent],
    defs: &[kinds::ControlDef],
    p: &mut Problems,
) {
    let mut last = 0.0;
    for (i, e) in events.iter().enumerate() {
        let ep = format!("{path}[{i}]");
        p.range(&join(&ep, "t_s"), e.t_s, 0.0, 86_400.0, "s");
        if e.t_s < last {
            p.push(
                join(&ep, "t_s"),
                format!(
                    "events must be in time order: {} s comes after {last} s",
                    e.t_s
                ),
            );
        }
        last = e.t_s;
        match &e.input {
            Input::Set { control, value } => match defs.iter().find(|d| d.name == control) {
                None => p.push(
                    join(&ep, "input.control"),
                    format!(
                        "`{control}` is not a control here: use one of {}",
                        defs.iter().map(|d| d.name).collect::<Vec<_>>().join(", ")
                    ),
                ),
                Some(d) => {
                    if let Err(err) = d.check(value) {
                        p.push(join(&ep, "input.value"), err);
                    }
                }
            },
            Input::Touch { x, y, .. } => {
                p.range(&join(&ep, "input.x"), *x, 0.0, 1.0, "");
                p.range(&join(&ep, "input.y"), *y, 0.0, 1.0, "");
            }
            Input::Button { .. } => {}
        }
    }
}
