"""The thresholds: one leaf module with every number, and a digest that names them in signatures."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from test_imports import import_graph

from drift.thresholds import thresholds_for


def test_thresholds_is_a_leaf():
    """Any stage may import the thresholds; they import nothing of drift's, nor numpy or rapidfuzz."""
    assert import_graph()["drift.thresholds"] == set()
    code = (
        "import sys, drift.thresholds; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('drift', 'numpy', 'rapidfuzz'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["drift", "drift.thresholds"]


def test_the_thresholds_digest_moves_with_any_number():
    minilm = thresholds_for("minilm")
    assert minilm.digest() == thresholds_for("minilm").digest()
    assert minilm.digest() != thresholds_for("use").digest()
    nudged = replace(minilm, detect=replace(minilm.detect, model_drift=minilm.detect.model_drift + 0.01))
    assert nudged.digest() != minilm.digest()
