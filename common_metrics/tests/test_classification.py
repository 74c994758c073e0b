import numpy as np
import pytest

from common_metrics.classification import TopKAccumulator, topk_accuracy


LOGITS = np.array([
    [0.1, 0.9, 0.0, 0.0, 0.0, 0.0],   # label 1: top1
    [0.5, 0.4, 0.3, 0.2, 0.1, 0.0],   # label 4: rank 4 -> top5 only
    [0.5, 0.4, 0.3, 0.2, 0.1, 0.0],   # label 5: rank 5 -> neither
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],   # label 0, all tied: rank 5 -> neither
])
LABELS = np.array([1, 4, 5, 0])


def test_topk_hand_values():
    assert topk_accuracy(LOGITS, LABELS) == {"top1": 0.25, "top5": 0.5}
    assert topk_accuracy(LOGITS, LABELS, ks=(2,)) == {"top2": 0.25}


def test_accumulator_equals_one_batch():
    acc = TopKAccumulator()
    acc.update(LOGITS[:3], LABELS[:3])
    acc.update(LOGITS[3:], LABELS[3:])
    assert acc.result() == {"top1": 0.25, "top5": 0.5, "num_samples": 4}


def test_classification_errors():
    with pytest.raises(ValueError, match="larger than the number of classes"):
        topk_accuracy(LOGITS, LABELS, ks=(1, 7))
    with pytest.raises(ValueError, match=r"\[0, 6\)"):
        topk_accuracy(LOGITS, np.array([1, 2, 3, 6]))
    with pytest.raises(ValueError, match="shape"):
        topk_accuracy(LOGITS, LABELS[:3])
    with pytest.raises(ValueError, match="integers"):
        topk_accuracy(LOGITS, LABELS.astype(float))
    with pytest.raises(ValueError, match="no sample"):
        TopKAccumulator().result()
