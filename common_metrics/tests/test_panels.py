"""common_metrics.panels: layout, shared colour scale, near-is-bright, invalid pixels, rows."""
import numpy as np
import pytest

from common_metrics import io, panels
from common_metrics.colormaps import get_lut

LUT = get_lut("magma")
BRIGHT, DARK = LUT[255].tolist(), LUT[0].tolist()
GREY = list(panels.INVALID_RGB)


def _rgb(h, w, seed=0):
    return np.random.RandomState(seed).randint(0, 256, (h, w, 3)).astype(np.uint8)


def _tiles(panel, h, w, n=3):
    """The n tiles of the bottom h rows of a panel."""
    assert panel.shape[1] == n * w
    body = panel[-h:]
    return [body[:, i * w:(i + 1) * w] for i in range(n)]


def test_layout_and_rgb_tile_untouched():
    rgb = _rgb(30, 40)
    gt = np.random.RandomState(1).uniform(1, 10, (30, 40))
    panel = panels.render_panel(rgb, gt, gt)
    assert panel.dtype == np.uint8 and panel.shape[2] == 3
    assert panel.shape[1] == 3 * 40 and panel.shape[0] > 30   # label strip above the tiles
    assert (_tiles(panel, 30, 40)[0] == rgb).all()
    two = panels.render_panel(rgb, gt)                         # no ground truth: two tiles
    assert two.shape[1] == 2 * 40 and two.shape[0] == panel.shape[0]


def test_pred_equal_to_gt_gives_identical_colours():
    rng = np.random.RandomState(2)
    gt = rng.uniform(0.5, 10, (24, 32)).astype(np.float32)
    for kind in panels.KINDS:
        _, p, g = _tiles(panels.render_panel(_rgb(24, 32), gt.copy(), gt, kind=kind), 24, 32)
        assert (p == g).all()
        assert len(np.unique(p.reshape(-1, 3), axis=0)) > 50   # a real colour ramp, not flat


def test_near_is_bright_for_depth_and_for_disparity():
    values = np.array([[1.0, 10.0]])
    _, p, g = _tiles(panels.render_panel(_rgb(1, 2), values, values, kind="depth"), 1, 2)
    assert g[0].tolist() == [BRIGHT, DARK]          # depth 1 m (near) bright, 10 m dark
    _, p, g = _tiles(panels.render_panel(_rgb(1, 2), values, values, kind="disparity"), 1, 2)
    assert g[0].tolist() == [DARK, BRIGHT]          # disparity 10 (near) bright


def test_small_prediction_is_upsampled_bilinearly_on_the_gt_scale():
    # cv2.INTER_LINEAR of [1, 3] to 4 columns: 1, 1.5, 2.5, 3 (half-pixel centres).
    # GT range [1, 3], depth reversed: t = (3 - v) / 2 -> LUT index int(256 t) clipped
    gt = np.array([[1.0, 1.0, 3.0, 3.0]])
    _, p, g = _tiles(panels.render_panel(_rgb(1, 4), np.array([[1.0, 3.0]]), gt), 1, 4)
    assert p[0].tolist() == [BRIGHT, LUT[192].tolist(), LUT[64].tolist(), DARK]
    assert g[0].tolist() == [BRIGHT, BRIGHT, DARK, DARK]


def test_depthnet_sized_prediction_fills_the_rgb_resolution():
    rgb = _rgb(228, 304)
    pred = np.full((1, 1, 55, 74), 4.0, np.float32)          # NCHW as a network returns it
    panel = panels.render_panel(rgb, pred, np.full((228, 304), 4.0))
    _, p, _ = _tiles(panel, 228, 304)
    assert (p == p[0, 0]).all() and p[0, 0].tolist() != GREY


def test_invalid_gt_pixels_dark_and_excluded_from_the_scale():
    gt = np.array([[1.0, 0.0, np.nan, 3.0, 500.0]])
    mask = np.array([[True, True, True, True, False]])
    pred = np.array([[1.0, 2.0, 2.0, 3.0, 3.0]])
    _, p, g = _tiles(panels.render_panel(_rgb(1, 5), pred, gt, mask=mask), 1, 5)
    assert g[0].tolist() == [BRIGHT, GREY, GREY, DARK, GREY]
    # 500 m under a False mask does not stretch the scale: pred 3 m is the darkest colour
    assert p[0].tolist() == [BRIGHT, LUT[128].tolist(), LUT[128].tolist(), DARK, DARK]


