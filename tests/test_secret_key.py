"""The secret key: production refuses to start without one, and none is ever served.

Issue 10, probe 7: without SECRET_KEY the key was generated into the data folder beside
the uploads, where an import could reach it. Each case starts a new process with only
the environment given, as an operator's shell or a service manager would.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).with_name("readingroom")
PRINT_KEY = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'readingroom.settings';"
    "from django.conf import settings; print(settings.SECRET_KEY)"
)


def run(tmp_path, code: str = PRINT_KEY, **environment) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "READINGROOM_DATA": str(tmp_path / "data"),
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_key(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "READINGROOM_DATA": str(tmp_path / "data"),
    }

    done = subprocess.run(
        [str(COMMAND), "check"], env=env, capture_output=True, text=True, timeout=120
    )

    # then it stops with a message saying what to set, and no traceback
    assert done.returncode == 1
    assert done.stderr.startswith(
        "readingroom: Reading Room refuses to start without a secret key: set SECRET_KEY,"
        " or SECRET_KEY_FILE"
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").rglob("*key*"))


def test_production_takes_the_key_from_the_environment(tmp_path):
    done = run(tmp_path, SECRET_KEY="from the environment, 1957")

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "from the environment, 1957"


def test_production_takes_the_key_from_a_file_outside_what_is_served(tmp_path):
    key_file = tmp_path / "etc" / "secret_key"
    key_file.parent.mkdir()
    key_file.write_text("from a file, 周恩来\n", encoding="utf-8")

    done = run(tmp_path, SECRET_KEY_FILE=str(key_file))

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "from a file, 周恩来"


@pytest.mark.parametrize(
    ("folder", "setting"),
    [("data/media/keys", "MEDIA_ROOT"), ("data/static", "STATIC_ROOT")],
    ids=["in-media", "in-static"],
)
def test_a_key_file_inside_a_served_folder_is_refused(tmp_path, folder, setting):
    key_file = tmp_path / folder / "secret_key"
    key_file.parent.mkdir(parents=True)
    key_file.write_text("served to anyone")

    done = run(tmp_path, SECRET_KEY_FILE=str(key_file))

    assert done.returncode != 0
    assert f"SECRET_KEY_FILE is inside {setting}" in done.stderr


def test_development_generates_a_private_key_outside_media_once(tmp_path):
    first = run(tmp_path, READINGROOM_ENV="development")
    second = run(tmp_path, READINGROOM_ENV="development")

    key_file = tmp_path / "data" / "private" / "secret_key"
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert key_file.read_text() == first.stdout.strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert not (tmp_path / "data" / "secret_key").exists()


def test_development_moves_a_key_an_earlier_version_made_beside_media(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("the key sessions were signed with")

    done = run(tmp_path, READINGROOM_ENV="development")

    assert done.stdout.strip() == "the key sessions were signed with"
    assert not (tmp_path / "data" / "secret_key").exists()
    assert (tmp_path / "data" / "private" / "secret_key").is_file()


def test_production_tells_where_an_earlier_generated_key_is(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("an old generated key")

    done = run(tmp_path)

    assert done.returncode != 0
    assert "An earlier version generated" in done.stderr
    assert "set SECRET_KEY_FILE to it" in done.stderr


def test_media_root_may_not_hold_the_development_key(tmp_path):
    done = run(tmp_path, READINGROOM_ENV="development", MEDIA_ROOT=str(tmp_path / "data"))

    assert done.returncode != 0
    assert "contains" in done.stderr and "give MEDIA_ROOT a folder of its own" in done.stderr
    assert not (tmp_path / "data" / "private" / "secret_key").exists()


def test_an_unknown_environment_is_refused(tmp_path):
    done = run(tmp_path, READINGROOM_ENV="staging", SECRET_KEY="x")

    assert done.returncode != 0
    assert "READINGROOM_ENV is 'staging': it must be production (the default) or development" in (
        done.stderr
    )
