"""DepthNet (Eigen et al. 2014) coarse + fine networks for MindSpore."""
import mindspore_common  # noqa: F401  (ONEDNN_MAX_CPU_ISA and GLOG_v before mindspore is imported)
