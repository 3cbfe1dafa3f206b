"""icpdocs: Ideal Customer Profiles and buyer personas as a living, versioned document."""

from __future__ import annotations

__version__ = "0.1.0"
