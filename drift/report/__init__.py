"""Renderings of a ``Report``: machine formats for pipelines, the terminal diff for people."""
