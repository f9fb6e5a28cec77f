"""Shared fixtures. The spaCy model loads once per test session, and only for tests that ask."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.eval import data_root

SEED = "seed/000_4d762959a16494a9.txt"


@pytest.fixture(scope="session")
def pipeline():
    from sitroom.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared/data; tests that need it skip with a clear message when it is absent."""
    root = data_root()
    if not root.is_dir():
        pytest.skip(f"gold data not found at {root}: set SITROOM_DATA or check out ../shared")
    return root


@pytest.fixture(scope="session")
def seed_text(shared) -> str:
    return (shared / SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(pipeline, seed_text):
    return pipeline.analyze(seed_text, published="2023-07-13")
