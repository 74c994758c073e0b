"""DataLoader whose data errors reach the training / evaluation loop as one DataError.

An exception raised inside a paddle DataLoader prefetch thread (num_workers 0) or worker process
is printed there as a traceback and then either ends the epoch early or leaves the main loop
waiting on its queue (a hang, or "Blocking queue is killed"). Here a DataError travels as an
ordinary batch (its message as a uint8 array, which the loader carries like any tensor) and is
raised again in the main thread by ``checked``.
"""
import numpy as np
from paddle.io import DataLoader, Dataset
from paddle.io.dataloader.collate import default_collate_fn

from .mono_dataset import DataError

ERROR_KEY = "data_error"


class CatchDataErrors(Dataset):
    """``dataset`` with DataError turned into an item ``{ERROR_KEY: message}``."""

    def __init__(self, dataset):
        super().__init__()
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        try:
            return self.dataset[index]
        except DataError as e:
            return {ERROR_KEY: np.frombuffer(str(e).encode("utf-8"), np.uint8).copy()}


def collate_or_error(items):
    """Paddle's default collation, or the first error item of the batch as it is."""
    for item in items:
        if ERROR_KEY in item:
            return {ERROR_KEY: item[ERROR_KEY][None]}
    return default_collate_fn(items)


def make_loader(dataset, **kwargs):
    return DataLoader(CatchDataErrors(dataset), collate_fn=collate_or_error, **kwargs)


def checked(loader):
    """Batches of ``loader``; a data error is raised here, in the caller's thread."""
    for batch in loader:
        if ERROR_KEY in batch:
            message = batch[ERROR_KEY]
            message = message.numpy() if hasattr(message, "numpy") else np.asarray(message)
            raise DataError(message.tobytes().decode("utf-8", "replace"))
        yield batch
