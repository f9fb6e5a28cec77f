"""Quality gate: re-measure quotes on PolNeAR dev and check the floors in quality/quotes.json."""

from __future__ import annotations

import pytest

from sitroom.eval import gate, polnear

pytestmark = [pytest.mark.model, pytest.mark.shared]


def test_quotes_gate_polnear_dev(pipeline, shared):
    dev = shared / "quotes" / "polnear" / "data" / "dev"
    if not dev.is_dir():
        pytest.skip(f"PolNeAR dev not found at {dev}")
    metrics = polnear.evaluate(dev, pipeline).metrics()
    result = gate.check("quotes", metrics, gate.digest(polnear.files(dev)))
    assert result.digest_matches, "PolNeAR dev changed since the floors were pinned: re-pin"
    assert result.passed, result.failures
