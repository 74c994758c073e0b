"""Command line options (upstream names and defaults, plus --num_workers/--seed/--amp/--freeze_bn
and --no_to_static)."""
import argparse
import os
import sys

file_dir = os.path.dirname(os.path.abspath(__file__))

TRAIN_SPLITS = ["eigen_zhou", "eigen_full", "odom", "benchmark"]
# odometry evaluation (upstream's evaluate_pose.py) is not part of this port
EVAL_SPLITS = ["eigen", "eigen_benchmark", "benchmark"]
SPLIT_FILES = ("train_files.txt", "val_files.txt", "test_files.txt")


def split_dir(name, what="--split"):
    """A split name under splits/ or a path to a folder of split files."""
    if os.path.isdir(name):
        return os.path.abspath(name)
    d = os.path.join(file_dir, "splits", name)
    if os.path.isdir(d):
        return d
    root = os.path.join(file_dir, "splits")
    names = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    raise ValueError("{} {!r} is neither a folder with {} nor one of {}".format(
        what, name, " / ".join(SPLIT_FILES), ", ".join(names)))


class MonodepthOptions(object):
    def __init__(self):
        p = argparse.ArgumentParser(description="Monodepth2 (PaddlePaddle) options")
        a = p.add_argument
        # PATHS
        a("--data_path", type=str, default=os.path.join(file_dir, "kitti_data"),
          help="path to the training data")
        a("--log_dir", type=str, default=os.path.join(os.path.expanduser("~"), "tmp"),
          help="log directory")
        # TRAINING
        a("--model_name", type=str, default="mdp", help="folder name to save the model in")
        a("--split", type=str, default="eigen_zhou",
          help="training split: one of {} or a folder with train/val_files.txt".format(TRAIN_SPLITS))
        a("--num_layers", type=int, default=18, choices=[18, 34, 50, 101, 152])
        a("--dataset", type=str, default="kitti",
          choices=["kitti", "kitti_odom", "kitti_depth", "kitti_test"])
        a("--png", action="store_true", help="images are .png rather than .jpg")
        a("--height", type=int, default=192, help="input image height (multiple of 32)")
        a("--width", type=int, default=640, help="input image width (multiple of 32)")
        a("--disparity_smoothness", type=float, default=1e-3)
        a("--scales", nargs="+", type=int, default=[0, 1, 2, 3])
        a("--min_depth", type=float, default=0.1)
        a("--max_depth", type=float, default=100.0)
        a("--use_stereo", action="store_true", help="use stereo pairs for training")
        a("--frame_ids", nargs="+", type=int, default=[0, -1, 1])
        # OPTIMIZATION
        a("--batch_size", type=int, default=12)
        a("--learning_rate", type=float, default=1e-4)
        a("--num_epochs", type=int, default=20)
        a("--scheduler_step_size", type=int, default=15)
        # ABLATION
        a("--v1_multiscale", action="store_true")
        a("--avg_reprojection", action="store_true")
        a("--disable_automasking", action="store_true")
        a("--predictive_mask", action="store_true")
        a("--no_ssim", action="store_true")
        a("--weights_init", type=str, default="pretrained",
          help="'scratch', or a ResNet weight file (.pdparams, torchvision .pth, .h5); "
               "'pretrained' needs such a file (nothing is downloaded)")
        a("--pose_model_input", type=str, default="pairs", choices=["pairs", "all"])
        a("--pose_model_type", type=str, default="separate_resnet",
          choices=["posecnn", "separate_resnet", "shared"])
        # SYSTEM
        a("--no_cuda", action="store_true")
        a("--num_workers", type=int, default=12)
        a("--seed", type=int, default=42)
        a("--amp", action="store_true",
          help="mixed precision (float16 autocast O1 + GradScaler) on GPU; float32 on CPU")
        a("--freeze_bn", action="store_true", help="keep encoder BatchNorm in eval mode")
        a("--no_to_static", action="store_true",
          help="run the networks in dygraph instead of the paddle.jit.to_static fast path")
        # LOADING
        a("--load_weights_folder", type=str,
          help="fine-tune: load these weights, start at epoch 0 with the given options")
        a("--resume", type=str,
          help="continue an interrupted run from a checkpoint folder (weights_<n> or step_<n>): "
               "epoch, step, optimizer, lr schedule, data order and RNG")
        a("--models_to_load", nargs="+", type=str,
          default=["encoder", "depth", "pose_encoder", "pose"])
        # LOGGING
        a("--log_frequency", type=int, default=250, help="steps between log lines")
        a("--save_frequency", type=int, default=1, help="epochs between saves")
        a("--save_step_frequency", type=int, default=1000,
          help="also write models/step_<n>/ every N steps (0: off), for --resume")
        a("--keep_checkpoints", type=int, default=2, help="step_<n> checkpoints kept (newest)")
        # EVALUATION
        a("--eval_stereo", action="store_true")
        a("--eval_mono", action="store_true")
        a("--disable_median_scaling", action="store_true")
        a("--pred_depth_scale_factor", type=float, default=1)
        a("--ext_disp_to_eval", type=str, help="optional .npy of disparities to evaluate")
        a("--eval_split", type=str, default="eigen",
          help="one of {} or a folder with test_files.txt".format(EVAL_SPLITS))
        a("--save_pred_disps", action="store_true")
        a("--no_eval", action="store_true")
        a("--eval_eigen_to_benchmark", action="store_true")
        a("--eval_out_dir", type=str, help="where --save_pred_disps writes")
        a("--post_process", action="store_true", help="flip post-processing (Monodepth v1)")
        a("--report", type=str, help="write a common_metrics JSON report here (with median "
          "scaling also <name>_baseline.json: a constant prediction under the same protocol)")
        a("--panel", type=str,
          help="write an RGB | prediction | ground truth PNG of the first test image here")
        self.parser = p

    def parse(self, args=None):
        """Parsed options; ``self.given`` holds the dest names given on the command line."""
        argv = sys.argv[1:] if args is None else list(args)
        opt = self.parser.parse_args(argv)
        words = {a.split("=", 1)[0] for a in argv if a.startswith("--")}
        self.given = {act.dest for act in self.parser._actions if words & set(act.option_strings)}
        check_options(opt, self.parser.error)
        return opt


def check_options(opt, error):
    if opt.height % 32 or opt.width % 32 or opt.height < 64 or opt.width < 64:
        error("--height and --width must be multiples of 32, at least 64 (got {}x{})".format(
            opt.height, opt.width))
    if not opt.frame_ids or opt.frame_ids[0] != 0:
        error("--frame_ids must start with 0 (got {})".format(opt.frame_ids))
    if sorted(set(opt.scales)) != sorted(opt.scales) or min(opt.scales) < 0 or max(opt.scales) > 3:
        error("--scales must be distinct values in 0..3 (got {})".format(opt.scales))
    if opt.predictive_mask and not opt.disable_automasking:
        error("--predictive_mask needs --disable_automasking")
    if opt.eval_mono and opt.eval_stereo:
        error("choose one of --eval_mono and --eval_stereo")
    if opt.resume and opt.load_weights_folder:
        error("--resume continues a run; --load_weights_folder starts a new one: choose one")
    for name in ("batch_size", "num_epochs", "log_frequency", "save_frequency", "keep_checkpoints"):
        if getattr(opt, name) < 1:
            error("--{} must be >= 1 (got {})".format(name, getattr(opt, name)))
    if opt.num_workers < 0 or opt.save_step_frequency < 0:
        error("--num_workers and --save_step_frequency must be >= 0")
