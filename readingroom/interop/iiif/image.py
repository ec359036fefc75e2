"""The IIIF Image API 3 at level 1: parse a request, cut and scale the page, cache it.

A request is ``{region}/{size}/{rotation}/{quality}.{format}`` after the image's base URI.
Level 1 asks for regions ``full``, ``square`` and ``x,y,w,h``; sizes ``max``, ``w,``,
``,h`` and ``w,h``; rotation ``0``; quality ``default``; format ``jpg``. We add the
confined size ``!w,h``, the quality ``color`` and the format ``png`` (declared in
info.json). A request that breaks the syntax or the rules is a ``BadRequest`` (400); one
that is well formed but asks for a feature we lack (``pct:``, ``^`` upscaling, a rotation
other than 0, ``gray``, ``tif``...) is ``NotImplementedFeature`` (501), as the spec asks.

Every answer is bounded (IIIF_MAX_WIDTH, IIIF_MAX_HEIGHT, IIIF_MAX_AREA, declared in
info.json as ``maxWidth``, ``maxHeight`` and ``maxArea``): ``max`` and ``!w,h`` are made
to fit, and any other size beyond them is a 400, as the spec asks. Pixels are cut and
scaled by ``render`` (libvips, as a stream), so memory does not grow with the scan.

A derivative that a viewer asks for (the whole page at some size, or a tile of the grid
info.json declares) is made once and kept in the cache (``cache``), keyed by the
request's canonical form, so ``full/max`` and ``0,0,W,H/W,/0/color.jpg`` share a file.
Any other region is made for its request and not kept, so that nobody can fill the
cache with the billions of regions a page has.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium
from django.conf import settings
from PIL import UnidentifiedImageError

from . import cache
from .pages import Page
from .render import RenderError, render

IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
TILE_SIZE = 512
# The smallest scaled size worth offering in "sizes": a thumbnail.
SMALLEST_SIZE = 64
QUALITIES = {"default", "color"}
FORMATS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}
# Valid in the Image API but not served here: 501 rather than 400.
OTHER_QUALITIES = {"gray", "bitonal"}
OTHER_FORMATS = {"tif", "gif", "pdf", "jp2", "webp"}
NUMBER = r"[0-9]+(?:\.[0-9]+)?"
SIZE = re.compile(r"(?P<confined>!)?(?P<width>[0-9]*),(?P<height>[0-9]*)")


class BadRequest(ValueError):
    """A request that breaks the Image API's syntax or rules: HTTP 400."""


class NotImplementedFeature(ValueError):
    """A valid request for a feature beyond what we serve: HTTP 501."""


class UnreadableImage(Exception):
    """An upload whose header read well but whose pixels do not (truncated, corrupt)."""


@dataclass(frozen=True)
class ImageRequest:
    """A parsed request: which pixels of the page, scaled to what, in which format."""

    region: tuple[int, int, int, int]  # x, y, width, height in page pixels
    size: tuple[int, int]
    quality: str
    format: str
    whole_page: bool = False

    @classmethod
    def parse(
        cls, page: Page, region: str, size: str, rotation: str, quality: str, image_format: str
    ) -> ImageRequest:
        parsed_region = parse_region(region, page.width, page.height)
        parsed_size = parse_size(size, parsed_region[2], parsed_region[3], Limits.from_settings())
        parse_rotation(rotation)
        return cls(
            parsed_region,
            parsed_size,
            parse_quality(quality),
            parse_format(image_format),
            whole_page=parsed_region == (0, 0, page.width, page.height),
        )

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][1]

    @property
    def canonical(self) -> str:
        """The request's canonical form (Image API 3, section 4.7), also its cache path.

        "full/max/0/default.jpg", "0,0,512,512/256,256/0/default.jpg": ``color`` is the
        same picture as ``default`` here, so it is canonically ``default``.
        """
        x, y, width, height = self.region
        region = "full" if self.whole_page else f"{x},{y},{width},{height}"
        size = "max" if self.size == (width, height) else f"{self.size[0]},{self.size[1]}"
        return f"{region}/{size}/0/default.{self.format}"


