"""Scene primitives: axis-aligned rectangles, boxes (solid or room-like) and spheres.

Each primitive answers three questions for the ray caster:

* ``bounds()``: world-space corners, to find its screen rectangle;
* ``intersect(o, d, inv_d)``: ray parameter of the first hit (``inf`` on a miss)
  for rays ``o + t * d``;
* ``surface(p)``: normal, metric texture coordinates (u, v) and face index
  (boxes; ``None`` otherwise) at hit points.

Ray directions have camera-frame z = 1, so ``t`` is the z-depth directly.
"""
import numpy as np

EPS = 1e-4
_OTHER = {0: (2, 1), 1: (0, 2), 2: (0, 1)}  # texture axes per normal axis


class Primitive(object):
    texture = None

    def bounds(self):
        raise NotImplementedError

    def intersect(self, o, d, inv_d):
        raise NotImplementedError

    def surface(self, p):
        raise NotImplementedError


class Rect(Primitive):
    """Rectangle on the plane ``X[axis] = offset``; ``lo``/``hi`` bound the two
    other axes (in ``_OTHER[axis]`` order); ``normal_sign`` orients it."""

    def __init__(self, axis, offset, lo, hi, texture, normal_sign=-1.0):
        self.axis = int(axis)
        self.offset = float(offset)
        self.lo = (float(lo[0]), float(lo[1]))
        self.hi = (float(hi[0]), float(hi[1]))
        self.texture = texture
        self.normal_sign = float(normal_sign)

    def bounds(self):
        a, (b, c) = self.axis, _OTHER[self.axis]
        pts = []
        for pb in (self.lo[0], self.hi[0]):
            for pc in (self.lo[1], self.hi[1]):
                x = [0.0, 0.0, 0.0]
                x[a], x[b], x[c] = self.offset, pb, pc
                pts.append(x)
        return np.array(pts)

    def intersect(self, o, d, inv_d):
        a, (b, c) = self.axis, _OTHER[self.axis]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            t = (self.offset - o[a]) * inv_d[a]
            pb = o[b] + t * d[b]
            pc = o[c] + t * d[c]
            ok = (t > EPS) & (pb >= self.lo[0]) & (pb <= self.hi[0]) & \
                 (pc >= self.lo[1]) & (pc <= self.hi[1])
        return np.where(ok, t, np.float32(np.inf))

    def surface(self, p):
        a, (b, c) = self.axis, _OTHER[self.axis]
        n = np.zeros_like(p)
        n[:, a] = self.normal_sign
        return n, p[:, b], p[:, c], None


class Box(Primitive):
    """Axis-aligned box ``lo <= X <= hi``. ``inside=True`` makes it a room: rays
    from a camera inside hit the inner walls (normals point inwards). An optional
    ``face_textures`` dict maps face index (0..5 = -x,+x,-y,+y,-z,+z) to a texture."""

    def __init__(self, lo, hi, texture, inside=False, face_textures=None):
        self.lo = np.asarray(lo, dtype=np.float64)
        self.hi = np.asarray(hi, dtype=np.float64)
        if np.any(self.hi <= self.lo):
            raise ValueError("box needs hi > lo on every axis, got lo=%s hi=%s" % (self.lo, self.hi))
        self.texture = texture
        self.inside = bool(inside)
        self.face_textures = dict(face_textures or {})

    def bounds(self):
        return np.array([[x, y, z] for x in (self.lo[0], self.hi[0])
                         for y in (self.lo[1], self.hi[1]) for z in (self.lo[2], self.hi[2])])

    def intersect(self, o, d, inv_d):
        tmin = None
        tmax = None
        # Python floats keep the float32 arrays float32 under every NumPy promotion rule
        lo, hi = self.lo.tolist(), self.hi.tolist()
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            for k in range(3):
                t1 = (lo[k] - o[k]) * inv_d[k]
                t2 = (hi[k] - o[k]) * inv_d[k]
                near = np.minimum(t1, t2)
                far = np.maximum(t1, t2)
                tmin = near if tmin is None else np.maximum(tmin, near)
                tmax = far if tmax is None else np.minimum(tmax, far)
            if self.inside:
                ok = (tmax >= tmin) & (tmax > EPS)
                t = tmax
            else:
                ok = (tmax >= tmin) & (tmin > EPS)
                t = tmin
        return np.where(ok, t, np.float32(np.inf))

    def face_of(self, p):
        """Face index 0..5 (-x, +x, -y, +y, -z, +z) of points on the box surface."""
        c = (self.lo + self.hi) / 2.0
        half = (self.hi - self.lo) / 2.0
        a = [np.abs(p[:, k] - np.float32(c[k])) * np.float32(1.0 / half[k]) for k in range(3)]
        axis = np.where((a[0] >= a[1]) & (a[0] >= a[2]), 0, np.where(a[1] >= a[2], 1, 2))
        coord = np.choose(axis, [p[:, 0], p[:, 1], p[:, 2]])
        centre = np.asarray(c, dtype=np.float32)[axis]
        return 2 * axis + (coord > centre)

    def surface(self, p):
        face = self.face_of(p)
        axis = face // 2
        sign = np.where(face % 2 == 0, -1.0, 1.0).astype(p.dtype)
        if self.inside:
            sign = -sign
        n = np.zeros_like(p)
        n[np.arange(len(p)), axis] = sign
        u = np.where(axis == 0, p[:, 2], p[:, 0])
        v = np.where(axis == 1, p[:, 2], p[:, 1])
        return n, u, v, face


class Sphere(Primitive):
    def __init__(self, centre, radius, texture):
        self.centre = np.asarray(centre, dtype=np.float64)
        self.radius = float(radius)
        if self.radius <= 0:
            raise ValueError("sphere radius must be > 0")
        self.texture = texture

    def bounds(self):
        r = self.radius
        return np.array([self.centre + [sx * r, sy * r, sz * r]
                         for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)])

    def intersect(self, o, d, inv_d):
        oc = [float(o[k] - self.centre[k]) for k in range(3)]
        a = d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
        b = d[0] * oc[0] + d[1] * oc[1] + d[2] * oc[2]
        c = oc[0] ** 2 + oc[1] ** 2 + oc[2] ** 2 - self.radius ** 2
        disc = b * b - a * c
        with np.errstate(invalid="ignore"):
            t = (-b - np.sqrt(disc)) / a
            ok = (disc >= 0) & (t > EPS)
        return np.where(ok, t, np.float32(np.inf)).astype(np.float32)

    def surface(self, p):
        n = (p - self.centre[None, :].astype(p.dtype)) / np.float32(self.radius)
        return n, p[:, 0] + p[:, 2], p[:, 1], None


class Scene(object):
    """Primitives plus lighting.

    light: direction TOWARDS the light (world frame, y down); ambient/diffuse
    weights; optional point lamp ``(position, strength)`` whose contribution
    falls off with distance (view-independent); sky: (horizon, zenith) colours
    for rays that hit nothing (their depth is invalid = 0).
    """

    def __init__(self, primitives, light=(0.3, -1.0, 0.4), ambient=0.45, diffuse=0.55,
                 lamp=None, sky=((0.75, 0.82, 0.9), (0.35, 0.5, 0.8)), kind="scene"):
        self.primitives = list(primitives)
        light = np.asarray(light, dtype=np.float64)
        self.light = light / np.linalg.norm(light)
        self.ambient = float(ambient)
        self.diffuse = float(diffuse)
        self.lamp = lamp
        self.sky = (np.asarray(sky[0], dtype=np.float32), np.asarray(sky[1], dtype=np.float32))
        self.kind = kind
