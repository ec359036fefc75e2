"""Every import is bounded: bytes unpacked, line length, records (issue 10, probe 3).

The bounds are settings, made small here; the errors name the setting to raise. A gzip
bomb is built in the test, streaming, and must be refused with little memory.
"""

import gzip
import io
import json
import tracemalloc

import pytest

from readingroom.archive.models import Document
from readingroom.importers import limits
from readingroom.importers.base import ImportFailed, import_files
from readingroom.importers.limits import Budget, TooLarge

pytestmark = pytest.mark.django_db

RECORD = '{"record_id": 900301, "title": "Note on Lüshun, 周恩来"}'


def budget(max_bytes=10**9, max_line_bytes=10**6, max_records=10**6) -> Budget:
    return Budget(max_bytes=max_bytes, max_line_bytes=max_line_bytes, max_records=max_records)


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 20], ids=["1-byte", "3-bytes", "7-bytes", "1MB"])
def test_lines_are_numbered_as_in_the_file_whatever_the_chunks(monkeypatch, chunk):
    # given a file with blank lines, a line of spaces, CRLF, and no newline at the end
    content = b'\n{"a": 1}\r\n   \n\n\t{"b": 2}\n\n{"c": 3}'
    monkeypatch.setattr(limits, "CHUNK", chunk)

    found = list(limits.lines(io.BytesIO(content), budget()))

    assert found == [(2, b'{"a": 1}\r'), (5, b'\t{"b": 2}'), (7, b'{"c": 3}')]


def test_blank_lines_are_counted_against_the_byte_bound():
    spent = budget(max_bytes=5000)

    with pytest.raises(TooLarge) as refusal:
        list(limits.lines(io.BytesIO(b"\n" * 6000), spent))

    assert str(refusal.value) == (
        "the file unpacks to more than 4.9 KB (IMPORT_MAX_BYTES); nothing was imported"
    )


