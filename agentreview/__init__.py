"""agentreview: FastAPI best practices for coding agents, and a diff reviewer that enforces them."""

__version__ = "0.1.0"
