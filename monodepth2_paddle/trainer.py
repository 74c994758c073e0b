"""Monodepth2 training loop: models, data, optimisation, validation, checkpoints, resume."""
import json
import os
import random
import time

import numpy as np
import paddle
import paddle.distributed as dist
from paddle.io import DataLoader, DistributedBatchSampler
from tqdm import tqdm

import datasets
import networks
from layers import transformation_from_parameters
from losses import MonodepthLoss
from model_io import load_state
from options import split_dir
from utils import atomic_save, readlines, sec_to_hm_str, setup_seed

DATASETS = {"kitti": datasets.KITTIRAWDataset, "kitti_test": datasets.KITTIRAWDataset,
            "kitti_odom": datasets.KITTIOdomDataset, "kitti_depth": datasets.KITTIDepthDataset}
STATE_FILE = "trainer_state.json"


def resolve_weights_init(value):
    """--weights_init -> False (scratch) or a file path."""
    if value == "scratch":
        return False
    if value == "pretrained":
        raise ValueError("--weights_init pretrained: nothing is downloaded here; pass the path of a "
                         "ResNet weight file (.pdparams, torchvision .pth or .h5) or 'scratch'")
    if not os.path.isfile(value):
        raise FileNotFoundError("--weights_init file not found: {}".format(value))
    return value


def build_models(opt, weights_init=False):
    """Upstream's model dict: encoder, depth, (pose_encoder,) pose, (predictive_mask)."""
    m = {}
    m["encoder"] = networks.ResnetEncoder(opt.num_layers, weights_init)
    m["depth"] = networks.DepthDecoder(m["encoder"].num_ch_enc, opt.scales)
    frame_ids = [f for f in opt.frame_ids if f != "s"]
    use_pose_net = not (opt.use_stereo and frame_ids == [0])
    num_pose_frames = 2 if opt.pose_model_input == "pairs" else len(frame_ids)
    if use_pose_net:
        if opt.pose_model_type == "separate_resnet":
            m["pose_encoder"] = networks.ResnetEncoder(opt.num_layers, weights_init,
                                                       num_input_images=num_pose_frames)
            m["pose"] = networks.PoseDecoder(m["pose_encoder"].num_ch_enc, num_input_features=1,
                                             num_frames_to_predict_for=2)
        elif opt.pose_model_type == "shared":
            m["pose"] = networks.PoseDecoder(m["encoder"].num_ch_enc, num_pose_frames)
        else:
            m["pose"] = networks.PoseCNN(num_pose_frames)
    if opt.predictive_mask:
        m["predictive_mask"] = networks.DepthDecoder(m["encoder"].num_ch_enc, opt.scales,
                                                     num_output_channels=len(frame_ids) - 1)
    return m


def check_split_files(dataset, frame_ids, split_file):
    """Every image a split line needs must exist; one clear error listing the first missing."""
    missing = []
    for folder, idx, side in dataset.filenames:
        for f in frame_ids:
            if f == "s":
                path = dataset.get_image_path(folder, idx, {"l": "r", "r": "l"}[side])
            else:
                path = dataset.get_image_path(folder, idx + f, side)
            if not os.path.isfile(path):
                missing.append(path)
    if missing:
        raise FileNotFoundError("{} image(s) needed by {} are missing, first: {}".format(
            len(missing), split_file, missing[0]))


