"""Train Monodepth2: python train.py --model_name NAME --data_path KITTI [--use_stereo] ..."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from options import MonodepthOptions  # noqa: E402


def main(args=None):
    opts = MonodepthOptions().parse(args)
    from trainer import Trainer
    try:
        trainer = Trainer(opts)
    except (FileNotFoundError, ValueError, RuntimeError) as e:
        sys.exit("error: {}".format(e))
    trainer.train()


if __name__ == "__main__":
    main()
