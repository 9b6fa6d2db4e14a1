"""Helper modules for the interop tests (real peers; no Gatehouse code)."""
