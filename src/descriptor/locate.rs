//! Finds where each field of a RON file sits, so that meaning-level problems (which know a
//! field path) and syntax errors (which know a position) can both be reported as
//! `PATH:LINE:COL` plus a field path. A small scanner of RON's grammar, forgiving on
//! purpose: it only has to be right for files that RON itself accepted, and must never panic
//! on the rest.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Field path → (start, end) of its value in the source.
#[derive(Debug, Default)]
pub struct Locations {
    spans: BTreeMap<String, (Pos, Pos)>,
}

impl Locations {
    pub fn scan(src: &str) -> Self {
        let mut s = Scanner {
            chars: src.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
            out: BTreeMap::new(),
            depth: 0,
        };
        s.skip_trivia();
        while s.peek() == Some('#') {
            // `#![enable(...)]` attributes before the value.
            while let Some(c) = s.bump() {
                if c == ']' {
                    break;
                }
            }
            s.skip_trivia();
        }
        s.value(String::new());
        Self { spans: s.out }
    }

    /// Position of the value at `path`, or of its nearest ancestor present in the file.
    pub fn find(&self, path: &str) -> Pos {
        let mut p = path.to_string();
        loop {
            if let Some((start, _)) = self.spans.get(&p) {
                return *start;
            }
            match p.rfind(['.', '[']) {
                Some(k) => p.truncate(k),
                None => {
                    return self
                        .spans
                        .get("")
                        .map(|s| s.0)
                        .unwrap_or(Pos { line: 1, col: 1 });
                }
            }
        }
    }

    /// The deepest field path whose value spans `pos`, or starts just after it on the same
    /// line (RON reports some errors at the blank before a value).
    pub fn path_at(&self, pos: Pos) -> Option<String> {
        self.spans
            .iter()
            .filter(|(_, (a, b))| {
                (*a <= pos && pos <= *b)
                    || (a.line == pos.line && a.col > pos.col && a.col - pos.col <= 2)
            })
            .max_by_key(|(k, _)| (k.matches(['.', '[']).count(), k.len()))
            .map(|(k, _)| k.clone())
            .filter(|k| !k.is_empty())
    }
}

