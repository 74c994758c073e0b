"""Stand-in: importing the real module registers NPU ops; nothing to register on CPU."""
