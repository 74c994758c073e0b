"""Settings of eval.py / export.py / preprocess.py: the shared keys of src/args.py plus the
few that only one entry point reads, declared next to it (passed in as `extra`)."""


def parse_entry_args(argv, extra, description):
    """Namespace of src.args DEFAULTS + `extra` {key: (default, help)} < --ddr_config < flags."""
    from src.args import DEFAULTS, HELP
    from src.configs.parser import parse_config

    defaults = dict(DEFAULTS, **{k: v[0] for k, v in extra.items()})
    helps = dict(HELP, **{k: "%s (default: %%(default)s)" % v[1] for k, v in extra.items()})
    return parse_config(defaults, argv, description, helps)
