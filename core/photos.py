"""Photos people upload (the portal's, the engineers' completion photos): checked by their content,
never by the name or type the browser claims, and bounded in size."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

IMAGE_SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def photo_type(photo: UploadedFile, *, field: str = "photo") -> str:
    """The content type the photo's first bytes show; refused when too large or not a photo."""
    if photo.size > settings.KEFU_PORTAL_PHOTO_MAX_BYTES:
        raise InvalidInput(
            _("The photo is too large (at most %(mb)s MB).")
            % {"mb": settings.KEFU_PORTAL_PHOTO_MAX_BYTES // (1024 * 1024)},
            fields={field: _("Too large.")},
        )
    head = photo.read(16)
    photo.seek(0)
    for content_type, signatures in IMAGE_SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    raise InvalidInput(_("Send a JPEG, PNG or WebP photo."), fields={field: _("Not a photo.")})
