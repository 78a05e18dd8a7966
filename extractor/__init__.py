"""roadmap-extractor: roadmap tables of Russian education orders to structured activities."""

__version__ = "0.1.0"