def parse_region(text: str, width: int, height: int) -> tuple[int, int, int, int]:
    if text == "full":
        return 0, 0, width, height
    if text == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    if text.startswith("pct:"):
        raise NotImplementedFeature("Regions in percent (pct:) are not supported.")
    parts = text.split(",")
    if len(parts) != 4 or not all(part.isascii() and part.isdigit() for part in parts):
        raise BadRequest(f"Invalid region {text!r}: use full, square or x,y,w,h.")
    x, y, w, h = map(int, parts)
    if w == 0 or h == 0:
        raise BadRequest(f"Region {text!r} has no area.")
    if x >= width or y >= height:
        raise BadRequest(f"Region {text!r} lies outside the {width}×{height} image.")
    # A region reaching past the edge is cut at the edge (edge tiles do this).
    return x, y, min(w, width - x), min(h, height - y)


@dataclass(frozen=True)
class Limits:
    """The largest answer, in pixels: ``maxWidth``, ``maxHeight``, ``maxArea``."""

    width: int
    height: int
    area: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(settings.IIIF_MAX_WIDTH, settings.IIIF_MAX_HEIGHT, settings.IIIF_MAX_AREA)

    def fit(self, width: int, height: int) -> tuple[int, int]:
        """``width`` × ``height`` made small enough, keeping its aspect ratio."""
        scale = min(1.0, self.width / width, self.height / height)
        scale = min(scale, math.sqrt(self.area / (width * height)))
        if scale >= 1:
            return width, height
        return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))

    def refuse_beyond(self, text: str, width: int, height: int) -> None:
        if width > self.width or height > self.height or width * height > self.area:
            raise BadRequest(
                f"Size {text!r} ({width}×{height}) is larger than this server answers"
                f" (maxWidth {self.width}, maxHeight {self.height}, maxArea {self.area})."
            )


def parse_size(text: str, width: int, height: int, limits: Limits) -> tuple[int, int]:
    """The output size for a region of ``width`` × ``height``: never larger than it, and
    within ``limits`` (``max`` and ``!w,h`` are fitted to them; other sizes refused)."""
    if text.startswith("^"):
        raise NotImplementedFeature("Upscaling (^) is not supported.")
    if text == "max":
        return limits.fit(width, height)
    if text.startswith("pct:"):
        raise NotImplementedFeature("Sizes in percent (pct:) are not supported.")
    match = SIZE.fullmatch(text)
    if not match or not (match["width"] or match["height"]):
        raise BadRequest(f"Invalid size {text!r}: use max, w, ,h, w,h or !w,h.")
    if match["confined"]:
        if not (match["width"] and match["height"]):
            raise BadRequest(f"Invalid size {text!r}: !w,h needs both.")
        confined = confined_size(int(match["width"]), int(match["height"]), width, height)
        return limits.fit(*confined)
    w = int(match["width"]) if match["width"] else None
    h = int(match["height"]) if match["height"] else None
    if w == 0 or h == 0:
        raise BadRequest(f"Size {text!r} has no area.")
    if (w or 0) > width or (h or 0) > height:
        raise BadRequest(f"Size {text!r} is larger than the {width}×{height} region (no ^).")
    if w is None:
        w = max(1, round(width * h / height))
    if h is None:
        h = max(1, round(height * w / width))
    limits.refuse_beyond(text, w, h)
    return w, h


def confined_size(max_width: int, max_height: int, width: int, height: int) -> tuple[int, int]:
    """!w,h: as large as fits in max_width × max_height, keeping the aspect ratio."""
    if max_width == 0 or max_height == 0:
        raise BadRequest("Size !w,h has no area.")
    max_width, max_height = min(max_width, width), min(max_height, height)
    # One side meets its bound exactly; the other, rounded, cannot pass its own.
    if max_width * height <= max_height * width:
        return max_width, max(1, round(height * max_width / width))
    return max(1, round(width * max_height / height)), max_height


