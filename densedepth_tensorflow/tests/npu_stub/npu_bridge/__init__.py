"""Pass-through stand-in for Huawei's ``npu_bridge`` (Ascend TF adapter), for CPU tests only:
put tests/npu_stub on PYTHONPATH and train.py takes its Ascend path. The classes keep the
adapter's names and signatures and hand every call to the wrapped tf.train optimizer."""
