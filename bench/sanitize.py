"""What judging markup costs: ``clean_text`` on text of typical and worst-case shapes.

    python bench/sanitize.py [--repeat 21]

Every write path calls ``readingroom.archive.sanitize.clean_text`` on every text value
(an editor's save, each record of an import), so this prints the median time for a
summary, a 100 KB transcript with a couple of bare tags, and 100 KB with a tag every 25
characters (the parser's worst case among values that are accepted).
"""

import argparse
import statistics
import timeit

from environment import describe_machine, setup_django

PARAGRAPH = (
    "The Chairman said that the comrades in Lüshun had not yet received the telegram, "
    "and that Zhou Enlai (周恩来) would reply at once; x < y &c. "
)


def cases() -> dict[str, str]:
    transcript = (PARAGRAPH * 800)[:100_000]
    return {
        "3 KB summary (one x < y)": (PARAGRAPH * 30)[:3000],
        "100 KB transcript, 2 bare tags": (
            transcript[:30_000]
            + " <<Pravda>> "
            + transcript[30_000:60_000]
            + " Ivan <ivan@example.org> "
            + transcript[60_000:]
        ),
        "100 KB, a bare tag every 25 characters": (
            "Letter <<Pravda>> to Ivan <ivan@example.org>, x < y & z; the <sic> word. " * 1400
        )[:100_000],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args(argv)
    setup_django("sanitize", None)
    from readingroom.archive.sanitize import clean_text

    print(describe_machine())
    for name, value in cases().items():
        number = 10
        times = timeit.repeat(
            lambda v=value: clean_text(v, "text"), number=number, repeat=args.repeat
        )
        print(f"{name:42} median {statistics.median(times) / number * 1000:8.3f} ms")


if __name__ == "__main__":
    main()
