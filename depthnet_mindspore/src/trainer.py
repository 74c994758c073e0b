"""Step loop shared by the coarse and fine stages: progress bar, loss / images/s / ETA logs,
periodic atomic checkpoints with the full training state, and resume."""
import math
import os
import time

import mindspore as ms
from tqdm import tqdm

from src.checkpoint import find_latest, load_params, periodic_name, save_atomic


def resume_step(train_cell, ckpt_dir, prefix, rank_suffix, resume, log=print):
    """Load the newest ``<prefix>_<step>.ckpt`` into ``train_cell``; return the step to start from."""
    if not resume:
        return 0
    path = find_latest(ckpt_dir, prefix, rank_suffix)
    if path is None:
        log("resume: no %s_<step>%s.ckpt in %s, starting at step 0" % (prefix, rank_suffix, ckpt_dir))
        return 0
    params = load_params(path, "resume checkpoint")
    if "step" not in params:
        raise ValueError("resume checkpoint %s has no 'step' entry" % path)
    step = int(params.pop("step").asnumpy())
    ms.load_param_into_net(train_cell, params, strict_load=False)
    log("resume: loaded %s, continuing at step %d" % (path, step))
    return step


def _fmt_eta(seconds):
    seconds = int(max(seconds, 0))
    return "%d:%02d:%02d" % (seconds // 3600, seconds % 3600 // 60, seconds % 60)


def run_stage(name, step_fn, train_cell, dataset, total_steps, ckpt_dir, prefix, rank_suffix="",
              start_step=0, save_every=0, log_every=10, batch_size=1, log=print, show_bar=True, time_limit=0.0):
    """Run ``step_fn(batch) -> loss`` from ``start_step`` to ``total_steps``.

    ``dataset`` is a batched mindspore dataset; epochs are repeated as needed and
    the batches already consumed before a resume are skipped. Every ``save_every``
    steps the whole ``train_cell`` (weights + optimizer state) is written atomically to
    ``<ckpt_dir>/<prefix>_<step><rank_suffix>.ckpt``. With ``time_limit`` > 0 (seconds) the
    stage stops early once that much time has passed. Returns the last loss.
    """
    steps_per_epoch = dataset.get_dataset_size()
    if steps_per_epoch <= 0:
        raise ValueError("the %s training set gives no full batch" % name)
    step, loss_val = start_step, float("nan")
    if step >= total_steps:
        log("%s: already at step %d of %d" % (name, step, total_steps))
        return loss_val
    epochs_left = math.ceil((total_steps - step) / steps_per_epoch) + 1
    iterator = dataset.create_tuple_iterator(num_epochs=epochs_left)
    skip = step % steps_per_epoch
    bar = tqdm(total=total_steps, initial=step, desc=name, unit="step", disable=not show_bar, dynamic_ncols=True)
    t0, done = time.time(), 0
    while step < total_steps:
        for batch in iterator:
            if skip:
                skip -= 1
                continue
            loss_val = float(step_fn(*batch))
            if not math.isfinite(loss_val):
                raise FloatingPointError("%s: loss became %s at step %d" % (name, loss_val, step))
            step += 1
            done += 1
            elapsed = time.time() - t0
            ips = done * batch_size / max(elapsed, 1e-9)
            eta = (total_steps - step) * elapsed / done
            bar.update(1)
            bar.set_postfix(loss="%.4f" % loss_val, img_s="%.2f" % ips)
            if step % log_every == 0 or step == total_steps or step == start_step + 1:
                log("training %s, step: %d/%d loss: %.5f images/s: %.2f ETA: %s"
                    % (name, step, total_steps, loss_val, ips, _fmt_eta(eta)))
            if save_every and step % save_every == 0:
                save_atomic(train_cell, os.path.join(ckpt_dir, periodic_name(prefix, step, rank_suffix)),
                            append_dict={"step": step})
            if time_limit and elapsed >= time_limit and step < total_steps:
                log("%s: time limit of %.0f s reached at step %d of %d" % (name, time_limit, step, total_steps))
                total_steps = step
            if step >= total_steps:
                break
    bar.close()
    if save_every and step % save_every:
        save_atomic(train_cell, os.path.join(ckpt_dir, periodic_name(prefix, step, rank_suffix)),
                    append_dict={"step": step})
    return loss_val
