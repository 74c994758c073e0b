"""Ray caster against hand-computed geometry."""
import numpy as np
import pytest

from sample_data.camera import Camera, nyu_camera, kitti_camera, pose, rotation
from sample_data.render import render
from sample_data.scene import Box, Rect, Scene, Sphere
from sample_data.textures import Texture

TEX = Texture("plain", (0.5, 0.5, 0.5), grain=0.0)


def small_cam():
    return Camera(40, 60, 50.0, 50.0, 29.5, 19.5)


def test_nyu_and_kitti_intrinsics_match_the_real_cameras():
    cam = nyu_camera()
    assert (cam.height, cam.width) == (480, 640)
    assert cam.fx == pytest.approx(518.8) and cam.fy == pytest.approx(518.8)
    half = nyu_camera(240, 320)
    assert half.fx == pytest.approx(259.4) and half.cx == pytest.approx(325.58 / 2)
    k = kitti_camera()
    assert (k.height, k.width) == (375, 1242)
    assert k.fx == pytest.approx(721.5377) and k.cy == pytest.approx(172.854)


def test_backproject_project_round_trip():
    cam = small_cam()
    depth = np.random.RandomState(0).uniform(1, 9, size=(40, 60))
    pts = cam.backproject(depth).reshape(-1, 3)
    uv, z = cam.project(pts)
    v, u = np.mgrid[0:40, 0:60]
    np.testing.assert_allclose(uv[:, 0], u.ravel(), atol=1e-9)
    np.testing.assert_allclose(uv[:, 1], v.ravel(), atol=1e-9)
    np.testing.assert_allclose(z, depth.ravel())


def test_rotation_is_orthonormal_and_pitch_up_looks_up():
    r = rotation(yaw=0.3, pitch=0.2, roll=-0.1)
    np.testing.assert_allclose(r.dot(r.T), np.eye(3), atol=1e-12)
    assert np.linalg.det(r) == pytest.approx(1.0)
    forward = rotation(pitch=0.2).dot([0, 0, 1])
    assert forward[1] < 0  # world y points down
    right_turn = rotation(yaw=0.2).dot([0, 0, 1])
    assert right_turn[0] > 0


def test_fronto_parallel_wall_has_constant_depth():
    scene = Scene([Rect(2, 5.0, (-50, -50), (50, 50), TEX)])
    rgb, depth = render(scene, small_cam(), np.eye(4))
    np.testing.assert_allclose(depth, 5.0, rtol=1e-6)


def test_floor_depth_follows_perspective_and_sky_is_invalid():
    h = 1.5
    cam = small_cam()
    scene = Scene([Rect(1, h, (-100, 0.01), (100, 100), TEX)])
    _, depth = render(scene, cam, np.eye(4))
    rows = np.arange(cam.height)
    below = rows > cam.cy + 1
    expected = h * cam.fy / (rows[below] - cam.cy)  # z = h * fy / (v - cy)
    np.testing.assert_allclose(depth[below, 30], expected, rtol=1e-5)
    assert np.all(depth[rows < cam.cy, :] == 0)  # above the horizon: nothing, invalid


def test_sphere_and_box_depth_and_occlusion():
    cam = small_cam()
    sphere = Sphere((0.0, 0.0, 6.0), 1.0, TEX)
    box = Box((-0.2, -0.2, 3.0), (0.2, 0.2, 3.5), TEX)
    _, depth = render(Scene([sphere]), cam, np.eye(4))
    # ray through the principal point hits the sphere's front pole
    assert depth[int(cam.cy), int(cam.cx)] == pytest.approx(5.0, rel=2e-3)
    _, depth2 = render(Scene([sphere, box]), cam, np.eye(4))
    assert depth2[int(cam.cy), int(cam.cx)] == pytest.approx(3.0, rel=1e-6)
    # the box hides the sphere only where it projects: |u - cx| <= 0.2 * f / 3
    assert depth2[int(cam.cy), 2] == depth[int(cam.cy), 2]


def test_room_seen_from_inside_and_moving_camera():
    room = Box((-2, -1, -1), (2, 1, 4), TEX, inside=True)
    cam = small_cam()
    _, d0 = render(Scene([room]), cam, np.eye(4))
    assert d0[int(cam.cy), int(cam.cx)] == pytest.approx(4.0, rel=1e-6)
    _, d1 = render(Scene([room]), cam, pose((0, 0, 1.5)))
    assert d1[int(cam.cy), int(cam.cx)] == pytest.approx(2.5, rel=1e-6)


def test_texture_colour_depends_on_the_surface_point_only():
    tex = Texture("checker", (0.9, 0.1, 0.1), (0.1, 0.1, 0.9), scale=0.5, seed=4)
    u = np.array([0.1, 0.6, 0.1], dtype=np.float32)
    v = np.array([0.1, 0.1, 0.6], dtype=np.float32)
    a = tex.albedo(u, v)
    assert np.argmax(a[0]) == 0 and np.argmax(a[1]) == 2 and np.argmax(a[2]) == 2
    np.testing.assert_array_equal(tex.albedo(u, v), a)
    with pytest.raises(ValueError, match="unknown texture kind"):
        Texture("marble", (1, 1, 1))
