"""Stand-in: ``npu_bridge.estimator`` (only ``npu_ops`` is imported)."""
