"""NLC: networked learning communities, mapped, measured and simulated."""

__version__ = "0.1.0"
