"""drift's version (also in pyproject.toml): a leaf, so that any module may name it without importing the package."""

__version__ = "0.1.0"
