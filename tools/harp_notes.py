#!/usr/bin/env python3
"""The laser harp's notes (exhibits-optics/sounds/*.wav): plucked strings of C5 D5 E5 G5 A5
(A4 = 440 Hz, equal temperament), harmonics 1-6 at 1/n, each decaying faster the higher it
is, 0.9 s, 16-bit mono 48 kHz. Run from the repository root; standard library only."""
import math
import struct
import wave

NOTES = {"c5": 523.25, "d5": 587.33, "e5": 659.26, "g5": 783.99, "a5": 880.00}
RATE, DURATION = 48000, 0.9

for name, f in NOTES.items():
    frames = []
    for i in range(int(RATE * DURATION)):
        t = i / RATE
        attack = min(1.0, t / 0.004)
        v = sum((1.0 / n) * math.exp(-t * (2.5 + 1.5 * n)) * math.sin(2 * math.pi * f * n * t)
                for n in range(1, 7))
        frames.append(int(max(-1.0, min(1.0, 0.45 * attack * v)) * 32767))
    with wave.open(f"exhibits-optics/sounds/{name}.wav", "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack("<%dh" % len(frames), *frames))
