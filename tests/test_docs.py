"""Documentation is enforced: every setting and every command of ours is documented."""

import re
from pathlib import Path

import pytest

import readingroom

PACKAGE = Path(readingroom.__file__).parent
DOCS = PACKAGE.parent / "docs"
ENV_READ = re.compile(r"""(?:os\.environ\.get|env_bool|env_list)\(\s*["']([A-Z_]+)["']""")


def settings_variables() -> list[str]:
    return sorted(set(ENV_READ.findall((PACKAGE / "settings.py").read_text())))


def our_commands() -> list[str]:
    return sorted(path.stem for path in PACKAGE.glob("*/management/commands/[!_]*.py"))


def test_settings_are_found():
    # guards the two tests below against reading nothing
    assert {"DATABASE_URL", "SECRET_KEY", "READINGROOM_DATA"} <= set(settings_variables())
    assert "import" in our_commands()


@pytest.mark.parametrize("variable", settings_variables())
def test_every_setting_is_documented(variable):
    assert f"`{variable}`" in (DOCS / "configuration.md").read_text()


@pytest.mark.parametrize("command", our_commands())
def test_every_command_is_documented(command):
    assert f"`readingroom {command}" in (DOCS / "commands.md").read_text()


def test_the_role_table_in_the_docs_is_the_codes():
    """docs/editing.md's role table says exactly what ``actions.actors.RULES`` enforces."""
    from readingroom.archive.actions.actors import RULES

    text = (DOCS / "editing.md").read_text()
    table = text.split("<!-- role-table -->")[1].split("<!-- /role-table -->")[0]
    rows = [line.strip("| ").split(" | ") for line in table.strip().splitlines()[2:]]
    documented = {what: role for what, role in rows}
    in_code = {description: role.label for role, description in RULES.values()}
    assert documented == in_code