def write_gzip(path, lines: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def only_error(failure) -> str:
    [error] = failure.value.errors
    return str(error)


def test_a_compressed_file_unpacking_past_the_bound_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    path = tmp_path / "big.jsonl.gz"
    write_gzip(path, [RECORD] + [" " * 1000] * 2000)

    with pytest.raises(ImportFailed) as failure:
        import_files([path], dry_run=True)

    assert only_error(failure) == (
        f"{path}: the file unpacks to more than 1 MB (IMPORT_MAX_BYTES); nothing was imported"
    )


def test_a_plain_file_past_the_bound_is_refused_before_it_is_read(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    path = tmp_path / "big.jsonl"
    path.write_text(RECORD + "\n" + RECORD.replace("900301", "900302") + "\n")

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert only_error(failure) == (
        f"{path}: the file is more than 100 bytes (IMPORT_MAX_BYTES); nothing was imported"
    )


def test_the_byte_bound_is_for_all_files_of_one_import(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(RECORD + "\n")
    second.write_text(RECORD.replace("900301", "900302") + "\n")

    with pytest.raises(ImportFailed) as failure:
        import_files([first, second])

    assert only_error(failure) == (
        f"{second}: the file is more than 100 bytes (IMPORT_MAX_BYTES, counted with the files"
        " before it); nothing was imported"
    )


def test_a_line_longer_than_the_bound_is_refused_with_its_number(tmp_path, settings):
    settings.IMPORT_MAX_LINE_BYTES = 1000
    path = tmp_path / "long.jsonl"
    long_record = json.dumps({"record_id": 900302, "title": "x" * 2000})
    path.write_text(f"{RECORD}\n\n{long_record}\n{RECORD}\n")

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert only_error(failure) == (
        f"{path}:3: line 3 is longer than 1,000 bytes (IMPORT_MAX_LINE_BYTES); nothing was imported"
    )
    assert not Document.objects.exists()


def test_more_records_than_the_bound_are_refused(tmp_path, settings):
    settings.IMPORT_MAX_RECORDS = 2
    path = tmp_path / "many.jsonl"
    path.write_text("".join(f'{{"title": "Letter {n}"}}\n\n' for n in range(5)))

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert only_error(failure) == (
        f"{path}:5: more than 2 records in one import (IMPORT_MAX_RECORDS); nothing was imported"
    )


def test_a_record_nested_too_deeply_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n")

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert only_error(failure) == f"{path}:1: the record is nested too deeply to be read"


def gzip_bomb(path, size: int, block: bytes) -> int:
    """A gzip of ``size`` bytes of ``block`` repeated, written a megabyte at a time."""
    piece = block * ((1 << 20) // len(block))
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(size // len(piece)):
            out.write(piece)
    return path.stat().st_size


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (b"\n", "the file unpacks to more than 64 MB (IMPORT_MAX_BYTES)"),
        (b"0", "line 1 is longer than 10 MB (IMPORT_MAX_LINE_BYTES)"),
        (b" \t", "the file unpacks to more than 64 MB (IMPORT_MAX_BYTES)"),
    ],
    ids=["newlines", "one-endless-line", "blank-without-newline"],
)
def test_a_gzip_bomb_is_refused_with_bounded_memory(tmp_path, settings, block, expected):
    # given 200 MB of one byte, compressed to a few hundred kilobytes
    settings.IMPORT_MAX_BYTES = 64 * 1024 * 1024
    settings.IMPORT_MAX_LINE_BYTES = 10 * 1024 * 1024
    path = tmp_path / "bomb.jsonl.gz"
    assert gzip_bomb(path, 200 * 1024 * 1024, block) < 1024 * 1024

    # when it is imported
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed) as failure:
            import_files([path], dry_run=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    # then it is refused, naming the bound, without holding what it unpacks to
    assert expected in only_error(failure)
    assert peak < 100 * 1024 * 1024, f"peak {peak:,} bytes"


TEI = """<?xml version="1.0"?>
<!DOCTYPE TEI [{entities}]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title type="complete">A volume</title></titleStmt>
<publicationStmt><idno type="frus">frus-test</idno></publicationStmt></fileDesc></teiHeader>
<text><body><div type="document" xml:id="d1"><head>1. Telegram</head>
<p>Before {reference} after</p></div></body></text></TEI>
"""
LAUGHS = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {name} "{("&" + before + ";") * 10}">'
    for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_tei_file_reads_no_file_an_entity_names(tmp_path):
    path = tmp_path / "volume.xml"
    path.write_text(
        TEI.format(entities='<!ENTITY xxe SYSTEM "file:///etc/passwd">', reference="&xxe;")
    )

    import_files([path])

    [document] = Document.objects.all()
    assert document.renditions.get().text == "Before after"


def test_a_tei_entity_bomb_is_refused(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(TEI.format(entities=LAUGHS, reference="&i;"))

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert "malformed XML" in only_error(failure)
    assert not Document.objects.exists()


def test_a_tei_file_past_the_bound_is_refused_before_it_is_parsed(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 300
    path = tmp_path / "volume.xml"
    path.write_text(TEI.format(entities="", reference=""))

    with pytest.raises(ImportFailed) as failure:
        import_files([path])

    assert only_error(failure) == (
        f"{path}: the file is more than 300 bytes (IMPORT_MAX_BYTES); nothing was imported"
    )


def tei_gzip(path, number: int = 1, padding: str = "") -> None:
    text = TEI.format(entities="", reference=padding).replace("d1", f"d{number}")
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(text.replace("frus-test", f"frus-test{number}"))


def test_a_gzipped_tei_volume_is_read_directly(tmp_path):
    path = tmp_path / "volume.xml.gz"
    tei_gzip(path)

    import_files([path])

    [document] = Document.objects.all()
    assert document.renditions.get().text == "Before after"
    assert document.external_id == "frus-test1/d1"


def test_a_tei_gzip_bomb_is_refused_as_it_unpacks(tmp_path, settings):
    # given a TEI volume whose one paragraph unpacks to 200 MB of spaces
    settings.IMPORT_MAX_BYTES = 64 * 1024 * 1024
    path = tmp_path / "bomb.xml.gz"
    head, tail = TEI.format(entities="", reference="").split("Before")
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(head.encode())
        for _ in range(200):
            out.write(b" " * (1 << 20))
        out.write(tail.encode())
    assert path.stat().st_size < 1024 * 1024

    with pytest.raises(ImportFailed) as failure:
        import_files([path], dry_run=True)

    assert only_error(failure) == (
        f"{path}: the file unpacks to more than 64 MB (IMPORT_MAX_BYTES); nothing was imported"
    )


def test_the_byte_bound_is_for_each_tei_volume_on_its_own(tmp_path, settings):
    # given two volumes, each within the bound, larger than it together
    first, second = tmp_path / "first.xml.gz", tmp_path / "second.xml.gz"
    tei_gzip(first, 1)
    tei_gzip(second, 2)
    settings.IMPORT_MAX_BYTES = len(gzip.decompress(first.read_bytes())) + 10

    import_files([first, second])

    assert Document.objects.count() == 2
