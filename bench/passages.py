"""What keeping paragraph permalinks costs a save: ``passages.renumber`` on FRUS texts.

    python bench/passages.py [--documents 2000] [--repeat 5]

Every save of a rendition renumbers its paragraphs against the stored text
(archive/passages.py). This prints, over the longest FRUS documents of the bench corpus,
the median and the slowest time of renumbering an unchanged text, a text with a
paragraph inserted in the middle, one whose every paragraph was corrected (with and
without a paragraph inserted: the second pairs paragraphs by likeness), and one replaced
by wholly new text (every likeness tried, the worst case).
"""

import argparse
import gzip
import json
import statistics
import timeit
from pathlib import Path

from environment import describe_machine, setup_django

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/frus/bench/frus-records.jsonl.gz"


def texts(count: int) -> list[str]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        found = [json.loads(line).get("text") or "" for line in lines]
    return sorted(found, key=len, reverse=True)[:count]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django("passages", None)
    from readingroom.archive.passages import first_numbering, renumber
    from readingroom.archive.rendering import split_paragraphs

    print(describe_machine())
    sample = texts(args.documents)
    sizes = [len(split_paragraphs(text)) for text in sample]
    print(f"{len(sample)} longest FRUS texts: median {statistics.median(sizes)} paragraphs")
    changes = {
        "unchanged": lambda parts: parts,
        "one paragraph inserted in the middle": lambda parts: [
            *parts[: len(parts) // 2],
            "A paragraph the editors found in the scan.",
            *parts[len(parts) // 2 :],
        ],
        "every paragraph corrected": lambda parts: [part + " [sic]" for part in parts],
        # One run of changes of unequal length: paragraphs are paired by likeness.
        "every paragraph corrected, one inserted": lambda parts: [
            "A paragraph the editors found in the scan.",
            *(part + " [sic]" for part in parts),
        ],
        "every paragraph replaced by new text": lambda parts: [
            f"New paragraph {n} of a wholly different translation." for n in range(len(parts) + 1)
        ],
    }
    for name, change in changes.items():
        times = []
        for text in sample:
            numbering = first_numbering(text)
            new = "\n\n".join(change(split_paragraphs(text)))
            best = min(
                timeit.repeat(
                    lambda t=text, n=new, m=numbering: renumber(t, m.ids, m.last, n),
                    number=1,
                    repeat=args.repeat,
                )
            )
            times.append(best * 1000)
        print(f"{name:38} median {statistics.median(times):7.3f} ms, slowest {max(times):7.3f} ms")


if __name__ == "__main__":
    main()
