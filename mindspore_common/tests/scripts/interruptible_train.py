"""A tiny training that runs for minutes unless interrupted (test_ctrl_c)."""
import mindspore_common
import os, sys, time
import numpy as np
import mindspore.dataset as ds
from mindspore import nn
from mindspore.train import Model
from mindspore_common import callbacks, runtime
runtime.setup_context("CPU", log=lambda *a: None)
class Src:
    def __len__(self):
        return 100000
    def __getitem__(self, i):
        time.sleep(0.002)
        rng = np.random.RandomState(i)
        return rng.randn(3).astype(np.float32), rng.randn(1).astype(np.float32)
data = ds.GeneratorDataset(Src(), ["x", "y"], shuffle=False, num_parallel_workers=2).batch(4)
net = nn.Dense(3, 1)
cell = runtime.train_cell(nn.WithLossCell(net, nn.MSELoss()), nn.Adam(net.trainable_params()), False)
cbs = [callbacks.StopAt(log=lambda m: print(m, flush=True)), callbacks.ProgressMonitor(10**5, 4, log_every=50, log=lambda m: print(m, flush=True)), callbacks.CheckpointSaver(sys.argv[1], "sig", 10**6, 2, {"a": 1})]
Model(cell).train(1, data, callbacks=cbs, dataset_sink_mode=False)
print("finished cleanly", flush=True)
