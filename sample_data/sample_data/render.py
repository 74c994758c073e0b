"""Vectorised NumPy ray caster: RGB image and exact z-depth of a scene."""
import numpy as np


def ray_directions(camera, c2w):
    """World-frame ray directions (3 arrays H x W, float32) with camera-frame z = 1."""
    v, u = np.mgrid[0:camera.height, 0:camera.width].astype(np.float32)
    xc = (u - np.float32(camera.cx)) / np.float32(camera.fx)
    yc = (v - np.float32(camera.cy)) / np.float32(camera.fy)
    r = np.asarray(c2w, dtype=np.float32)[:3, :3]
    return [r[k, 0] * xc + r[k, 1] * yc + r[k, 2] for k in range(3)]


def screen_rect(prim, camera, w2c, margin=2):
    """Pixel rectangle (v0, v1, u0, u1) that can contain the primitive, or None.

    ``w2c`` is the world-to-camera 4x4 matrix (inverse pose).
    """
    corners = prim.bounds()
    pc = corners.dot(w2c[:3, :3].T) + w2c[:3, 3]
    if np.all(pc[:, 2] <= 1e-3):
        return None
    if np.any(pc[:, 2] <= 1e-3):
        return (0, camera.height, 0, camera.width)
    u = camera.fx * pc[:, 0] / pc[:, 2] + camera.cx
    v = camera.fy * pc[:, 1] / pc[:, 2] + camera.cy
    u0 = max(int(np.floor(u.min())) - margin, 0)
    u1 = min(int(np.ceil(u.max())) + margin + 1, camera.width)
    v0 = max(int(np.floor(v.min())) - margin, 0)
    v1 = min(int(np.ceil(v.max())) + margin + 1, camera.height)
    if u0 >= u1 or v0 >= v1:
        return None
    return (v0, v1, u0, u1)


def cast(scene, camera, c2w):
    """Nearest hit per pixel: (t, prim_index) arrays, t = z-depth (inf on a miss)."""
    h, w = camera.height, camera.width
    o = [float(x) for x in np.asarray(c2w)[:3, 3]]
    d = ray_directions(camera, c2w)
    with np.errstate(divide="ignore"):
        inv_d = [np.float32(1.0) / dk for dk in d]
    zbuf = np.full((h, w), np.inf, dtype=np.float32)
    ids = np.full((h, w), -1, dtype=np.int32)
    w2c = np.linalg.inv(c2w)
    for i, prim in enumerate(scene.primitives):
        rect = screen_rect(prim, camera, w2c)
        if rect is None:
            continue
        v0, v1, u0, u1 = rect
        sl = (slice(v0, v1), slice(u0, u1))
        t = prim.intersect(o, [dk[sl] for dk in d], [ik[sl] for ik in inv_d])
        closer = t < zbuf[sl]
        zbuf[sl] = np.where(closer, t, zbuf[sl])
        ids[sl] = np.where(closer, i, ids[sl])
    return zbuf, ids, o, d


def render(scene, camera, c2w, return_ids=False):
    """Render ``scene`` seen by ``camera`` at pose ``c2w`` (camera-to-world 4x4).

    Returns ``rgb`` (H, W, 3) uint8 and ``depth`` (H, W) float32 z-depth in
    metres along the optical axis, 0 where the ray hits nothing (sky).
    """
    zbuf, ids, o, d = cast(scene, camera, c2w)
    h, w = camera.height, camera.width
    rgb = np.zeros((h, w, 3), dtype=np.float32)
    hit = ids >= 0
    # sky: blend by how far the ray points upwards (world y is down)
    miss = ~hit
    if miss.any():
        dx, dy, dz = d[0][miss], d[1][miss], d[2][miss]
        up = np.clip(-dy / np.sqrt(dx * dx + dy * dy + dz * dz) * 2.5, 0.0, 1.0)[:, None]
        rgb[miss] = scene.sky[0][None, :] + (scene.sky[1] - scene.sky[0])[None, :] * up
    flat_ids = ids.ravel()
    order = np.argsort(flat_ids, kind="stable")
    sorted_ids = flat_ids[order]
    starts = np.searchsorted(sorted_ids, np.arange(len(scene.primitives) + 1))
    flat_rgb = rgb.reshape(-1, 3)
    flat_t = zbuf.ravel()
    dflat = [dk.ravel() for dk in d]
    for i, prim in enumerate(scene.primitives):
        idx = order[starts[i]:starts[i + 1]]
        if idx.size == 0:
            continue
        t = flat_t[idx]
        p = np.empty((idx.size, 3), dtype=np.float32)
        for k in range(3):
            p[:, k] = o[k] + t * dflat[k][idx]
        n, u, v, face = prim.surface(p)
        flat_rgb[idx] = shade(scene, prim, p, n, u, v, face)
    image = np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)
    depth = np.where(hit, zbuf, np.float32(0.0)).astype(np.float32)
    if return_ids:
        return image, depth, ids
    return image, depth


def shade(scene, prim, p, n, u, v, face=None):
    """Lambert + ambient (+ optional distance-attenuated lamp) colour of hit points."""
    tex = prim.texture
    if face is not None and getattr(prim, "face_textures", None):
        out = np.empty((len(p), 3), dtype=np.float32)
        default = np.ones(len(p), dtype=bool)
        for f, ftex in prim.face_textures.items():
            sel = face == f
            default &= ~sel
            if np.any(sel):
                out[sel] = ftex.albedo(u[sel], v[sel])
        if np.any(default):
            out[default] = tex.albedo(u[default], v[default])
        albedo = out
    else:
        albedo = tex.albedo(u, v)
    nx, ny, nz = n[:, 0], n[:, 1], n[:, 2]
    lx, ly, lz = [np.float32(c) for c in scene.light]
    lam = np.maximum(nx * lx + ny * ly + nz * lz, 0.0)
    light = np.float32(scene.ambient) + np.float32(scene.diffuse) * lam
    if scene.lamp is not None:
        pos, strength = scene.lamp
        tx = np.float32(pos[0]) - p[:, 0]
        ty = np.float32(pos[1]) - p[:, 1]
        tz = np.float32(pos[2]) - p[:, 2]
        dist2 = tx * tx + ty * ty + tz * tz
        cos = np.maximum(tx * nx + ty * ny + tz * nz, 0.0) / np.sqrt(dist2 + np.float32(1e-6))
        light = light + np.float32(strength) * cos / (np.float32(1.0) + np.float32(0.3) * dist2)
    albedo *= light[:, None]
    return albedo
