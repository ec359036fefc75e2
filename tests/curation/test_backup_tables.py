"""Every table is decided on: carried by a backup (curation/backup_tables.py) or left out
with a reason. A new model in neither list fails here until someone decides."""

from django.apps import apps

from readingroom.curation import backup_tables
from readingroom.curation.export import table_label, table_model


def every_table() -> set[str]:
    return {table_label(model) for model in apps.get_models(include_auto_created=True)}


def test_every_model_is_exported_or_excluded_with_a_reason():
    carried = backup_tables.exported(with_users=True, with_tokens=True)
    decided = set(carried) | set(backup_tables.EXCLUDED)
    assert sorted(every_table() - decided) == [], "decide in curation/backup_tables.py"
    assert sorted(decided - every_table()) == [], "no longer a model: remove it"
    assert not set(carried) & set(backup_tables.EXCLUDED)
    assert len(carried) == len(set(carried))
    assert all(reason.strip() for reason in backup_tables.EXCLUDED.values())


def test_each_listed_table_is_a_model_and_its_label():
    for label in backup_tables.exported(with_users=True, with_tokens=True):
        assert table_label(table_model(label)) == label


def test_a_new_model_in_neither_list_fails(monkeypatch):
    # Given a table nobody decided on
    monkeypatch.setattr(backup_tables, "ARCHIVE", backup_tables.ARCHIVE[:-1])
    # Then the check above finds it
    carried = backup_tables.exported(with_users=True, with_tokens=True)
    missing = every_table() - set(carried) - set(backup_tables.EXCLUDED)
    assert missing == {"interop.FormattedCitation"}
