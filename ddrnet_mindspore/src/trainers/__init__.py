"""The train-step cell (loss scale, global-norm clip, overflow skip)."""