def parse_rotation(text: str) -> None:
    mirrored = text.startswith("!")
    degrees = text.removeprefix("!")
    if not re.fullmatch(NUMBER, degrees) or float(degrees) > 360:
        raise BadRequest(f"Invalid rotation {text!r}: a number of degrees from 0 to 360.")
    if mirrored or float(degrees) not in (0, 360):
        raise NotImplementedFeature("Only rotation 0 is supported.")


def parse_quality(text: str) -> str:
    if text in QUALITIES:
        return text
    if text in OTHER_QUALITIES:
        raise NotImplementedFeature(f"Quality {text!r} is not supported: use default.")
    raise BadRequest(f"Invalid quality {text!r}.")


def parse_format(text: str) -> str:
    if text in FORMATS:
        return text
    if text in OTHER_FORMATS:
        raise NotImplementedFeature(f"Format {text!r} is not supported: use jpg or png.")
    raise BadRequest(f"Invalid format {text!r}.")


def derivative(page: Page, request: ImageRequest) -> BinaryIO:
    """The requested image, opened: from the cache, or made now (and kept if a viewer
    would ask for it again)."""
    path = page.cache_dir / request.canonical
    if (cached := cache.open_cached(path)) is not None:
        return cached
    if is_reusable(page, request):
        cache.store(path, lambda temporary: make(page, request, temporary))
        if (made := cache.open_cached(path)) is not None:
            return made
    # Not kept (or trimmed away at once): a file of its own, gone once it is closed.
    cache.root().mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=cache.root(), suffix=".part")
    os.close(fd)
    output = Path(name)
    try:
        make(page, request, output)
        return output.open("rb")
    finally:
        output.unlink(missing_ok=True)


def make(page: Page, request: ImageRequest, output: Path) -> None:
    """Render the request into the file ``output``."""
    try:
        try:
            render(page.source(), request.region, request.size, output, request.format)
        except FileNotFoundError:  # a rendered PDF page trimmed from the cache meanwhile
            render(page.source(), request.region, request.size, output, request.format)
    except (OSError, ValueError, RenderError, UnidentifiedImageError, pdfium.PdfiumError) as error:
        raise UnreadableImage(f"Image {page.identifier!r} cannot be read: {error}") from error


def is_reusable(page: Page, request: ImageRequest) -> bool:
    """The whole page at some size, or a tile of the grid info.json declares."""
    if request.whole_page:
        return True
    x, y, width, height = request.region
    for factor in scale_factors(page.width, page.height):
        side = TILE_SIZE * factor
        if (
            x % side == 0
            and y % side == 0
            and (width, height) == (min(side, page.width - x), min(side, page.height - y))
            and request.size == (-(-width // factor), -(-height // factor))
        ):
            return True
    return False


def scale_factors(width: int, height: int) -> list[int]:
    """1, 2, 4… until the whole page fits in one tile."""
    factors = [1]
    while max(width, height) / factors[-1] > TILE_SIZE:
        factors.append(factors[-1] * 2)
    return factors


def info(page: Page, service_id: str) -> dict:
    """The page's info.json: what a viewer needs to ask for tiles and sizes."""
    factors = scale_factors(page.width, page.height)
    limits = Limits.from_settings()
    sizes = [
        {"width": -(-page.width // factor), "height": -(-page.height // factor)}
        for factor in reversed(factors)
    ]
    # Every size offered must be one the server answers.
    sizes = [s for s in sizes if limits.fit(s["width"], s["height"]) == tuple(s.values())]
    return {
        "@context": IMAGE_CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level1",
        "width": page.width,
        "height": page.height,
        "maxWidth": limits.width,
        "maxHeight": limits.height,
        "maxArea": limits.area,
        "sizes": [size for size in sizes if max(size.values()) >= SMALLEST_SIZE] or sizes[-1:],
        "tiles": [{"width": TILE_SIZE, "height": TILE_SIZE, "scaleFactors": factors}],
        "preferredFormats": ["jpg"],
        "extraFormats": ["png"],
        "extraQualities": ["color"],
        "extraFeatures": ["sizeByConfinedWh"],
    }
