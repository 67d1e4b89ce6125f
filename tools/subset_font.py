#!/usr/bin/env python3
"""Rebuilds assets/fonts/wqy-microhei-subset.ttf from Debian's fonts-wqy-microhei.

The subset holds GB2312 level 1 (the 3755 most common hanzi), ASCII, Latin-1, Latin
Extended-A (Coandă), general and CJK punctuation, arrows, box drawing and geometric shapes
(the obstacle icons ● ■ ┃ ○), fullwidth forms, and every character of the
built-in texts (exhibits/, exhibits-mechanics/, exhibits-forces/, exhibits-optics/, exhibits-waves/, exhibits-flow/, exhibits-tour/, assets/i18n/, config/). Run it after adding text with new characters;
the test `every_builtin_character_has_a_glyph` says when it is needed.

    apt-get install fonts-wqy-microhei && pip install fonttools && python3 tools/subset_font.py
"""
import glob
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
OUT = os.path.join(ROOT, "assets/fonts/wqy-microhei-subset.ttf")

chars = set()
for hi in range(0xB0, 0xD8):  # GB2312 level 1: rows 16-55
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x17F), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2500, 0x25FF),
          (0x3000, 0x303F), (0xFF00, 0xFFEF)]
for a, b in ranges:
    chars.update(chr(c) for c in range(a, b + 1))
for pattern in ["exhibits/**/*.ron", "exhibits-mechanics/**/*.ron", "exhibits-forces/**/*.ron", "exhibits-optics/**/*.ron", "exhibits-waves/**/*.ron", "exhibits-flow/**/*.ron",
                "exhibits-tour/**/*.ron", "assets/i18n/*.ron",
                "config/*.ron"]:
    for path in glob.glob(os.path.join(ROOT, pattern), recursive=True):
        with open(path, encoding="utf-8") as f:
            chars.update(f.read())
text = "".join(sorted(c for c in chars if c.isprintable()))
subprocess.run(
    ["pyftsubset", SOURCE, "--font-number=0", f"--text={text}", f"--output-file={OUT}",
     "--layout-features=*", "--no-hinting"],
    check=True,
)
print(f"{OUT}: {len(text)} characters, {os.path.getsize(OUT)} bytes")
