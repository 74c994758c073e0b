"""Plug-in writers, indoor temporal consistency, and the plain progress counter."""
import io
import os
import sys

import cv2
import numpy as np

import sample_data
from sample_data import indoor, writers
from sample_data.progress import progress


def test_a_registered_writer_is_used_by_the_api_and_the_cli_list(tmp_path, monkeypatch):
    def write(out, num, seed, height, width, show_progress=True):
        frames, cam, _ = indoor.sequence(seed, num, height, width)
        for i, (rgb, depth) in enumerate(frames):
            np.save(os.path.join(out, "%d.npy" % i), depth, allow_pickle=False)

    monkeypatch.setattr(writers, "REGISTRY", writers.REGISTRY.copy())
    writers.register("toy_npy", write, num=2, height=24, width=32, help="toy")
    out = sample_data.write_dataset("toy_npy", str(tmp_path / "toy"), seed=1)
    assert sorted(os.listdir(out)) == ["0.npy", "1.npy"]
    depth = np.load(os.path.join(out, "1.npy"), allow_pickle=False)
    assert depth.shape == (24, 32) and depth.min() > 0
    assert "toy_npy" in sample_data.formats()
    from sample_data.cli import build_parser
    assert "toy_npy" in build_parser().format_help()


def test_indoor_temporal_warp_with_known_pose():
    h, w = 60, 80
    frames, cam, poses = indoor.sequence(4, 2, h, w)
    (rgb0, d0), (rgb1, d1) = frames
    pts = cam.backproject(d0).reshape(-1, 3)
    t01 = np.linalg.inv(poses[1]).dot(poses[0])
    uv, z1 = cam.project(pts.dot(t01[:3, :3].T) + t01[:3, 3])
    x = uv[:, 0].reshape(h, w).astype(np.float32)
    y = uv[:, 1].reshape(h, w).astype(np.float32)
    warped = np.stack([cv2.remap(rgb1[..., c].astype(np.float32), x, y, cv2.INTER_LINEAR)
                       for c in range(3)], -1)
    seen = cv2.remap(d1, x, y, cv2.INTER_NEAREST)
    z1 = z1.reshape(h, w)
    ok = (x > 1) & (x < w - 2) & (y > 1) & (y < h - 2) & (np.abs(seen - z1) < 0.02 * z1)
    assert ok.mean() > 0.5
    err = np.abs(warped - rgb0).mean(axis=2)[ok]
    moved = np.abs(rgb1.astype(np.float32) - rgb0).mean(axis=2)[ok]
    assert np.median(err) < 4 and err.mean() < 0.6 * moved.mean()


def test_counter_reports_rate_and_eta_when_not_on_a_terminal(monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buf)  # StringIO is not a tty
    assert list(progress(range(20), 20, "render")) == list(range(20))
    lines = buf.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[-1].startswith("render: 20/20 (") and "img/s" in lines[-1] and "ETA 0 s" in lines[-1]
    assert progress(range(3), 3, "x", enabled=False) == range(3)
