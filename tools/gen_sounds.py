#!/usr/bin/env python3
"""Makes the built-in pack's sample sounds (16-bit PCM mono WAV): a seamless breath-noise loop
and the tock of a ball landing in a plastic cup. Deterministic (fixed seed).
Usage: python3 tools/gen_sounds.py exhibits/sounds (exhibits-mechanics/sounds/tock.wav is a copy)"""
import math, random, struct, sys, wave

RATE = 22050

def write(path, samples):
    with wave.open(path, "wb") as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) * 32767)) for s in samples))

def breath(seconds=1.0):
    rnd = random.Random(7)
    n = int(RATE * seconds)
    noise = [rnd.uniform(-1, 1) for _ in range(n)]
    # Band-limited hiss: two one-pole low-passes minus a slower one (a soft band-pass), run
    # twice round the loop so the end joins the start without a click.
    out = [0.0] * n
    a = b = c = 0.0
    for _ in range(2):
        for i, x in enumerate(noise):
            a += 0.35 * (x - a)
            b += 0.35 * (a - b)
            c += 0.02 * (b - c)
            out[i] = (b - c) * 1.6
    return out

def tock(seconds=0.12):
    n = int(RATE * seconds)
    rnd = random.Random(3)
    return [0.8 * math.exp(-i / (RATE * 0.012)) * (math.sin(2 * math.pi * 1800 * i / RATE) * 0.7 + rnd.uniform(-0.3, 0.3)) for i in range(n)]

if __name__ == "__main__":
    d = sys.argv[1] if len(sys.argv) > 1 else "exhibits/sounds"
    write(f"{d}/breath.wav", breath())
    write(f"{d}/tock.wav", tock())
