"""One module per controller; each reconciles keys from its own work queue."""
