"""Procedural textures evaluated at metric surface coordinates (u, v).

Every texture is a pure function of the surface point, so a point has the same
colour from every viewpoint (what photometric losses, stereo and warping tests
rely on). Textures carry their own noise table, drawn from a seed.
"""
import numpy as np

KINDS = ("checker", "stripes", "noise", "gradient", "road", "windows", "plain")
_TABLE = 64


def jitter_colour(rng, base, spread, lo=0.05, hi=0.95):
    """``base`` RGB with each channel moved by up to +-``spread``, kept in [lo, hi]."""
    return tuple(float(np.clip(c + rng.uniform(-spread, spread), lo, hi)) for c in base)


class Texture(object):
    """Albedo pattern.

    kind: one of ``KINDS``; ``a``/``b``: RGB colours in 0..1; ``scale``: pattern
    period in metres; ``grain``: amplitude of fine multiplicative noise (texture
    for photometric losses); ``seed``: noise table seed.
    """

    def __init__(self, kind, a, b=(0.0, 0.0, 0.0), scale=1.0, grain=0.15, seed=0,
                 extent=(0.0, 3.0)):
        if kind not in KINDS:
            raise ValueError("unknown texture kind %r (expected one of %s)" % (kind, ", ".join(KINDS)))
        if scale <= 0:
            raise ValueError("texture scale must be > 0, got %r" % (scale,))
        self.kind = kind
        self.a = np.asarray(a, dtype=np.float32)
        self.b = np.asarray(b, dtype=np.float32)
        self.scale = float(scale)
        self.grain = float(grain)
        self.extent = (float(extent[0]), float(extent[1]))
        rng = np.random.RandomState(seed)
        self.table = rng.rand(_TABLE, _TABLE).astype(np.float32)
        self.flat = self.table.ravel()

    def noise(self, u, v, period):
        """Smooth value noise in 0..1 with feature size ``period`` metres."""
        x = u * np.float32(1.0 / period)
        y = v * np.float32(1.0 / period)
        xf = np.floor(x)
        yf = np.floor(y)
        fx = x - xf
        fy = y - yf
        fx = fx * fx * (np.float32(3.0) - np.float32(2.0) * fx)
        fy = fy * fy * (np.float32(3.0) - np.float32(2.0) * fy)
        mask = _TABLE - 1  # table size is a power of two: wrap with a bit mask
        i0 = xf.astype(np.int32) & mask
        j0 = (yf.astype(np.int32) & mask) * _TABLE
        i1 = (i0 + 1) & mask
        j1 = ((j0 + _TABLE) & (_TABLE * _TABLE - 1))
        t = self.flat
        top = t.take(j0 + i0)
        top += (t.take(j0 + i1) - top) * fx
        bottom = t.take(j1 + i0)
        bottom += (t.take(j1 + i1) - bottom) * fx
        top += (bottom - top) * fy
        return top

    def _mix(self, w):
        return self.a[None, :] + (self.b - self.a)[None, :] * w[:, None]

    def albedo(self, u, v):
        """RGB albedo (N, 3) float32 in 0..1 at surface coordinates u, v (N,)."""
        u = np.asarray(u, dtype=np.float32)
        v = np.asarray(v, dtype=np.float32)
        s = self.scale
        if self.kind == "checker":
            w = ((np.floor(u / s) + np.floor(v / s)) % 2.0).astype(np.float32)
        elif self.kind == "stripes":
            phase = u / s + 0.6 * self.noise(u, v, 4.0 * s)
            w = (0.5 + 0.5 * np.sin(np.float32(2.0 * np.pi) * phase)).astype(np.float32)
        elif self.kind == "noise":
            w = 0.65 * self.noise(u, v, s) + 0.35 * self.noise(u + 17.0, v + 5.0, 0.37 * s)
        elif self.kind == "gradient":
            lo, hi = self.extent
            w = np.clip((v - lo) / (hi - lo), 0.0, 1.0).astype(np.float32)
            w = np.clip(w + 0.25 * (self.noise(u, v, s) - 0.5), 0.0, 1.0)
        elif self.kind == "road":
            # asphalt with a dashed centre line (u = lateral metres, v = along the road)
            w = 0.3 * self.noise(u, v, 0.5)
            centre = (np.abs(u) < 0.08) & ((v % 6.0) < 3.0)
            edges = np.abs(np.abs(u) - 6.7) < 0.1
            w = np.where(centre | edges, np.float32(1.0), w)
        elif self.kind == "windows":
            fu = (u / s) % 1.0
            fv = (v / s) % 1.0
            window = (fu > 0.25) & (fu < 0.75) & (fv > 0.2) & (fv < 0.7)
            w = np.where(window, np.float32(1.0), 0.2 * self.noise(u, v, s))
        else:  # plain
            w = np.zeros_like(u)
        rgb = self._mix(w.astype(np.float32))
        if self.grain > 0:
            g = self.noise(u + 31.0, v + 7.0, 0.04) * 0.5 + self.noise(u, v, 0.15) * 0.5
            rgb *= (np.float32(1.0 - self.grain) + np.float32(2.0 * self.grain) * g)[:, None]
        return rgb
