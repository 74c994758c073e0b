"""YAML config + command-line flags: every config key is a flag, unknown keys are errors."""
import argparse
import json
import os

import yaml


def load_yaml(path):
    """The mapping stored in ``path`` (yaml.safe_load); ValueError naming the file otherwise."""
    if not os.path.isfile(path):
        raise FileNotFoundError("config file not found: %s" % path)
    try:
        with open(path) as f:
            data = yaml.safe_load(f)
    except yaml.YAMLError as exc:
        raise ValueError("config file %s is not valid YAML: %s" % (path, str(exc).splitlines()[0]))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValueError("config file %s must hold a mapping of keys to values" % path)
    return data


def _bool(text):
    low = str(text).strip().lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError("expected true/false, got %r" % text)


def _list_of(kind):
    def parse(text):
        text = text.strip()
        if text.startswith("["):
            try:
                values = json.loads(text)
            except ValueError:
                raise argparse.ArgumentTypeError("not a JSON list: %r" % text)
        else:
            values = [v for v in text.split(",") if v.strip()]
        try:
            return [kind(v) for v in values]
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError("expected a list of %s, got %r" % (kind.__name__, text))
    return parse


def _type_of(default):
    if isinstance(default, bool):
        return _bool
    if isinstance(default, int):
        return int
    if isinstance(default, float):
        return float
    if isinstance(default, (list, tuple)):
        kinds = {type(v) for v in default}
        kind = float if float in kinds else (int if kinds == {int} else str)
        return _list_of(kind)
    return str  # strings and null defaults


class _Parser(argparse.ArgumentParser):
    """argparse that raises ValueError (one line, names the flag) instead of exiting."""

    def error(self, message):
        raise ValueError(message)


def parse_with_config(defaults, argv=None, description=None, config_flag="--config_path",
                      config_path=None, help=None):
    """Namespace of ``defaults`` overridden by the yaml at ``--config_path`` then by flags.

    Every key of ``defaults`` is a ``--key`` flag typed from its default value. A key in the
    yaml file or on the command line that ``defaults`` does not know is a ValueError naming it.
    """
    help = help or {}
    pre = _Parser(add_help=False)
    pre.add_argument(config_flag, default=config_path)
    known, _ = pre.parse_known_args(argv)
    path = getattr(known, config_flag.lstrip("-"))
    values = dict(defaults)
    if path:
        loaded = load_yaml(path)
        unknown = sorted(set(loaded) - set(defaults))
        if unknown:
            raise ValueError("config file %s: unknown key(s) %s (known: %s)"
                             % (path, ", ".join(unknown), ", ".join(sorted(defaults))))
        values.update(loaded)
    parser = _Parser(description=description, allow_abbrev=False)
    parser.add_argument(config_flag, default=path, help="yaml config file (default %(default)s)")
    for key, default in defaults.items():
        parser.add_argument("--" + key, type=_type_of(default), default=values[key],
                            metavar=key.upper(), help=help.get(key, "(default: %(default)s)"))
    try:
        args, extra = parser.parse_known_args(argv)
    except ValueError as exc:
        raise ValueError("command line: %s" % exc)
    if extra:
        raise ValueError("unknown flag(s) %s (see --help)" % " ".join(extra))
    return args
