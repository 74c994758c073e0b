"""Write a dataset folder atomically: render into a temp dir next to it, then rename."""
import contextlib
import os
import shutil
import tempfile


class DatasetExistsError(FileExistsError):
    """The target folder exists and is not empty (and overwriting was not asked for)."""


def check_target(target, overwrite=False):
    """Raise a clear error if ``target`` cannot receive a new dataset."""
    target = os.path.abspath(target)
    if os.path.exists(target) and not os.path.isdir(target):
        raise DatasetExistsError("output path %s exists and is not a directory" % target)
    if os.path.isdir(target) and os.listdir(target) and not overwrite:
        raise DatasetExistsError(
            "output directory %s is not empty; pass --overwrite (overwrite=True) to replace it"
            % target)
    return target


@contextlib.contextmanager
def atomic_directory(target, overwrite=False):
    """Yield a temp directory; on success it replaces ``target`` in one rename.

    On any error the temp directory is removed and ``target`` is left untouched.
    """
    target = check_target(target, overwrite)
    parent = os.path.dirname(target)
    if not os.path.isdir(parent):
        os.makedirs(parent)
    tmp = tempfile.mkdtemp(prefix="." + os.path.basename(target) + ".tmp-", dir=parent)
    os.chmod(tmp, 0o755)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if os.path.isdir(target):
        if os.listdir(target):
            old = tempfile.mkdtemp(prefix="." + os.path.basename(target) + ".old-", dir=parent)
            os.rmdir(old)
            os.rename(target, old)
        else:
            os.rmdir(target)
    os.rename(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
