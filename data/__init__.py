"""Bundled sample organisations (installed as officegen.samples)."""
