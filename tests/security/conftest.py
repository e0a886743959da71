"""The hostile build, shared by every security test of the session."""

from __future__ import annotations

import pytest

from .hostile import Hostile, hostile_site


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Hostile:
    """The playbook with markup and Jinja in a title of every kind, built once."""
    return hostile_site(tmp_path_factory)
