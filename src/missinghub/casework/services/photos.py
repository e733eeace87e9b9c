"""Checking a Philomena photo: the bytes decide, never the file's name. Only JPEG and PNG, no
larger than `MISSINGHUB_PHILOMENA_PHOTO_MAX_BYTES`, a picture Pillow can read; it is re-encoded,
which drops EXIF (camera, GPS position, time) and any other metadata the file carried."""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 40_000_000  # far beyond any phone photo; refuses decompression bombs early


class PhotoRefused(ValueError):
    """The photo cannot be accepted; the message says why, in words for the person uploading."""


@dataclass(frozen=True)
class CheckedPhoto:
    content: bytes
    content_type: str  # image/jpeg or image/png
    extension: str  # jpg or png


def sniff_type(head: bytes) -> str | None:
    if head.startswith(JPEG_MAGIC):
        return "image/jpeg"
    if head.startswith(PNG_MAGIC):
        return "image/png"
    return None


def check_photo(content: bytes) -> CheckedPhoto:
    limit = settings.MISSINGHUB_PHILOMENA_PHOTO_MAX_BYTES
    if not content:
        raise PhotoRefused("The file is empty.")
    if len(content) > limit:
        raise PhotoRefused(f"The photo must be smaller than {limit / 1_048_576:.1f} MB.")
    content_type = sniff_type(content[:8])
    if content_type is None:
        raise PhotoRefused("The photo must be a JPEG or PNG picture.")
    return _reencoded(content, content_type)


def _reencoded(content: bytes, content_type: str) -> CheckedPhoto:
    image_format = "JPEG" if content_type == "image/jpeg" else "PNG"
    try:
        with Image.open(BytesIO(content), formats=[image_format]) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRefused("The photo has too many pixels; send a smaller one.")
            probe.verify()
        with Image.open(BytesIO(content), formats=[image_format]) as image:
            upright = ImageOps.exif_transpose(image)
            out = BytesIO()
            if image_format == "JPEG":
                upright.convert("RGB").save(out, format="JPEG", quality=90)
            else:
                upright.save(out, format="PNG")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise PhotoRefused("The file is damaged or is not a picture.") from error
    extension = "jpg" if image_format == "JPEG" else "png"
    return CheckedPhoto(out.getvalue(), content_type, extension)
