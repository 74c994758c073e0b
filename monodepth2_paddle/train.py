"""Train Monodepth2: python train.py --model_name NAME --data_path KITTI [--use_stereo] ...

With no --data_path and no kitti_data folder it trains on the sample drives `make demo` writes.
DEPTHZOO_MAX_STEPS / DEPTHZOO_TIME_LIMIT cap a run (a checkpoint is still written);
DEPTHZOO_VERBOSE=1 shows third-party warnings.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import console  # noqa: E402  (before paddle: silences its import-time warnings)

console.quiet_third_party()

from options import MonodepthOptions  # noqa: E402


def train(opt, given):
    from fallbacks import use_sample_data
    from trainer import Trainer
    use_sample_data(opt, given, print)
    Trainer(opt).train()


def main(args=None):
    options = MonodepthOptions()
    opt = options.parse(args)
    console.run_main(train, opt, options.given)


if __name__ == "__main__":
    main()
