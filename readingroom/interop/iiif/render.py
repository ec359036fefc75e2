"""Cutting and scaling a page image with libvips, as a stream, into a JPEG or PNG file.

Pillow decodes a whole image before it can cut a tile out of it: a 139-megapixel scan
cost a gigabyte of memory per request. libvips (``pyvips``, with its own binary wheel)
reads the image top to bottom and keeps only the rows a step needs, and decodes JPEG at
1/2, 1/4 or 1/8 of its size when the request is that much smaller; the same scan now
costs tens of megabytes (bench/iiif_memory.py measures it).

Only JPEG, PNG and TIFF are read, each by its own loader chosen from the file's first
bytes (never libvips' guess from the content, which knows many more formats), with
libvips' untrusted loaders blocked and nothing kept in its operation cache. A truncated
or damaged file is an error, not a picture with a grey band.
"""

from __future__ import annotations

from pathlib import Path

import pyvips

pyvips.block_untrusted_set(True)
# Decoded pixels are not kept between requests: memory is what one request needs.
pyvips.cache_set_max(0)

LOADERS = [
    (b"\xff\xd8\xff", "jpegload"),
    (b"\x89PNG\r\n\x1a\n", "pngload"),
    (b"II*\x00", "tiffload"),
    (b"MM\x00*", "tiffload"),
]
JPEG_SHRINKS = (8, 4, 2)
JPEG_QUALITY = 85


class RenderError(Exception):
    """The file cannot be read as the image it claims to be."""


def render(
    source: Path, region: tuple[int, int, int, int], size: tuple[int, int], output: Path, fmt: str
) -> None:
    """Write ``region`` of the upright page image ``source``, scaled to ``size``, to
    ``output`` as ``fmt`` ("jpg" or "png")."""
    try:
        image = scaled(source, region, size)
        if fmt == "jpg":
            if image.hasalpha():  # JPEG has no transparency: white paper under it
                image = image.flatten(background=[255] * (image.bands - 1))
            image.jpegsave(str(output), Q=JPEG_QUALITY, optimize_coding=True, keep="none")
        else:
            image.pngsave(str(output), compression=6, keep="none")
    except pyvips.Error as error:
        raise RenderError(str(error).strip().splitlines()[0]) from error


def scaled(source: Path, region: tuple[int, int, int, int], size: tuple[int, int]):
    """The region, cut and scaled, as a libvips pipeline (pixels flow when it is saved)."""
    x, y, width, height = region
    name = loader_for(source)
    loader = getattr(pyvips.Image, name)
    image = loader(str(source), access="sequential", fail_on="error")
    if _orientation(image) not in (0, 1):
        # Turning a picture needs all of it at once; cameras' photos are small.
        image = loader(str(source), access="random", fail_on="error").autorot()
    elif name == "jpegload" and (shrink := jpeg_shrink(region, size)) > 1:
        image = loader(str(source), access="sequential", fail_on="error", shrink=shrink)
        x, y = x // shrink, y // shrink
        width = max(1, min(round(width / shrink), image.width - x))
        height = max(1, min(round(height / shrink), image.height - y))
    image = image.crop(x, y, width, height)
    image = image.resize(size[0] / width, vscale=size[1] / height, kernel="lanczos3")
    if (image.width, image.height) != size:  # a rounding pixel, one way or the other
        image = image.embed(0, 0, *size, extend="copy").crop(0, 0, *size)
    return displayable(image)


def loader_for(source: Path) -> str:
    """The name of the libvips loader for the file, from its first bytes."""
    with source.open("rb") as handle:
        head = handle.read(8)
    for signature, name in LOADERS:
        if head.startswith(signature):
            return name
    raise RenderError(f"{source.name} is not a JPEG, PNG or TIFF image")


def jpeg_shrink(region: tuple[int, int, int, int], size: tuple[int, int]) -> int:
    """The largest JPEG decoding shrink that still leaves at least ``size`` pixels."""
    _x, _y, width, height = region
    for shrink in JPEG_SHRINKS:
        if width // shrink >= size[0] and height // shrink >= size[1]:
            return shrink
    return 1


def _orientation(image) -> int:
    return image.get("orientation") if image.get_typeof("orientation") else 1


def displayable(image):
    """8 bits per band, grey or sRGB, with or without alpha: what JPEG and PNG carry."""
    interpretation = image.interpretation
    if interpretation == "grey16":
        image = image.colourspace("b-w")
    elif interpretation not in ("b-w", "srgb"):
        # 16-bit RGB, CMYK, Lab, a two-band TIFF without a name...
        image = image.colourspace("b-w" if image.bands <= 2 else "srgb")
    if image.format != "uchar":
        image = image.cast("uchar")
    return image
