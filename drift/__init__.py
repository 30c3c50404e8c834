"""drift: align the versions of a news story across sources and flag what drifted."""

__version__ = "0.1.0"
