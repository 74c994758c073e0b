"""The users' step / time caps honoured by training: DEPTHZOO_MAX_STEPS, DEPTHZOO_TIME_LIMIT."""
import os
import time


def _env_number(name, cast):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = cast(raw)
    except ValueError:
        raise ValueError("{}={!r} is not a number".format(name, raw))
    if value <= 0:
        raise ValueError("{}={!r} must be > 0".format(name, raw))
    return value


class RunLimits(object):
    """Stop after ``max_steps`` optimiser steps of this run or ``time_limit`` seconds."""

    def __init__(self, max_steps=None, time_limit=None):
        self.max_steps = max_steps
        self.time_limit = time_limit
        self.start = time.time()
        self.steps = 0

    @classmethod
    def from_env(cls):
        return cls(_env_number("DEPTHZOO_MAX_STEPS", int), _env_number("DEPTHZOO_TIME_LIMIT", float))

    def step_done(self):
        self.steps += 1

    def reason(self):
        """None while the run may go on, else a sentence saying which cap stopped it."""
        if self.max_steps is not None and self.steps >= self.max_steps:
            return "DEPTHZOO_MAX_STEPS={} reached".format(self.max_steps)
        if self.time_limit is not None and time.time() - self.start >= self.time_limit:
            return "DEPTHZOO_TIME_LIMIT={:g} s reached".format(self.time_limit)
        return None
