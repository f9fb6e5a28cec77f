"""Readers that turn files and streams into article items (text plus metadata)."""
