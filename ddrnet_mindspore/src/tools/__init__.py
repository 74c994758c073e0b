"""Training tools: loss, optimizer, learning-rate schedules, AMP, callbacks, factories."""
