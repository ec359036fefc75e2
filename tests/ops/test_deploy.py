"""Production as docs/operations.md sets it up: `check --deploy` clean with its settings,
and static files served by `readingroom serve` hashed, compressed and cached for a year."""

import re
import secrets
import subprocess
import urllib.request

from .cluster import free_port
from .processes import READINGROOM, REPO, environment, run, started, wait_for
from .test_several_machines import get

OPERATIONS = REPO / "docs" / "operations.md"


def documented_environment() -> dict[str, str]:
    """The settings docs/operations.md writes into /etc/readingroom/env."""
    text = OPERATIONS.read_text()
    block = re.search(r"cat >> /etc/readingroom/env <<'EOF'\n(.*?)\nEOF\n", text, re.S)
    assert block, "docs/operations.md no longer writes the environment file"
    pairs = dict(line.split("=", 1) for line in block.group(1).splitlines())
    # the two lines the page generates with secrets.token_urlsafe
    assert 'print("SECRET_KEY=" + secrets.token_urlsafe(50))' in text
    return pairs | {"SECRET_KEY": secrets.token_urlsafe(50)}


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    env = environment(tmp_path / "data") | documented_environment()
    env["READINGROOM_DATA"] = str(tmp_path / "data")
    done = subprocess.run(
        [*READINGROOM, "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_collected_static_files_are_hashed_compressed_and_cached_for_a_year(tmp_path):
    env = environment(tmp_path / "data")
    run(env, "migrate", "--noinput", "-v0")
    run(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with started(env, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 log=tmp_path / "web.log"):  # fmt: skip
        wait_for(lambda: get(f"{base}/healthz")[0] == 200, what="the server")
        home = get(f"{base}/")[1].decode()
        stylesheet = re.search(r'href="(/static/readingroom/site\.[0-9a-f]{12}\.css)"', home)
        assert stylesheet, "the page links the hashed stylesheet"
        request = urllib.request.Request(
            base + stylesheet.group(1), headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "max-age=315360000" in response.headers["Cache-Control"]
            assert "immutable" in response.headers["Cache-Control"]
