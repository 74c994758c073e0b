"""Data loading, transforms and weight conversion for MiDaS."""
