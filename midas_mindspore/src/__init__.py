"""MiDaS v2.1 in MindSpore; the shared helper caps the oneDNN ISA before MindSpore loads."""
import mindspore_common  # noqa: F401  (must precede any mindspore import)
