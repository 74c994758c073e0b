"""Monodepth2 training loop: models, data, optimisation, validation, checkpoints, resume."""
import json
import os
import time

import numpy as np
import paddle
import paddle.distributed as dist
from paddle.io import DistributedBatchSampler
from tqdm import tqdm

import checkpoint
import datasets
from datasets.loader import checked, make_loader
import networks
from fallbacks import resolve_weights_init
from layers import transformation_from_parameters
from limits import RunLimits
from losses import MonodepthLoss
from options import split_dir
from utils import readlines, sec_to_hm_str, setup_seed

DATASETS = {"kitti": datasets.KITTIRAWDataset, "kitti_test": datasets.KITTIRAWDataset,
            "kitti_odom": datasets.KITTIOdomDataset, "kitti_depth": datasets.KITTIDepthDataset}


def build_models(opt, weights_init=False):
    """Upstream's model dict: encoder, depth, (pose_encoder,) pose, (predictive_mask).
    ``opt.frame_ids`` includes "s" for stereo training, as in upstream's Trainer."""
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
        # one mask channel per source frame, the stereo frame included (upstream)
        m["predictive_mask"] = networks.DepthDecoder(m["encoder"].num_ch_enc, opt.scales,
                                                     num_output_channels=len(opt.frame_ids) - 1)
    return m


