"""MiDaS zero-shot evaluation: one reader per dataset format, the protocol, the runner."""
