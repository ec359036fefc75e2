"""The IIIF Image API 3 at level 1: parse a request, cut and scale the page, cache it.

A request is ``{region}/{size}/{rotation}/{quality}.{format}`` after the image's base URI.
Level 1 asks for regions ``full``, ``square`` and ``x,y,w,h``; sizes ``max``, ``w,``,
``,h`` and ``w,h``; rotation ``0``; quality ``default``; format ``jpg``. We add the
confined size ``!w,h``, the quality ``color`` and the format ``png`` (declared in
info.json). A request that breaks the syntax or the rules is a ``BadRequest`` (400); one
that is well formed but asks for a feature we lack (``pct:``, ``^`` upscaling, a rotation
other than 0, ``gray``, ``tif``...) is ``NotImplementedFeature`` (501), as the spec asks.

Each derivative is made once and kept under the page's cache folder, keyed by the
request's canonical form, so ``full/max`` and ``0,0,W,H/W,/0/color.jpg`` share a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from .pages import Page, save_atomically

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
JPEG_QUALITY = 85


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
        parsed_size = parse_size(size, parsed_region[2], parsed_region[3])
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


def parse_size(text: str, width: int, height: int) -> tuple[int, int]:
    """The output size for a region of ``width`` × ``height``, never larger than it."""
    if text.startswith("^"):
        raise NotImplementedFeature("Upscaling (^) is not supported.")
    if text == "max":
        return width, height
    if text.startswith("pct:"):
        raise NotImplementedFeature("Sizes in percent (pct:) are not supported.")
    match = SIZE.fullmatch(text)
    if not match or not (match["width"] or match["height"]):
        raise BadRequest(f"Invalid size {text!r}: use max, w, ,h, w,h or !w,h.")
    if match["confined"]:
        if not (match["width"] and match["height"]):
            raise BadRequest(f"Invalid size {text!r}: !w,h needs both.")
        return confined_size(int(match["width"]), int(match["height"]), width, height)
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


def derivative(page: Page, request: ImageRequest) -> Path:
    """The requested image as a file in the cache, made now if it was not there."""
    path = page.cache_dir / request.canonical
    if path.exists():
        return path
    x, y, width, height = request.region
    try:
        with page.open() as image:
            # resize() with a box crops and scales in one pass, without a full-size copy.
            result = displayable(image).resize(
                request.size, Image.Resampling.LANCZOS, box=(x, y, x + width, y + height)
            )
    except (OSError, ValueError, pdfium.PdfiumError) as error:
        raise UnreadableImage(f"Image {page.identifier!r} cannot be read: {error}") from error
    pillow_format = FORMATS[request.format][0]
    if pillow_format == "JPEG":
        save_atomically(flattened(result), path, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        save_atomically(result, path, "PNG", optimize=True)
    return path


def displayable(image: Image.Image) -> Image.Image:
    """The image in a mode that scales smoothly: L, RGB or RGBA."""
    if image.mode in {"L", "RGB", "RGBA"}:
        return image
    if image.mode in {"I", "I;16", "I;16B", "I;16L", "I;16N"}:
        # 16-bit greyscale scans: keep the top 8 bits.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in {"LA", "PA"} or "transparency" in image.info:
        return image.convert("RGBA")
    return image.convert("RGB")


def flattened(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: lay a transparent image on white paper."""
    if image.mode != "RGBA":
        return image
    paper = Image.new("RGB", image.size, "white")
    paper.paste(image, mask=image.getchannel("A"))
    return paper


def scale_factors(width: int, height: int) -> list[int]:
    """1, 2, 4… until the whole page fits in one tile."""
    factors = [1]
    while max(width, height) / factors[-1] > TILE_SIZE:
        factors.append(factors[-1] * 2)
    return factors


def info(page: Page, service_id: str) -> dict:
    """The page's info.json: what a viewer needs to ask for tiles and sizes."""
    factors = scale_factors(page.width, page.height)
    sizes = [
        {"width": -(-page.width // factor), "height": -(-page.height // factor)}
        for factor in reversed(factors)
    ]
    return {
        "@context": IMAGE_CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level1",
        "width": page.width,
        "height": page.height,
        "sizes": [size for size in sizes if max(size.values()) >= SMALLEST_SIZE] or sizes[-1:],
        "tiles": [{"width": TILE_SIZE, "height": TILE_SIZE, "scaleFactors": factors}],
        "preferredFormats": ["jpg"],
        "extraFormats": ["png"],
        "extraQualities": ["color"],
        "extraFeatures": ["sizeByConfinedWh"],
    }
