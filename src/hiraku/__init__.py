"""Hiraku (開く): an open data and open government platform for Japanese municipalities."""

__version__ = "0.1.0"
