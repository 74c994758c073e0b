"""Run a command as a user would (tests of scripts and entry points)."""
import os
import subprocess
import sys


def run_cmd(cmd, cwd, env=None, timeout=300):
    """CompletedProcess of ``cmd`` (list or shell string) with stdout+stderr merged in ``.stdout``."""
    full_env = dict(os.environ)
    # the interpreter running the tests is the one a user would have activated
    full_env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + full_env.get("PATH", "")
    full_env.update(env or {})
    return subprocess.run(cmd, cwd=cwd, env=full_env, shell=isinstance(cmd, str), timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          stdin=subprocess.DEVNULL)
