"""Console hygiene shared by every entry point: quiet known-harmless third-party warnings and
turn a bad-input error into one line on stderr plus a non-zero exit.

Import this module before paddle. DEPTHZOO_VERBOSE=1 turns the third-party warnings back on.
"""
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


def run_main(fn, *args):
    """Run ``fn(*args)``; a user error -> ``error: <message>`` and exit status 1.

    os._exit, not sys.exit: a DataLoader prefetch thread or worker process still blocked on its
    queue would otherwise keep the interpreter from exiting (the run would hang)."""
    try:
        return fn(*args)
    except USER_ERRORS as e:
        msg = e.args[0] if isinstance(e, KeyError) and e.args else e
        sys.stdout.flush()
        sys.stderr.write("error: {}\n".format(msg))
        sys.stderr.flush()
        os._exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
        os._exit(130)
