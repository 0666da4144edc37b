"""The browser tier's requirement: Chromium missing skips locally and fails under CI."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.inspector import require_chromium


def _no_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend neither chromium nor chromedriver is installed."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(os, "access", lambda path, mode: False)


def test_missing_chromium_fails_the_browser_tests_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """With CI set, a missing browser is a failure naming the packages to install, never a skip."""
    _no_chromium(monkeypatch)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium chromium-driver"):
        require_chromium()


def test_missing_chromium_skips_the_browser_tests_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without CI, a missing browser skips."""
    _no_chromium(monkeypatch)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_chromium()
