"""roadmap-extractor: roadmap tables of Russian education orders to structured activities."""

__version__ = "0.1.0"
from .batch import extract_many  # noqa: F401  many files over one worker pool
