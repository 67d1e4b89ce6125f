//! `--set PATH=VALUE`: overrides a numeric, boolean or enum parameter of a descriptor by its
//! dotted path. Paths are relative to the kind's parameters (`air.density_kg_m3`) or to the
//! descriptor's root (`scene.camera.fov_deg`, `max_pointers`); `controls.NAME` holds a control.
//! The changed descriptor goes through the same checks as a file.

use super::ExhibitDescriptor;
use super::kinds::ControlValue;
use crate::problems::one_line;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a list of `--set` arguments asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// Controls held at a value for the whole run.
    pub held: BTreeMap<String, ControlValue>,
}

/// Applies `sets` (each `PATH=VALUE`) to `d`; every bad one gives one message.
pub fn apply(
    d: &mut ExhibitDescriptor,
    sets: &[String],
    asset: &crate::descriptor::AssetCheck,
) -> Result<Overrides, Vec<String>> {
    let mut errors = Vec::new();
    let mut tree = serde_json::to_value(&*d).expect("descriptors serialise");
    // Parameters first, all of them, then the one full check the file gets (pack files
    // included): a held control is then checked against this run's parameters, not the
    // shipped ones.
    let mut controls = Vec::new();
    for s in sets {
        let Some((path, value)) = s.split_once('=') else {
            errors.push(format!(
                "--set {s}: error: write it as PATH=VALUE, e.g. --set air.density_kg_m3=1.1"
            ));
            continue;
        };
        let (path, value) = (path.trim(), value.trim());
        if let Some(name) = path.strip_prefix("controls.") {
            controls.push((s, name, value));
        } else if let Err(e) = set_path(&mut tree, path, value) {
            errors.push(format!("--set {s}: error: {e}"));
        }
    }
    // The run's descriptor; with a broken parameter, the shipped one (for the controls' own
    // messages, so that every bad argument is reported in one go).
    let nd = if errors.is_empty() {
        match serde_json::from_value::<ExhibitDescriptor>(tree) {
            Ok(nd) => {
                for p in nd.check(asset).items {
                    errors.push(format!("--set: error: {}", p.message));
                }
                Some(nd)
            }
            Err(e) => {
                errors.push(format!("--set: error: {e}"));
                None
            }
        }
    } else {
        None
    };
    let defs = nd.as_ref().unwrap_or(d).kind.controls();
    let mut held = BTreeMap::new();
    for (s, name, value) in controls {
        match defs.iter().find(|c| c.name == name) {
            None => errors.push(format!(
                "--set {s}: error: `{name}` is not a control of `{}`: use one of {}",
                d.kind.name(),
                defs.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(def) => match def.parse(value) {
                Ok(v) => {
                    held.insert(name.to_string(), v);
                }
                Err(e) => errors.push(format!("--set {s}: error: {e}")),
            },
        }
    }
    match nd {
        Some(nd) if errors.is_empty() => {
            *d = nd;
            Ok(Overrides { held })
        }
        _ => Err(one_line_all(errors)),
    }
}

/// Each error on one line, whatever the argument it quotes held.
fn one_line_all(errors: Vec<String>) -> Vec<String> {
    errors
        .into_iter()
        .map(|e| one_line(&e).into_owned())
        .collect()
}

fn set_path(tree: &mut Value, path: &str, value: &str) -> Result<(), String> {
    // The kind's parameters first (`air.density_kg_m3`), then the descriptor's root.
    let kind_params = tree
        .get("kind")
        .and_then(|k| k.as_object())
        .and_then(|o| o.keys().next().cloned());
    let segments: Vec<&str> = path.split('.').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(format!(
            "`{path}` is not a dotted path like `air.density_kg_m3`"
        ));
    }
    let stripped = segments.strip_prefix(&["kind"]).unwrap_or(&segments);
    let mut candidates: Vec<Vec<String>> = Vec::new();
    if let Some(variant) = &kind_params {
        let mut p = vec!["kind".to_string(), variant.clone()];
        p.extend(stripped.iter().map(|s| s.to_string()));
        candidates.push(p);
    }
    candidates.push(segments.iter().map(|s| s.to_string()).collect());
    for cand in candidates {
        if let Some(slot) = lookup(tree, &cand) {
            return assign(slot, path, value);
        }
    }
    Err(format!(
        "no parameter `{path}` in this exhibit: see docs/descriptor-reference.md for the paths"
    ))
}

fn lookup<'a>(tree: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut v = tree;
    for seg in path {
        v = match v {
            Value::Object(o) => o.get_mut(seg.as_str())?,
            Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn assign(slot: &mut Value, path: &str, text: &str) -> Result<(), String> {
    match slot {
        Value::Bool(_) => {
            *slot = Value::Bool(match text {
                "true" => true,
                "false" => false,
                _ => return Err(format!("`{path}` is true or false, not `{text}`")),
            })
        }
        Value::Number(n) => {
            if n.is_u64() || n.is_i64() {
                let x: i64 = text
                    .parse()
                    .map_err(|_| format!("`{path}` takes a whole number, not `{text}`"))?;
                // Every whole number of a descriptor is a count or a size (u32 or usize): say
                // so here, with the path, rather than let the types refuse it without one.
                if !(0..=u32::MAX as i64).contains(&x) {
                    return Err(format!(
                        "`{path}` takes a whole number from 0 to {}, not `{text}`",
                        u32::MAX
                    ));
                }
                *slot = Value::from(x);
            } else {
                let x: f64 = text
                    .parse()
                    .map_err(|_| format!("`{path}` takes a number, not `{text}`"))?;
                if !x.is_finite() {
                    return Err(format!("`{path}` takes a finite number"));
                }
                *slot = Value::from(x);
            }
        }
        Value::String(_) => *slot = Value::String(text.to_string()),
        Value::Null => {
            return Err(format!(
                "`{path}` is unset in this exhibit; set it in the file instead"
            ));
        }
        Value::Array(_) | Value::Object(_) => {
            return Err(format!(
                "`{path}` is a group of parameters: set one of its fields, e.g. `{path}.…`"
            ));
        }
    }
    Ok(())
}
