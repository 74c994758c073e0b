"""Run by test_train.py under paddle.distributed.launch: train, then save this rank's weights."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402
import paddle.distributed as dist  # noqa: E402

from options import MonodepthOptions  # noqa: E402
from trainer import Trainer  # noqa: E402


def main():
    out = sys.argv[1]
    trainer = Trainer(MonodepthOptions().parse(sys.argv[2:]))
    trainer.train()
    arrays = {"{}/{}".format(m, k): v.numpy() for m, model in trainer.models.items()
              for k, v in model.state_dict().items()}
    np.savez(os.path.join(out, "rank{}.npz".format(dist.get_rank())), **arrays)


if __name__ == "__main__":
    main()
