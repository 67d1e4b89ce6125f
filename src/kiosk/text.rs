//! UI strings from `assets/i18n/ui.ron`, the CJK font, and relabelling on a language switch.

use super::Lang;
use crate::descriptor::{Diagnostic, Localized, localized, parse_ron, read_source};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Resource, Debug, Default)]
pub struct Strings(pub BTreeMap<String, Localized>);

impl Strings {
    pub fn load(path: &Path) -> Result<Self, Diagnostic> {
        let src = read_source(path, 256 * 1024)?;
        let (map, _) = parse_ron::<BTreeMap<String, Localized>>(path, &src)?;
        Ok(Strings(map))
    }
    pub fn get(&self, key: &str, lang: &str) -> String {
        self.0
            .get(key)
            .map(|l| localized(l, lang).to_string())
            .unwrap_or_else(|| key.to_string())
    }
}

/// A text that follows the language: a key of the UI strings, or an exhibit's own text.
#[derive(Component, Clone)]
pub enum Label {
    Ui(&'static str),
    Own(Localized),
}

/// The font with Chinese glyphs (WenQuanYi Micro Hei, subset: GB2312 level 1 and every
/// character of the built-in texts).
#[derive(Resource, Clone)]
pub struct UiFont(pub Handle<Font>);

impl UiFont {
    /// This font at `size` logical pixels.
    pub fn at(&self, size: f32) -> TextFont {
        TextFont {
            font: self.0.clone().into(),
            font_size: FontSize::Px(size),
            ..default()
        }
    }
}

pub fn plugin(app: &mut App) {
    // Loaded now, so that the first screen (entered before `Startup`) has it.
    let font = app
        .world()
        .resource::<AssetServer>()
        .load("fonts/wqy-microhei-subset.ttf");
    app.insert_resource(UiFont(font));
    app.add_systems(PostUpdate, relabel);
}

pub fn label_text(label: &Label, strings: &Strings, lang: &str) -> String {
    match label {
        Label::Ui(k) => strings.get(k, lang),
        Label::Own(l) => localized(l, lang).to_string(),
    }
}

/// A text node in the kiosk's font that follows the language.
pub fn text(
    label: Label,
    size: f32,
    color: Color,
    font: &UiFont,
    strings: &Strings,
    lang: &Lang,
) -> impl Bundle {
    (
        Text::new(label_text(&label, strings, &lang.0)),
        font.at(size),
        TextColor(color),
        label,
    )
}

fn relabel(lang: Res<Lang>, strings: Res<Strings>, mut q: Query<(&Label, &mut Text)>) {
    if !lang.is_changed() {
        return;
    }
    for (label, mut t) in &mut q {
        t.0 = label_text(label, &strings, &lang.0);
    }
}
