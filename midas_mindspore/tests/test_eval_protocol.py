"""Zero-shot protocol: oracles per dataset, scale/shift recovery, bicubic resize, caps, crops."""
import numpy as np
import pytest

from tests.test_eval_common import dataset_path, write_all
from src.eval import protocol
from src.eval.protocol import SPECS, aligned_depth, resize_to, score


@pytest.fixture(scope="module")
def eval_root(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("midas_eval"))


def _samples(root, name):
    spec = SPECS[name]
    return spec, [spec.reader.load(e) for e in spec.reader.index(dataset_path(root, name))]


def _gt_disparity(sample):
    d = sample["depth"]
    ok = np.isfinite(d) & (d > 0)
    return np.where(ok, 1.0 / np.where(ok, d, 1.0), 0.0).astype(np.float32)


@pytest.mark.parametrize("name", ["Kitti", "TUM", "Sintel", "ETH3D", "NYU"])
def test_oracle_gt_disparity_scores_perfectly(eval_root, name):
    spec, samples = _samples(eval_root, name)
    assert samples
    for s in samples:
        metrics, _ = score(spec, _gt_disparity(s), s)
        assert metrics["delta_1.25_err_pct"] == 0.0
        assert metrics["abs_rel"] < 1e-5
        # the constant baseline through the same protocol is clearly worse
        base, _ = score(spec, np.ones_like(_gt_disparity(s)), s)
        assert base["delta_1.25_err_pct"] > 5.0 and base["abs_rel"] > 0.05


def test_diw_oracle_and_reversed_order(eval_root):
    spec, samples = _samples(eval_root, "DIW")
    rels = set()
    for s in samples:
        (ya, xa, yb, xb, rel), = s["pairs"]
        rels.add(rel)
        disp = np.ones(s["image"].shape[:2], np.float32)
        disp[ya, xa] = 2.0 if rel == 1 else 0.5          # rel +1: A closer = larger disparity
        assert score(spec, disp, s)[0]["whdr"] == 0.0
        assert score(spec, 1.0 / disp, s)[0]["whdr"] == 1.0
    assert rels == {1, -1}  # the sample has both relations


def test_known_scale_and_shift_is_recovered(eval_root):
    spec, samples = _samples(eval_root, "Kitti")
    s = samples[0]
    gt_disp = _gt_disparity(s)
    pred = (gt_disp - 0.01) / 2.5                        # disparity = 2.5 * pred + 0.01
    metrics, depth = score(spec, pred, s)
    mask = protocol.eval_mask(spec, s)
    np.testing.assert_allclose(depth[mask], s["depth"][mask], rtol=1e-4)
    assert metrics["delta_1.25_err_pct"] == 0.0
    # depth instead of disparity (the inverse relation) cannot be fitted affinely
    assert score(spec, np.where(gt_disp > 0, 1.0 / np.maximum(gt_disp, 1e-6), 0), s)[0][
        "delta_1.25_err_pct"] > 5.0


def test_depth_cap_clamps_far_predictions():
    gt = np.array([[2.0, 4.0], [8.0, 5.0]])
    mask = np.ones_like(gt, bool)
    pred = np.array([[0.5, 0.25], [0.125, 0.2]])      # exact disparity
    pred[1, 1] = -1.0                                 # a point the fit sends beyond the cap
    depth = aligned_depth(pred, gt, mask, cap=10.0)
    assert np.all(depth <= 10.0 + 1e-9) and np.isfinite(depth).all()


def test_pixels_beyond_cap_and_outside_eigen_crop_are_not_scored():
    h, w = 48, 64
    depth = np.full((h, w), 3.0, np.float32)
    depth[:, : w // 2] = 6.0
    sample = {"name": "x", "image": np.zeros((h, w, 3), np.float32), "depth": depth,
              "mask": depth > 0}
    disp = 1.0 / depth
    bad = disp.copy()
    bad[:2, :] = 5.0                                   # wrong only in the rows the Eigen crop drops
    assert score(SPECS["NYU"], bad, sample)[0]["delta_1.25_err_pct"] == 0.0
    assert score(SPECS["TUM"], bad, sample)[0]["delta_1.25_err_pct"] > 0.0
    far = dict(sample, depth=np.where(depth > 5, 90.0, depth).astype(np.float32))
    mask = protocol.eval_mask(SPECS["Kitti"], far)
    assert not mask[:, : w // 2].any() and mask[:, w // 2:].all()   # KITTI cap 80 m


def test_prediction_is_resized_bicubic_like_upstream_run_py():
    torch = pytest.importorskip("torch")
    rng = np.random.RandomState(0)
    small = rng.uniform(0.1, 1.0, (12, 20)).astype(np.float32)
    ours = resize_to(small, (37, 61))                  # both axes scaled independently
    ref = torch.nn.functional.interpolate(torch.from_numpy(small)[None, None], size=(37, 61),
                                          mode="bicubic", align_corners=False)[0, 0].numpy()
    assert ours.shape == (37, 61)
    np.testing.assert_allclose(ours, ref, atol=2e-3)


def test_nan_prediction_is_an_error_not_a_score(eval_root):
    spec, samples = _samples(eval_root, "TUM")
    pred = _gt_disparity(samples[0])
    pred[5, 5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        score(spec, pred, samples[0])


def test_select_data_name():
    names = [s.name for s in protocol.select("all")]
    assert names == ["Kitti", "Sintel", "TUM", "ETH3D", "DIW", "NYU"]
    assert protocol.select("kitti")[0].name == "Kitti"
    assert [s.name for s in protocol.select("NYU, Kitti,NYU")] == ["NYU", "Kitti"]
    with pytest.raises(ValueError, match="data_name 'Foo'"):
        protocol.select("Foo")


def test_constant_prediction_gets_the_best_constant_fit():
    gt = np.array([[2.0, 4.0], [8.0, 100.0]])
    mask = np.array([[True, True], [True, False]])
    depth = aligned_depth(np.full(gt.shape, 0.3), gt, mask, cap=10.0)
    np.testing.assert_allclose(depth, 1.0 / np.mean([0.5, 0.25, 0.125]), rtol=1e-6)
    depth = aligned_depth(np.full(gt.shape, 0.3), np.full(gt.shape, 50.0), np.ones_like(mask),
                          cap=10.0)
    np.testing.assert_allclose(depth, 10.0)            # clamped at the cap
