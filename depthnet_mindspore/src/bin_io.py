"""The float32 ``.bin`` files of the offline flow (preprocess -> MINDIR runner -> postprocess)."""
import numpy as np


def read_bin(path, item_shape, what="input"):
    """(N,) + ``item_shape`` float32 array of ``path``; ValueError naming the file on a size mismatch."""
    data = np.fromfile(path, dtype=np.float32)
    size = int(np.prod(item_shape))
    if data.size == 0 or data.size % size:
        raise ValueError("%s %s holds %d float32 values, not a multiple of %s"
                         % (what, path, data.size, "x".join(str(d) for d in item_shape)))
    return data.reshape((-1,) + tuple(item_shape))


def write_bin(path, array):
    np.ascontiguousarray(array, np.float32).tofile(path)