struct Scanner {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
    out: BTreeMap<String, (Pos, Pos)>,
    depth: usize,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut nest = 1;
                    while nest > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                nest -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                nest += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }
    fn ident(&mut self) -> String {
        let mut s = String::new();
        if self.peek() == Some('r') && self.peek_at(1) == Some('#') {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '+' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }
    fn string(&mut self) -> String {
        let mut s = String::new();
        if self.peek() == Some('r') {
            // Raw string r#"…"#.
            self.bump();
            let mut hashes = 0;
            while self.peek() == Some('#') {
                self.bump();
                hashes += 1;
            }
            self.bump(); // opening quote
            while let Some(c) = self.bump() {
                if c == '"' {
                    let mut k = 0;
                    while k < hashes && self.peek() == Some('#') {
                        self.bump();
                        k += 1;
                    }
                    if k == hashes {
                        return s;
                    }
                    s.push('"');
                    s.extend(std::iter::repeat_n('#', k));
                } else {
                    s.push(c);
                }
            }
            return s;
        }
        let quote = self.bump().unwrap_or('"');
        while let Some(c) = self.bump() {
            if c == '\\' {
                if let Some(e) = self.bump() {
                    s.push(e);
                }
            } else if c == quote {
                break;
            } else {
                s.push(c);
            }
        }
        s
    }
    fn record(&mut self, path: String, start: Pos) {
        let end = self.pos();
        self.out.entry(path).or_insert((start, end));
    }

    fn value(&mut self, path: String) {
        self.skip_trivia();
        let start = self.pos();
        self.depth += 1;
        if self.depth > 200 {
            // RON itself refuses deeper files; stop scanning rather than recurse further.
            self.i = self.chars.len();
            return;
        }
        match self.peek() {
            None => {}
            Some('(') => self.parens(&path),
            Some('[') => self.list(&path),
            Some('{') => self.map(&path),
            Some('"') | Some('\'') => {
                self.string();
            }
            Some('r')
                if self.peek_at(1) == Some('"')
                    || (self.peek_at(1) == Some('#')
                        && matches!(self.peek_at(2), Some('"' | '#'))) =>
            {
                self.string();
            }
            Some(_) => {
                let word = self.ident();
                if word.is_empty() {
                    self.bump();
                }
                self.skip_trivia();
                if self.peek() == Some('(') {
                    // `Name(…)`: a named struct, an enum variant or `Some(…)`.
                    self.parens(&path);
                }
            }
        }
        self.depth -= 1;
        self.record(path, start);
    }

    /// `( … )`: struct fields when it starts with `ident:`, else tuple elements; a single
    /// element passes through under the same path (newtype variants, `Some(x)`).
    fn parens(&mut self, path: &str) {
        self.bump();
        self.skip_trivia();
        let save = (self.i, self.line, self.col);
        let is_struct = {
            let w = self.ident();
            self.skip_trivia();
            let r = !w.is_empty() && self.peek() == Some(':') && self.peek_at(1) != Some(':');
            (self.i, self.line, self.col) = save;
            r
        };
        if is_struct {
            loop {
                self.skip_trivia();
                match self.peek() {
                    None => return,
                    Some(')') => {
                        self.bump();
                        return;
                    }
                    Some(',') => {
                        self.bump();
                        continue;
                    }
                    _ => {}
                }
                let name = self.ident();
                if name.is_empty() {
                    self.bump();
                    continue;
                }
                self.skip_trivia();
                if self.peek() == Some(':') {
                    self.bump();
                }
                let child = if path.is_empty() {
                    name
                } else {
                    format!("{path}.{name}")
                };
                self.value(child);
            }
        } else {
            let mut elems = Vec::new();
            loop {
                self.skip_trivia();
                match self.peek() {
                    None => break,
                    Some(')') => {
                        self.bump();
                        break;
                    }
                    Some(',') => {
                        self.bump();
                        continue;
                    }
                    _ => {}
                }
                let before = std::mem::take(&mut self.out);
                let k = elems.len();
                self.value(format!("{path}[{k}]"));
                let inner = std::mem::replace(&mut self.out, before);
                elems.push(inner);
            }
            let single = elems.len() == 1;
            for (k, inner) in elems.into_iter().enumerate() {
                for (p, span) in inner {
                    let p = if single {
                        let prefix = format!("{path}[{k}]");
                        let rest = &p[prefix.len()..];
                        let rest = rest.strip_prefix('.').unwrap_or(rest);
                        if path.is_empty() || rest.is_empty() || rest.starts_with('[') {
                            format!("{path}{rest}")
                        } else {
                            format!("{path}.{rest}")
                        }
                    } else {
                        p
                    };
                    self.out.entry(p).or_insert(span);
                }
            }
        }
    }

    fn list(&mut self, path: &str) {
        self.bump();
        let mut k = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(']') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                }
                _ => {
                    self.value(format!("{path}[{k}]"));
                    k += 1;
                }
            }
        }
    }

    fn map(&mut self, path: &str) {
        self.bump();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some('}') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let key = match self.peek() {
                Some('"') => self.string(),
                _ => self.ident(),
            };
            if key.is_empty() {
                self.bump();
                continue;
            }
            self.skip_trivia();
            if self.peek() == Some(':') {
                self.bump();
            }
            let child = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            self.value(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"#![enable(implicit_some)]
// a comment
(
    id: "cups",
    kind: bernoulli_cups(
        air: (density_kg_m3: 1.2),
        ball: (radius_m: 0.02),
    ),
    title: { "zh-CN": "伯努利", "en": "Cups" },
    controls: [
        (drives: "blow", widget: hold),
        (drives: "aim", widget: choice),
    ],
    scene: (camera: (position: (0.0, 1.0, 2.0))),
    wrapped: Some((x: 1)),
)
"#;

    #[test]
    fn finds_fields_through_variants_lists_maps_and_tuples() {
        let l = Locations::scan(SRC);
        assert_eq!(l.find("id"), Pos { line: 4, col: 9 });
        assert_eq!(l.find("kind.air.density_kg_m3"), Pos { line: 6, col: 30 });
        assert_eq!(l.find("title.en"), Pos { line: 9, col: 36 });
        assert_eq!(l.find("controls[1].drives"), Pos { line: 12, col: 18 });
        assert_eq!(
            l.find("scene.camera.position[2]"),
            Pos { line: 14, col: 43 }
        );
        assert_eq!(l.find("wrapped.x"), Pos { line: 15, col: 23 });
        // Missing fields fall back to the nearest ancestor.
        assert_eq!(
            l.find("kind.air.suction_coefficient"),
            Pos { line: 6, col: 14 }
        );
        assert_eq!(
            l.path_at(Pos { line: 6, col: 33 }).as_deref(),
            Some("kind.air.density_kg_m3")
        );
    }

    #[test]
    fn never_panics_on_garbage() {
        for src in [
            "",
            "(",
            "((((",
            "[1, (a: ",
            "\"unterminated",
            "r#\"x",
            "/* open",
            "{ : }",
            "(a: b(c: [d, {e: 'f'",
        ] {
            let _ = Locations::scan(src);
        }
    }
}
