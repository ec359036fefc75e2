"""Reading Room: publish a digital archive of historical primary sources."""

__version__ = "0.1.0"