def test_small_gt_upsampled_nearest_never_blends_invalid():
    gt = np.array([[1.0, 0.0], [5.0, 1.0]])
    _, _, g = _tiles(panels.render_panel(_rgb(8, 8), np.ones((8, 8)), gt), 8, 8)
    colours = {tuple(c) for c in g.reshape(-1, 3).tolist()}
    assert colours == {tuple(BRIGHT), tuple(DARK), tuple(GREY)}
    assert (g[:4, 4:] == GREY).all() and (g[4:, :4] == DARK).all()


def test_without_gt_the_scale_is_the_prediction_5th_to_95th_percentile():
    pred = np.arange(1, 101, dtype=np.float64).reshape(1, 100)   # p5 = 5.95, p95 = 95.05
    _, p = _tiles(panels.render_panel(_rgb(1, 100), pred), 1, 100, n=2)
    assert p[0, 0].tolist() == BRIGHT and p[0, 5].tolist() == BRIGHT   # 1 m and 6 m clip
    assert p[0, 99].tolist() == DARK and p[0, 95].tolist() == DARK
    assert p[0, 50].tolist() not in (BRIGHT, DARK)


def test_rgb_forms_give_the_same_panel():
    rgb = _rgb(6, 7)
    d = np.random.RandomState(3).uniform(1, 5, (6, 7))
    ref = panels.render_panel(rgb, d, d)
    assert (panels.render_panel(rgb.transpose(2, 0, 1), d, d) == ref).all()
    assert (panels.render_panel(rgb / 255.0, d, d) == ref).all()


@pytest.mark.parametrize("kwargs, word", [
    (dict(rgb=np.zeros((4, 4, 2), np.uint8)), "rgb"),
    (dict(pred=np.ones((2, 4, 4))), "pred"),
    (dict(gt=np.ones((4, 4)), mask=np.ones((3, 3), bool)), "mask"),
    (dict(kind="inverse"), "kind"),
    (dict(pred=np.full((4, 4), np.nan)), "nothing to colour"),
    (dict(rgb=np.full((4, 4, 3), np.nan)), "NaN"),
])
def test_bad_input_raises_a_clear_value_error(kwargs, word):
    args = dict(rgb=_rgb(4, 4), pred=np.ones((4, 4)))
    args.update(kwargs)
    with pytest.raises(ValueError, match=word):
        panels.render_panel(**args)


def test_title_strip_is_drawn_and_wraps(tmp_path):
    rgb, d = _rgb(40, 60), np.ones((40, 60))
    plain = panels.render_panel(rgb, d, d)
    short = panels.render_panel(rgb, d, d, title="m")
    long_ = panels.render_panel(rgb, d, d, title=" ".join(["abs_rel 0.123"] * 12))
    assert plain.shape[0] < short.shape[0] < long_.shape[0]
    strip = short[:short.shape[0] - plain.shape[0]]
    assert strip.max() > 200                     # white text on black
    assert (short[-plain.shape[0]:] == plain).all()


def test_save_panel_writes_the_png_it_returns(tmp_path):
    d = np.random.RandomState(4).uniform(1, 5, (10, 12))
    path = tmp_path / "sub" / "m.png"
    out = panels.save_panel(str(path), _rgb(10, 12), d, d, title="m")
    assert (io.read_png(str(path)) == out).all()


def test_compose_rows_stacks_paths_and_arrays_at_one_width(tmp_path):
    a = _rgb(10, 40, seed=5)
    io.write_png(str(tmp_path / "a.png"), a)
    b = _rgb(20, 20, seed=6)
    out = panels.compose_rows(str(tmp_path / "s.png"),
                              [(str(tmp_path / "a.png"), "model a"), b])
    assert out.shape[1] == 40
    caption_h = panels.text_strip("model a", 40).shape[0]
    assert (out[caption_h:caption_h + 10] == a).all()          # row 1 at its own width
    assert out.shape[0] == caption_h + 10 + 6 + 40             # gap, then b scaled 2x
    assert (io.read_png(str(tmp_path / "s.png")) == out).all()


def test_compose_rows_errors(tmp_path):
    with pytest.raises(ValueError, match="at least one row"):
        panels.compose_rows(str(tmp_path / "s.png"), [])
    with pytest.raises(FileNotFoundError, match="missing.png"):
        panels.compose_rows(str(tmp_path / "s.png"), [str(tmp_path / "missing.png")])


def test_gt_without_a_valid_pixel_is_all_dark_and_the_scale_comes_from_pred():
    pred = np.arange(1, 101, dtype=np.float64).reshape(1, 100)
    _, p, g = _tiles(panels.render_panel(_rgb(1, 100), pred, np.zeros((1, 100))), 1, 100)
    assert (g == GREY).all()
    assert p[0, 0].tolist() == BRIGHT and p[0, 99].tolist() == DARK
