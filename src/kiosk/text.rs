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
    /// A key of the UI strings known only at run time (a fixed kind's gauge column).
    Key(String),
    Own(Localized),
}

/// The font with Chinese glyphs (WenQuanYi Micro Hei, subset: GB2312 level 1 and every
/// character of the built-in texts): every text of the kiosk is drawn in it.
#[derive(Resource, Clone)]
pub struct UiFont(pub Handle<Font>);

pub fn plugin(app: &mut App) {
    // Loaded now, so that the first screen (entered before `Startup`) has it.
    let font = app
        .world()
        .resource::<AssetServer>()
        .load("fonts/wqy-microhei-subset.ttf");
    app.insert_resource(UiFont(font));
    // Before the UI measures its texts, so a new text is laid out with its words and font.
    app.add_systems(
        PostUpdate,
        (use_kiosk_font, relabel).before(bevy::ui::UiSystems::Prepare),
    );
}

pub fn label_text(label: &Label, strings: &Strings, lang: &str) -> String {
    match label {
        Label::Ui(k) => strings.get(k, lang),
        Label::Key(k) => strings.get(k, lang),
        Label::Own(l) => localized(l, lang).to_string(),
    }
}

fn use_kiosk_font(font: Res<UiFont>, mut q: Query<&mut TextFont, Added<TextFont>>) {
    for mut f in &mut q {
        f.font = bevy::text::FontSource::Handle(font.0.clone());
    }
}

/// Fills a new label's text, and every label's when the language changes.
fn relabel(lang: Res<Lang>, strings: Res<Strings>, mut q: Query<(Ref<Label>, &mut Text)>) {
    for (label, mut t) in &mut q {
        if lang.is_changed() || label.is_changed() {
            t.0 = label_text(&label, &strings, &lang.0);
        }
    }
}