class ResumableBatchSampler(DistributedBatchSampler):
    """Paddle's DistributedBatchSampler (epoch-seeded shuffle via set_epoch) that can start an
    epoch at batch ``skip``, without loading the skipped images, to resume mid-epoch."""
    skip = 0

    def __iter__(self):
        for i, batch in enumerate(super().__iter__()):
            if i >= self.skip:
                yield batch


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
            # Paddle 3.3's auto_cast has no effect on CPU places (it says so and runs float32)
            self.log("--amp: mixed precision needs a GPU; training in float32 on CPU")
        self.log_path = os.path.join(opt.log_dir, opt.model_name)
        setup_seed(opt.seed)  # identical initial weights on every rank

        self.frame_ids = list(opt.frame_ids)
        if opt.use_stereo:
            self.frame_ids.append("s")
        opt.frame_ids = self.frame_ids
        self.use_pose_net = not (opt.use_stereo and opt.frame_ids == [0, "s"])
        weights_init = False if (opt.load_weights_folder or opt.resume) else \
            resolve_weights_init(opt.weights_init, opt.num_layers, self.log)
        self.models = build_models(opt, weights_init)
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
        self.epoch, self.batch, self.step, self.best_val = 0, 0, 0, float("inf")
        if opt.resume:
            self.resume(opt.resume)
        elif opt.load_weights_folder:
            checkpoint.load_weights(self.models, opt.load_weights_folder, opt.models_to_load, self.log)
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
        n_scales = 4  # pyramid 0..3 is always built (scales index into it)
        self.train_dataset = dataset_cls(opt.data_path, readlines(train_file), opt.height, opt.width,
                                         self.frame_ids, n_scales, is_train=True, img_ext=ext,
                                         seed=opt.seed)
        self.val_dataset = dataset_cls(opt.data_path, readlines(val_file), opt.height, opt.width,
                                       self.frame_ids, n_scales, is_train=False, img_ext=ext)
        self.train_dataset.check_files(train_file)
        self.val_dataset.check_files(val_file)
        if len(self.train_dataset) < opt.batch_size * self.world:
            raise ValueError("{} has {} items, fewer than --batch_size {} x {} process(es)".format(
                train_file, len(self.train_dataset), opt.batch_size, self.world))
        self.sampler = ResumableBatchSampler(self.train_dataset, opt.batch_size, shuffle=True,
                                             drop_last=True)
        self.train_loader = make_loader(self.train_dataset, batch_sampler=self.sampler,
                                        num_workers=opt.num_workers)
        vsampler = DistributedBatchSampler(self.val_dataset, opt.batch_size, shuffle=False,
                                           drop_last=False)
        self.val_loader = make_loader(self.val_dataset, batch_sampler=vsampler,
                                      num_workers=opt.num_workers)

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
        features = None
        if opt.pose_model_type == "shared" and self.use_pose_net:
            ids = [f for f in self.frame_ids if f != "s"]
            allc = paddle.concat([inputs[("color_aug", f, 0)] for f in ids])
            feats = [paddle.split(f, len(ids)) for f in self.models["encoder"](allc)]
            features = {f: [x[i] for x in feats] for i, f in enumerate(ids)}
            depth_features = features[0]
        elif opt.predictive_mask:
            # the mask decoder reads the depth encoder's features: one encoder pass per step
            depth_features = self.models["encoder"](inputs[("color_aug", 0, 0)])
        else:
            depth_features = None
            disps = self.depth_net(inputs[("color_aug", 0, 0)])
            outputs.update({("disp", s): d for s, d in zip(opt.scales, disps)})
        if depth_features is not None:
            dec = self.models["depth"](depth_features)
            outputs.update({("disp", s): dec[("disp", s)] for s in opt.scales})
        if opt.predictive_mask:
            outputs["predictive_mask"] = self.models["predictive_mask"](depth_features)
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
        """Epochs from the current position; returns the reason a user cap stopped it, or None."""
        opt = self.opt
        self.limits = RunLimits.from_env()
        self.start_time = time.time()
        self.start_step = self.step
        self.num_total_steps = len(self.sampler) * opt.num_epochs
        while self.epoch < opt.num_epochs:
            reason = self.run_epoch()
            if reason is not None:
                folder = self.save_step_checkpoint()
                self.log("-> stopped at step {} ({}); checkpoint {} (continue with --resume {})"
                         .format(self.step, reason, folder, folder))
                return reason
            self.lr.step()
            self.sync_buffers()
            val_loss = self.val()
            improved = val_loss < self.best_val
            if improved:
                self.best_val = val_loss
            self.log("epoch {} done: val loss {:.5f}{}".format(
                self.epoch, val_loss, " (best)" if improved else ""))
            done = self.epoch
            self.epoch, self.batch = self.epoch + 1, 0
            if (done + 1) % opt.save_frequency == 0 or self.epoch == opt.num_epochs:
                self.save_model("weights_{}".format(done))
            if improved:
                self.save_model("weights_best")
        return None

    def train_step(self, inputs):
        """One optimisation step on a collated batch; returns the loss (python float)."""
        self.optimizer.clear_grad()
        if self.amp:
            with paddle.amp.auto_cast(level="O1"):
                outputs, losses = self.process_batch(inputs)
            loss = losses["loss"]
            self.scaler.scale(loss).backward()
            self.allreduce_grads()
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            outputs, losses = self.process_batch(inputs)
            loss = losses["loss"]
            loss.backward()
            self.allreduce_grads()
            self.optimizer.step()
        return float(loss)

    def run_epoch(self):
        """Batches self.batch.. of epoch self.epoch; returns a stop reason or None when done."""
        opt = self.opt
        self.set_train()
        self.sampler.set_epoch(self.epoch)
        self.sampler.skip = self.batch
        self.train_dataset.epoch = self.epoch
        bar = tqdm(checked(self.train_loader), desc="epoch {}".format(self.epoch), disable=self.rank != 0,
                   dynamic_ncols=True, initial=self.batch, total=len(self.sampler))
        for inputs in bar:
            t0 = time.time()
            paddle.seed(opt.seed + self.step)  # per-step RNG (auto-mask noise): resumable
            loss = self.train_step(inputs)
            if not np.isfinite(loss):
                raise FloatingPointError("loss became {} at epoch {} step {}".format(
                    loss, self.epoch, self.step))
            batch_idx = self.batch
            self.step += 1
            self.batch += 1
            self.limits.step_done()
            ips = opt.batch_size * self.world / max(time.time() - t0, 1e-9)
            bar.set_postfix(loss="{:.4f}".format(loss), img_s="{:.2f}".format(ips))
            if batch_idx % opt.log_frequency == 0:
                elapsed = time.time() - self.start_time
                done = max(self.step - self.start_step, 1)
                left = (self.num_total_steps - self.step) * elapsed / done
                self.log("epoch {:>3} | batch {:>6} | examples/s: {:5.2f} | loss: {:.5f} | "
                         "time elapsed: {} | time left: {}".format(
                             self.epoch, batch_idx, ips, loss, sec_to_hm_str(elapsed),
                             sec_to_hm_str(left)))
            if opt.save_step_frequency and self.step % opt.save_step_frequency == 0:
                self.save_step_checkpoint()
            reason = self.limits.reason()
            if reason is not None:
                bar.close()
                return reason
        return None

    def val(self):
        """Mean loss over the validation split (all ranks)."""
        self.set_eval()
        total, count = 0.0, 0
        with paddle.no_grad():
            for inputs in checked(self.val_loader):
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
    def _opts_dict(self):
        return json.loads(json.dumps(vars(self.opt)))

    def save_opts(self):
        folder = os.path.join(self.log_path, "models")
        os.makedirs(folder, exist_ok=True)
        checkpoint._write_json(self._opts_dict(), os.path.join(folder, checkpoint.OPTS_FILE))

    def trainer_state(self):
        return {"next_epoch": self.epoch, "next_batch": self.batch, "step": self.step,
                "best_val": self.best_val if np.isfinite(self.best_val) else None,
                "lr_epoch": self.lr.last_epoch}

    def save_model(self, folder_name):
        if self.rank != 0:
            return None
        folder = os.path.join(self.log_path, "models", folder_name)
        checkpoint.save_checkpoint(folder, self.models, self.optimizer, self.trainer_state(),
                                   self._opts_dict(), {"height": self.opt.height,
                                                       "width": self.opt.width,
                                                       "use_stereo": self.opt.use_stereo})
        return folder

    def save_step_checkpoint(self):
        """Mid-epoch checkpoint models/step_<n>/; the newest --keep_checkpoints are kept."""
        folder = self.save_model(checkpoint.STEP_PREFIX + str(self.step))
        if self.rank == 0:
            checkpoint.prune_step_checkpoints(os.path.join(self.log_path, "models"),
                                              self.opt.keep_checkpoints)
        return folder

    def resume(self, folder):
        st = checkpoint.read_resume_state(folder, self._opts_dict())
        checkpoint.restore(self.models, self.optimizer, os.path.expanduser(folder))
        self.epoch, self.batch, self.step = int(st["next_epoch"]), int(st["next_batch"]), int(st["step"])
        self.best_val = float("inf") if st["best_val"] is None else float(st["best_val"])
        self.lr.last_epoch = int(st["lr_epoch"]) - 1
        self.lr.step()  # recomputes last_lr for that epoch
        self.log("-> resuming {} at epoch {}, batch {} (step {})".format(
            folder, self.epoch, self.batch, self.step))
