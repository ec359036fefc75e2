"""Peak memory and time of IIIF image requests on a 139-megapixel scan (issue 10, probe 6).

    python bench/iiif_memory.py [--width 13600] [--height 10240] [--formats jpg,png,tif]
                                [--runs 3] [--pillow]

Makes the scan once in bench/out/ (a pattern drawn by libvips, so that making it costs
little memory), then for each request of a viewer (a large view, a tile at full
resolution in the middle and at the bottom edge, a tile of the most reduced level, and
``full/max`` within the default 4096-pixel limits) runs ``readingroom.interop.iiif.render``
in a fresh process and prints that process's peak resident memory (ru_maxrss) and its
wall time, the median of ``--runs``. ``--pillow`` also runs what the server did before
(Pillow decoding the whole image, then cutting and scaling it), for comparison.

It prints figures; it has no pass or fail. See bench/README.md.
"""

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]


def requests(width: int, height: int) -> dict[str, tuple[tuple, tuple]]:
    """name -> (region x, y, w, h; output size) of what a viewer asks for."""
    middle_x, middle_y = width // 2 // 512 * 512, height // 2 // 512 * 512
    last_x, last_y = (width - 1) // 512 * 512, (height - 1) // 512 * 512
    edge = (width - last_x, height - last_y)
    return {
        "view !1600,1600": ((0, 0, width, height), _fit(width, height, 1600, 1600)),
        "tile 1:1, middle": ((middle_x, middle_y, 512, 512), (512, 512)),
        "tile 1:1, corner": ((last_x, last_y, *edge), edge),
        "tile, most reduced": ((0, 0, width, height), _fit(width, height, 512, 512)),
        "full/max (4096)": ((0, 0, width, height), _fit(width, height, 4096, 4096)),
    }


AFTER = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from readingroom.interop.iiif.render import render
start = time.perf_counter()
render(Path({source!r}), {region}, {size}, Path({output!r}), "jpg")
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BEFORE = """
import resource, time
from PIL import Image
Image.MAX_IMAGE_PIXELS = None
start = time.perf_counter()
x, y, w, h = {region}
with Image.open({source!r}) as image:
    image.convert("RGB").resize({size}, Image.Resampling.LANCZOS, box=(x, y, x + w, y + h)
    ).save({output!r}, "JPEG", quality=85)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BASELINE = """
import resource, sys
sys.path.insert(0, {root!r})
import PIL.Image, pyvips
print(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _fit(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    scale = min(max_width / width, max_height / height, 1)
    return max(1, int(width * scale)), max(1, int(height * scale))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=13600)
    parser.add_argument("--height", type=int, default=10240)
    parser.add_argument("--formats", default="jpg,png,tif")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pillow", action="store_true", help="also time the old Pillow way")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    megapixels = args.width * args.height / 1e6
    print(f"{args.width} × {args.height} = {megapixels:.0f} megapixels; median of {args.runs}")
    _, base = measure(BASELINE.format(root=str(ROOT)), 1)
    print(f"a process that only imports Pillow and pyvips: {base:.0f} MB\n")
    print(f"{'format':6} {'request':19} {'way':8} {'peak MB':>8} {'seconds':>8}")
    for fmt in args.formats.split(","):
        source = scan(args.width, args.height, fmt)
        for name, (region, size) in requests(args.width, args.height).items():
            ways = [("libvips", AFTER)] + ([("Pillow", BEFORE)] if args.pillow else [])
            for way, template in ways:
                code = template.format(
                    root=str(ROOT),
                    source=str(source),
                    region=tuple(region),
                    size=tuple(size),
                    output=str(OUT / "iiif-bench-out.jpg"),
                )
                seconds, peak = measure(code, args.runs)
                print(f"{fmt:6} {name:19} {way:8} {peak:8.0f} {seconds:8.2f}", flush=True)


def measure(code: str, runs: int) -> tuple[float, float]:
    """Median wall time (s) and median peak resident memory (MB) of ``code`` in a new process."""
    times, peaks = [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr)
        seconds, peak_kb = done.stdout.split()
        times.append(float(seconds))
        peaks.append(int(peak_kb) / 1024)
    return statistics.median(times), statistics.median(peaks)


def scan(width: int, height: int, fmt: str) -> Path:
    """A width × height RGB page in ``fmt``, drawn by libvips a strip at a time."""
    path = OUT / f"iiif-bench-{width}x{height}.{fmt}"
    if not path.exists():
        import pyvips

        xy = pyvips.Image.xyz(width, height)
        pattern = (xy[0] % 256).bandjoin([xy[1] % 256, (xy[0] + xy[1]) / 2 % 256])
        options = {"jpg": {"Q": 85}, "png": {"compression": 1}, "tif": {"compression": "deflate"}}
        pattern.cast("uchar").write_to_file(str(path), **options[fmt])
    return path


if __name__ == "__main__":
    main()
