import numpy as np
import pytest

from common_metrics.depth import EmptyMaskError
from common_metrics.relative import delta_error_percent, whdr


def test_delta_error_hand_value():
    gt = np.ones(5)
    pred = np.array([1.0, 1.2, 1.3, 0.5, 1.25])   # 1.3 and 0.5 (ratio 2) are > 1.25
    assert delta_error_percent(pred, gt, None) == pytest.approx(40.0)
    assert delta_error_percent(pred, gt, None, threshold=1.1) == pytest.approx(80.0)


def test_delta_error_oracle_mask_and_invalid():
    gt = np.array([1.0, 2.0, 0.0, np.nan])
    pred = np.array([1.0, 9.0, 1.0, 1.0])
    assert delta_error_percent(pred, gt, np.array([True, False, True, True])) == 0.0
    assert delta_error_percent(pred, gt, None) == pytest.approx(50.0)
    with pytest.raises(EmptyMaskError):
        delta_error_percent(pred, gt, np.zeros(4, bool))


def test_whdr_hand_values():
    depth = np.array([[1.0, 2.0], [3.0, 3.0]])
    pairs = np.array([
        [0, 0, 0, 1, 1],     # 1 < 2, point 1 closer: right
        [0, 0, 0, 1, -1],    # wrong
        [1, 0, 0, 1, -1],    # 3 vs 2, point 2 closer: right
        [1, 0, 1, 1, 1],     # tie: counts as an error
    ])
    assert whdr(depth, pairs) == pytest.approx(0.5)
    assert whdr(depth, pairs[[0, 2]]) == 0.0


def test_whdr_rejects_bad_pairs():
    depth = np.ones((2, 2))
    with pytest.raises(ValueError, match=r"\(N, 5\)"):
        whdr(depth, np.zeros((3, 4), int))
    with pytest.raises(ValueError, match="out of range"):
        whdr(depth, np.array([[0, 0, 2, 0, 1]]))
    with pytest.raises(ValueError, match=r"\+1 or -1"):
        whdr(depth, np.array([[0, 0, 1, 0, 0]]))
    with pytest.raises(ValueError, match="integers"):
        whdr(depth, np.array([[0, 0.5, 1, 0, 1]]))
