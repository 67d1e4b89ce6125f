#!/usr/bin/env python3
"""The reference for exhibits-forces/magnet_pendulums: the two pendulums' full equations
(point bobs on massless rods, gravity, the magnets' coaxial-dipole push F = 3·μ0·m1·m2/(2π·s⁴)
along the line between the bobs, s softened by 1 mm), integrated with classical RK4 at
0.1 ms, independent of the engine. Prints when the left bob's swing (half the spread of its
turning points over the last 1.2 s, as the `Amplitude` probe reads it, at the 60 Hz ticks) is
least, and that swing then, and the small-swing (linearised) beat period for comparison.

    python3 tools/magnet_pendulums_reference.py [REMANENCE_T]
"""
import math
import sys

G, MU0 = 9.80665, 1.25663706212e-6
R_BOB, RHO, L, D = 0.015, 7800.0, 0.30, 0.065
V, BR = 5e-7, float(sys.argv[1]) if len(sys.argv) > 1 else 1.2
M = RHO * 4.0 / 3.0 * math.pi * R_BOB**3
C = BR**2 * V * V / (2.0 * math.pi * MU0)  # U = C/s³ (repelling)
EPS = 0.001


def push(s):
    return 3.0 * C / s**4


def accel(ta, tb, wa, wb):
    """Angles from straight down (+ toward +x); pivots at ∓D/2."""
    xa, ya = -D / 2 + L * math.sin(ta), -L * math.cos(ta)
    xb, yb = D / 2 + L * math.sin(tb), -L * math.cos(tb)
    dx, dy = xb - xa, yb - ya
    r = math.hypot(dx, dy)
    s = math.hypot(r, EPS)
    f = push(s) / s  # force on b = f·(dx, dy)
    fbx, fby = f * dx, f * dy

    def alpha(t, fx, fy):
        # tangential: m·L·θ'' = −m·g·sin θ + F·(cos θ, sin θ)
        return (-M * G * math.sin(t) + fx * math.cos(t) + fy * math.sin(t)) / (M * L)

    return alpha(ta, -fbx, -fby), alpha(tb, fbx, fby)


def rest_angle():
    a = 0.0
    for _ in range(200):
        r = D + 2 * L * math.sin(a)
        a = math.atan(push(math.hypot(r, EPS)) / (M * G))
    return a


def main():
    a0 = rest_angle()
    ta, tb, wa, wb = -a0 - math.radians(5.0), a0, 0.0, 0.0
    h, t, tick = 1e-4, 0.0, 0
    turns, last_v, side, crossing = [], None, 0, None
    best = (float("inf"), 0.0)
    while t < 7.0:
        def f(state):
            ta, tb, wa, wb = state
            aa, ab = accel(ta, tb, wa, wb)
            return (wa, wb, aa, ab)

        s0 = (ta, tb, wa, wb)
        k1 = f(s0)
        k2 = f(tuple(x + h / 2 * k for x, k in zip(s0, k1)))
        k3 = f(tuple(x + h / 2 * k for x, k in zip(s0, k2)))
        k4 = f(tuple(x + h * k for x, k in zip(s0, k3)))
        ta, tb, wa, wb = (x + h / 6 * (a + 2 * b + 2 * c + d) for x, a, b, c, d in zip(s0, k1, k2, k3, k4))
        t += h
        # The left bob's x-velocity and x: turning points as the probe finds them (1 mm/s).
        v, x = L * wa * math.cos(ta), -D / 2 + L * math.sin(ta)
        if last_v is not None and ((last_v[0] > 0 >= v) or (last_v[0] < 0 <= v)):
            k = last_v[0] / (last_v[0] - v)
            crossing = (t - h + k * h, last_v[1] + k * (x - last_v[1]))
        last_v = (v, x)
        if abs(v) > 1e-3:
            new = 1 if v > 0 else -1
            if side != 0 and new != side and crossing:
                turns.append(crossing)
                crossing = None
            side = new
        if t >= (tick + 1) / 60.0 - 1e-12:
            tick += 1
            window = [p for p in turns if p[0] >= t - 1.2]
            if len(window) >= 2:
                swing = (max(p[1] for p in window) - min(p[1] for p in window)) / 2
                if swing < best[0]:
                    best = (swing, tick / 60.0)
    ks = M * G * math.cos(a0) / L  # linearised, per metre of swing
    r = D + 2 * L * math.sin(a0)
    kc = 12 * C / r**5
    fs, fa = math.sqrt(ks / M) / (2 * math.pi), math.sqrt((ks + 2 * kc) / M) / (2 * math.pi)
    print(f"rest angle {math.degrees(a0):.3f}°, least left swing {best[0] * 1000:.2f} mm at t = {best[1]:.3f} s")
    print(f"linearised beat period 1/(f2 − f1) = {1 / (fa - fs):.3f} s (small swings)")


main()
