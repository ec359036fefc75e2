"""Imports copy images and scans into storage: keep them in a temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def importer_files(fixtures_dir):
    """The folder of sample input files for importers, valid and malformed."""
    return fixtures_dir / "importers"
