"""Console hygiene shared by every entry point: quiet known-harmless third-party warnings and
turn a bad-input error into one line on stderr plus a non-zero exit.

Import this module before paddle. DEPTHZOO_VERBOSE=1 turns the third-party warnings back on.
"""
import multiprocessing
import os
import sys
import warnings

# (category, message regex): warnings that say nothing about the user's run
HARMLESS_WARNINGS = (
    (UserWarning, r".*ccache.*"),                       # paddle's C++-extension helper, at import
    (UserWarning, r".*When training, we now always track global mean and variance.*"),
    (DeprecationWarning, r".*"),                        # third-party deprecation notices
)


def verbose():
    return os.environ.get("DEPTHZOO_VERBOSE", "") not in ("", "0")


def quiet_third_party():
    """Silence the warnings above and Paddle's glog INFO/WARNING lines unless DEPTHZOO_VERBOSE=1."""
    if verbose():
        return
    for category, message in HARMLESS_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=category)
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("GLOG_v", "0")


USER_ERRORS = (FileNotFoundError, ValueError, RuntimeError, KeyError, OSError)


def _exit_now(code, message):
    """Print ``message`` and leave at once.

    os._exit, not sys.exit: a DataLoader prefetch thread still blocked on its queue would keep
    the interpreter from exiting (a hang). DataLoader worker processes are killed first: they
    would outlive us and hold our stdout / stderr open (a caller waiting for them hangs too)."""
    sys.stdout.flush()
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    for child in multiprocessing.active_children():
        child.kill()
    os._exit(code)


def run_main(fn, *args):
    """Run ``fn(*args)``; a user error -> ``error: <message>`` and exit status 1."""
    try:
        return fn(*args)
    except USER_ERRORS as e:
        _exit_now(1, "error: {}".format(e.args[0] if isinstance(e, KeyError) and e.args else e))
    except KeyboardInterrupt:
        _exit_now(130, "interrupted")
