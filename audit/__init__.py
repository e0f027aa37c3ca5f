"""Tamper-evident history: an append-only, hash-chained audit log."""
