"""Shared test set-up: where ../shared is, the sample archive, and CI's rule on skips.

Fixtures live in plugin modules listed in ``pytest_plugins`` (no star imports).
"""

import os

import pytest

pytest_plugins = [
    "tests.fixtures.paths",
    "tests.fixtures.archive",
    "tests.fixtures.browser",
    "tests.fixtures.citeproc",
    "tests.fixtures.zotero",
    "tests.fixtures.records",
    "tests.ops.cluster",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back database reuses keys' numbers."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_search_thread(settings, tmp_path_factory):
    """No test starts the search indexer's background thread, nor writes the real index."""
    settings.SEARCH_INDEXER = "off"
    settings.SEARCH_INDEX_DIR = tmp_path_factory.mktemp("search-index")


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true a skipped test is a failure: CI has everything a test may need."""
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        for report in skipped:
            reporter.write_line(f"CI=true, and this was skipped: {report.nodeid} {report.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
