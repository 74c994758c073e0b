import mindspore_common  # noqa: F401  (first: caps oneDNN at AVX2 and quiets GLOG before mindspore loads)
"""DDRNet ImageNet classifier (MindSpore model-zoo layout): models, data, tools, trainers."""
