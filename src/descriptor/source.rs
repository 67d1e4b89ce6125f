//! Reading a RON file: size and encoding limits, RON's own errors as `PATH:LINE:COL`
//! diagnostics that name the field, and the locations later problems are placed by.

use super::ExhibitDescriptor;
use super::locate::{Locations, Pos};
use crate::problems::{Problems, join, one_line};
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing: a descriptor is a page of text.
pub const MAX_DESCRIPTOR_BYTES: u64 = 256 * 1024;
/// Deeper nesting than this is refused by the parser.
pub const MAX_NESTING: usize = 32;

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
        // One line whatever the file or the text it quotes holds.
        write!(
            f,
            "{}:{}:{}: error: {}",
            one_line(&self.file.display().to_string()),
            self.line,
            self.col,
            one_line(&self.message)
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
            // Shared by exhibits, input scripts, pack.ron and the kiosk's settings.
            "not a regular file (a device, a pipe or a folder): give the path of a RON text file",
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
    // A byte-order mark (Windows editors save one) is not part of the text.
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
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
            // RON names the Rust type a variant or field belongs to (`in enum `ForceSpec``,
            // `in `BodySpec``): words the author never wrote. A struct variant's name (`in
            // `Drag``) is the file's own and stays; the path said next to it places the rest.
            match &e.code {
                ron::Error::NoSuchEnumVariant { outer: Some(o), .. } => {
                    msg = msg.replace(&format!(" in enum `{o}`"), "");
                }
                ron::Error::NoSuchStructField { outer: Some(o), .. }
                | ron::Error::MissingStructField { outer: Some(o), .. }
                | ron::Error::DuplicateStructField { outer: Some(o), .. }
                    if !src.contains(&format!("{o}(")) =>
                {
                    msg = msg.replace(&format!(" in `{o}`"), "");
                }
                _ => {}
            }
            let path = locs.path_at(pos);
            if let ron::Error::MissingStructField { field, .. } = &e.code {
                let full = join(path.as_deref().unwrap_or(""), field);
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
        self.locations.diagnostics(&self.file, problems)
    }
}

impl Locations {
    /// Each problem as a diagnostic at the place in `file` its field path points to.
    pub fn diagnostics(&self, file: &Path, problems: Problems) -> Vec<Diagnostic> {
        problems
            .items
            .into_iter()
            .map(|p| Diagnostic::at(file, self.find(&p.path), p.message))
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