class Trainer(object):
    def __init__(self, options):
        self.opt = opt = options
        self.rank = dist.get_rank()
        self.world = dist.get_world_size()
        if self.world > 1:
            dist.init_parallel_env()
        self.use_gpu = paddle.is_compiled_with_cuda() and not opt.no_cuda
        paddle.set_device("gpu:{}".format(dist.ParallelEnv().device_id) if self.use_gpu else "cpu")
        self.amp = opt.amp and self.use_gpu
        if opt.amp and not self.amp:
            self.log("--amp: mixed precision needs a GPU; training in float32 on CPU")
        self.log_path = os.path.join(opt.log_dir, opt.model_name)
        setup_seed(opt.seed)  # identical initial weights on every rank

        self.frame_ids = list(opt.frame_ids)
        if opt.use_stereo:
            self.frame_ids.append("s")
        opt.frame_ids = self.frame_ids
        self.use_pose_net = not (opt.use_stereo and opt.frame_ids == [0, "s"])
        self.models = build_models(opt, resolve_weights_init(opt.weights_init)
                                   if not opt.load_weights_folder else False)
        self.depth_net = networks.DepthNet(self.models["encoder"], self.models["depth"])
        self.pose_net = None
        if "pose_encoder" in self.models:
            self.pose_net = networks.PoseNet(self.models["pose_encoder"], self.models["pose"])
        if not opt.no_to_static:
            self.depth_net = paddle.jit.to_static(self.depth_net, full_graph=True)
            if self.pose_net is not None:
                self.pose_net = paddle.jit.to_static(self.pose_net, full_graph=True)

        self.parameters = [p for m in self.models.values() for p in m.parameters()
                           if not p.stop_gradient]
        self.lr = paddle.optimizer.lr.StepDecay(opt.learning_rate, opt.scheduler_step_size, 0.1)
        self.optimizer = paddle.optimizer.Adam(self.lr, parameters=self.parameters)
        self.scaler = paddle.amp.GradScaler() if self.amp else None
        self.epoch, self.step, self.best_val = 0, 0, float("inf")
        if opt.load_weights_folder:
            self.load_model()
        if self.world > 1:
            for m in self.models.values():
                for p in m.state_dict().values():
                    dist.broadcast(p, src=0)

        self.loss = MonodepthLoss(opt)
        self._build_data()
        self.log("Training model named: {}  ->  {}".format(opt.model_name, self.log_path))
        self.log("Using split {}: {} training items, {} validation items".format(
            self.split_path, len(self.train_dataset), len(self.val_dataset)))
        if self.rank == 0:
            self.save_opts()

    # ------------------------------------------------------------------ setup
    def log(self, msg):
        if self.rank == 0:
            tqdm.write(msg)

    def _build_data(self):
        opt = self.opt
        self.split_path = split_dir(opt.split, "--split")
        train_file = os.path.join(self.split_path, "train_files.txt")
        val_file = os.path.join(self.split_path, "val_files.txt")
        dataset_cls = DATASETS[opt.dataset]
        ext = ".png" if opt.png else ".jpg"
        n_scales = len(range(4))  # pyramid 0..3 is always built (scales index into it)
        self.train_dataset = dataset_cls(opt.data_path, readlines(train_file), opt.height, opt.width,
                                         self.frame_ids, n_scales, is_train=True, img_ext=ext)
        self.val_dataset = dataset_cls(opt.data_path, readlines(val_file), opt.height, opt.width,
                                       self.frame_ids, n_scales, is_train=False, img_ext=ext)
        check_split_files(self.train_dataset, self.frame_ids, train_file)
        check_split_files(self.val_dataset, self.frame_ids, val_file)
        if len(self.train_dataset) < opt.batch_size * self.world:
            raise ValueError("{} has {} items, fewer than --batch_size {} x {} process(es)".format(
                train_file, len(self.train_dataset), opt.batch_size, self.world))
        seed = opt.seed

        def worker_init(worker_id):
            np.random.seed(seed + 1000 * self.rank + worker_id)
            random.seed(seed + 1000 * self.rank + worker_id)

        sampler = DistributedBatchSampler(self.train_dataset, opt.batch_size, shuffle=True,
                                          drop_last=True)
        self.train_loader = DataLoader(self.train_dataset, batch_sampler=sampler,
                                       num_workers=opt.num_workers, worker_init_fn=worker_init)
        vsampler = DistributedBatchSampler(self.val_dataset, opt.batch_size, shuffle=False,
                                           drop_last=False)
        self.val_loader = DataLoader(self.val_dataset, batch_sampler=vsampler,
                                     num_workers=opt.num_workers)
        random.seed(seed + 1000 * self.rank)
        np.random.seed(seed + 1000 * self.rank)

    def _runners(self):
        """Models plus the to_static wrappers: a wrapper's own ``training`` flag selects which
        traced program (train or eval BatchNorm) it runs, so it must follow the mode too."""
        return list(self.models.values()) + [n for n in (self.depth_net, self.pose_net) if n is not None]

    def set_train(self):
        for m in self._runners():
            m.train()
        if self.opt.freeze_bn:
            for name in ("encoder", "pose_encoder"):
                if name in self.models:
                    for layer in self.models[name].sublayers():
                        if isinstance(layer, paddle.nn.BatchNorm2D):
                            layer.eval()

    def set_eval(self):
        for m in self._runners():
            m.eval()

    # ------------------------------------------------------------------ forward
    def process_batch(self, inputs):
        opt = self.opt
        outputs = {}
        if opt.pose_model_type == "shared" and self.use_pose_net:
            ids = [f for f in self.frame_ids if f != "s"]
            allc = paddle.concat([inputs[("color_aug", f, 0)] for f in ids])
            feats = [paddle.split(f, len(ids)) for f in self.models["encoder"](allc)]
            features = {f: [x[i] for x in feats] for i, f in enumerate(ids)}
            dec = self.models["depth"](features[0])
            outputs.update({("disp", s): dec[("disp", s)] for s in opt.scales})
        else:
            features = None
            disps = self.depth_net(inputs[("color_aug", 0, 0)])
            outputs.update({("disp", s): d for s, d in zip(opt.scales, disps)})
        if opt.predictive_mask:
            enc = self.models["encoder"](inputs[("color_aug", 0, 0)]) if features is None else features[0]
            outputs["predictive_mask"] = self.models["predictive_mask"](enc)
        if self.use_pose_net:
            outputs.update(self.predict_poses(inputs, features))
        self.loss.generate_images_pred(inputs, outputs)
        return outputs, self.loss.compute_losses(inputs, outputs)

    def _pose(self, frames):
        """frames: list of colour tensors or (shared) feature lists, in temporal order."""
        t = self.opt.pose_model_type
        if t == "shared":
            return self.models["pose"](frames)
        x = paddle.concat(frames, axis=1)
        return self.pose_net(x) if t == "separate_resnet" else self.models["pose"](x)

    def predict_poses(self, inputs, features):
        opt = self.opt
        outputs = {}
        src = features if opt.pose_model_type == "shared" else \
            {f: inputs[("color_aug", f, 0)] for f in self.frame_ids if f != "s"}
        if opt.pose_model_input == "pairs":
            for f in self.frame_ids[1:]:
                if f == "s":
                    continue
                pair = [src[f], src[0]] if f < 0 else [src[0], src[f]]
                axisangle, translation = self._pose(pair)
                outputs[("axisangle", 0, f)] = axisangle
                outputs[("translation", 0, f)] = translation
                outputs[("cam_T_cam", 0, f)] = transformation_from_parameters(
                    axisangle[:, 0], translation[:, 0], invert=(f < 0))
        else:
            ids = [f for f in self.frame_ids if f != "s"]
            axisangle, translation = self._pose([src[f] for f in ids])
            for i, f in enumerate(ids[1:]):
                outputs[("axisangle", 0, f)] = axisangle
                outputs[("translation", 0, f)] = translation
                outputs[("cam_T_cam", 0, f)] = transformation_from_parameters(
                    axisangle[:, i], translation[:, i])
        return outputs

    # ------------------------------------------------------------------ loop
    def train(self):
        opt = self.opt
        self.start_time = time.time()
        self.num_total_steps = len(self.train_loader) * opt.num_epochs
        for self.epoch in range(self.epoch, opt.num_epochs):
            self.run_epoch()
            self.sync_buffers()
            val_loss = self.val()
            improved = val_loss < self.best_val
            if improved:
                self.best_val = val_loss
            self.log("epoch {} done: val loss {:.5f}{}".format(
                self.epoch, val_loss, " (best)" if improved else ""))
            if (self.epoch + 1) % opt.save_frequency == 0:
                self.save_model("weights_{}".format(self.epoch))
            if improved:
                self.save_model("weights_best")

    def train_step(self, inputs):
        """One optimisation step on a collated batch; returns the loss (python float)."""
        if self.amp:
            with paddle.amp.auto_cast(level="O1"):
                outputs, losses = self.process_batch(inputs)
            self.optimizer.clear_grad()
            self.scaler.scale(losses["loss"]).backward()
            self.allreduce_grads()
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            outputs, losses = self.process_batch(inputs)
            self.optimizer.clear_grad()
            losses["loss"].backward()
            self.allreduce_grads()
            self.optimizer.step()
        return float(losses["loss"])

    def run_epoch(self):
        opt = self.opt
        self.set_train()
        bar = tqdm(self.train_loader, desc="epoch {}".format(self.epoch), disable=self.rank != 0,
                   dynamic_ncols=True)
        for batch_idx, inputs in enumerate(bar):
            t0 = time.time()
            loss = self.train_step(inputs)
            if not np.isfinite(loss):
                raise FloatingPointError("loss became {} at epoch {} step {}".format(
                    loss, self.epoch, self.step))
            dt = time.time() - t0
            self.step += 1
            ips = opt.batch_size * self.world / max(dt, 1e-9)
            bar.set_postfix(loss="{:.4f}".format(loss), img_s="{:.2f}".format(ips))
            if batch_idx % opt.log_frequency == 0:
                elapsed = time.time() - self.start_time
                left = (self.num_total_steps / max(self.step, 1) - 1.0) * elapsed
                self.log("epoch {:>3} | batch {:>6} | examples/s: {:5.2f} | loss: {:.5f} | "
                         "time elapsed: {} | time left: {}".format(
                             self.epoch, batch_idx, ips, loss, sec_to_hm_str(elapsed),
                             sec_to_hm_str(left)))
        self.lr.step()

    def val(self):
        """Mean loss over the validation split (all ranks)."""
        self.set_eval()
        total, count = 0.0, 0
        with paddle.no_grad():
            for inputs in self.val_loader:
                _, losses = self.process_batch(inputs)
                n = inputs[("color", 0, 0)].shape[0]
                total += float(losses["loss"]) * n
                count += n
        if self.world > 1:
            t = paddle.to_tensor([total, float(count)], dtype="float64")
            dist.all_reduce(t)
            total, count = float(t[0]), float(t[1])
        self.set_train()
        return total / max(count, 1)

    # ------------------------------------------------------------------ distributed
    def allreduce_grads(self):
        if self.world == 1:
            return
        for p in self.parameters:
            if p.grad is not None:
                dist.all_reduce(p.grad)
                p.grad.set_value(p.grad * (1.0 / self.world))

    def sync_buffers(self):
        """Average BatchNorm running statistics so every rank holds the same weights."""
        if self.world == 1:
            return
        for m in self.models.values():
            for name, p in m.state_dict().items():
                if name.endswith("_mean") or name.endswith("_variance"):
                    dist.all_reduce(p)
                    p.set_value(p * (1.0 / self.world))

    # ------------------------------------------------------------------ save / load
    def save_opts(self):
        os.makedirs(os.path.join(self.log_path, "models"), exist_ok=True)
        opts = {k: v for k, v in vars(self.opt).items()}
        tmp = os.path.join(self.log_path, "models", "opt.json.tmp")
        with open(tmp, "w") as f:
            json.dump(opts, f, indent=2)
        os.replace(tmp, os.path.join(self.log_path, "models", "opt.json"))

    def save_model(self, folder_name):
        if self.rank != 0:
            return
        folder = os.path.join(self.log_path, "models", folder_name)
        os.makedirs(folder, exist_ok=True)
        for name, model in self.models.items():
            state = dict(model.state_dict())
            if name == "encoder":
                state["height"] = np.array(self.opt.height)
                state["width"] = np.array(self.opt.width)
                state["use_stereo"] = np.array(self.opt.use_stereo)
            atomic_save(state, os.path.join(folder, name + ".pdparams"))
        atomic_save(self.portable_optimizer_state(), os.path.join(folder, "adam.pdopt"))
        state = {"epoch": self.epoch, "step": self.step, "best_val": self.best_val,
                 "lr_epoch": self.lr.last_epoch}
        tmp = os.path.join(folder, STATE_FILE + ".tmp")
        with open(tmp, "w") as f:
            json.dump(state, f)
        os.replace(tmp, os.path.join(folder, STATE_FILE))

    def _param_names(self):
        """Paddle's automatic parameter name -> '<model>/<structured name>' (stable across runs)."""
        return {p.name: "{}/{}".format(m, k) for m, model in self.models.items()
                for k, p in model.named_parameters()}

    def portable_optimizer_state(self):
        """Adam state keyed by structured names instead of creation-order names (conv2d_17.w_0)."""
        names = sorted(self._param_names().items(), key=lambda kv: -len(kv[0]))
        out = {}
        for k, v in self.optimizer.state_dict().items():
            for auto, stable in names:
                if k.startswith(auto + "_"):
                    k = stable + "@" + k[len(auto) + 1:]
                    break
            out[k] = v
        return out

    def load_portable_optimizer_state(self, state, path):
        back = {stable: auto for auto, stable in self._param_names().items()}
        out = {}
        for k, v in state.items():
            if "@" in k:
                stable, acc = k.split("@", 1)
                if stable not in back:
                    raise ValueError("{}: optimizer state for unknown parameter {}".format(path, stable))
                k = back[stable] + "_" + acc
            out[k] = v
        self.optimizer.set_state_dict(out)

    def load_model(self):
        folder = os.path.expanduser(self.opt.load_weights_folder)
        if not os.path.isdir(folder):
            raise FileNotFoundError("--load_weights_folder not found: {}".format(folder))
        self.log("loading model from folder {}".format(folder))
        for name in self.opt.models_to_load:
            if name not in self.models:
                continue
            load_state(self.models[name], os.path.join(folder, name + ".pdparams"))
        opt_file = os.path.join(folder, "adam.pdopt")
        if os.path.isfile(opt_file):
            self.load_portable_optimizer_state(paddle.load(opt_file), opt_file)
            self.log("loaded optimizer state {}".format(opt_file))
        state_file = os.path.join(folder, STATE_FILE)
        if os.path.isfile(state_file):
            with open(state_file) as f:
                st = json.load(f)
            self.epoch = int(st["epoch"]) + 1
            self.step = int(st["step"])
            self.best_val = float(st["best_val"])
            self.lr.step(int(st["lr_epoch"]))
            self.log("resuming at epoch {} (step {})".format(self.epoch, self.step))

