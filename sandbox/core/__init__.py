"""The simulated cluster: pure Python, no UI imports (checked by tests/test_layers.py)."""
