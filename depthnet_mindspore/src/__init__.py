"""DepthNet (Eigen et al. 2014) coarse + fine networks for MindSpore."""
