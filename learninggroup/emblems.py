"""The operating institution's emblem in the header: checked, stored, replaced, removed and served.

An upload is sniffed (PNG, JPEG or WebP by its first bytes, never SVG), limited in bytes and in pixels, and
stored under a random name outside static. It is served only to members of the organization's cohorts, as an
image that cannot run anything: its own content type, `nosniff`, and a sandboxing Content-Security-Policy.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .errors import DomainError
from .files import StorageReader
from .images import image_info, looks_like_svg
from .models import Organization

MIN_SIDE = 16


class EmblemError(DomainError):
    """The emblem was refused; ``message`` says why."""


def _check(data: bytes):
    if len(data) > settings.EMBLEM_MAX_BYTES:
        raise EmblemError(
            _("The image is too large: at most %(size)d KB.") % {"size": settings.EMBLEM_MAX_BYTES // 1024},
            code="too_large",
        )
    info = image_info(data)
    if info is None:
        if looks_like_svg(data):
            raise EmblemError(
                _("SVG images are not accepted (they can carry scripts). Save the emblem as PNG and upload that."),
                code="svg",
            )
        raise EmblemError(_("Upload the emblem as a PNG, JPEG or WebP image."), code="not_an_image")
    side = settings.EMBLEM_MAX_SIDE
    if max(info.width, info.height) > side or min(info.width, info.height) < MIN_SIDE:
        raise EmblemError(
            _("The image must be between %(least)d and %(most)d pixels a side; this one is %(width)d × %(height)d.")
            % {"least": MIN_SIDE, "most": side, "width": info.width, "height": info.height},
            code="size",
        )
    return info


@transaction.atomic
def organization_set_emblem(*, organization: Organization, upload) -> Organization:
    """Check and store a new emblem; the old file is deleted once the change is committed."""
    data = upload.read(settings.EMBLEM_MAX_BYTES + 1)
    info = _check(data)
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    old = locked.emblem.name if locked.emblem else ""
    locked.emblem.save(f"emblem.{info.extension}", ContentFile(data), save=False)
    stored, storage = locked.emblem.name, locked.emblem.storage
    locked.emblem_content_type = info.content_type
    try:
        locked.save(update_fields=["emblem", "emblem_content_type"])
    except Exception:
        storage.delete(stored)
        raise
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    return locked


@transaction.atomic
def organization_remove_emblem(*, organization: Organization) -> Organization:
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if locked.emblem:
        old, storage = locked.emblem.name, locked.emblem.storage
        locked.emblem = ""
        locked.emblem_content_type = ""
        locked.save(update_fields=["emblem", "emblem_content_type"])
        transaction.on_commit(lambda: storage.delete(old))
    return locked


def emblem_response(organization: Organization) -> FileResponse:
    """The emblem as an image that runs nothing; cached by the browser for a day (its link changes with it)."""
    if not organization.emblem or not organization.emblem_content_type:
        raise Http404
    storage, name = organization.emblem.storage, organization.emblem.name
    if not storage.exists(name):
        raise Http404
    response = FileResponse(StorageReader(storage, name), content_type=organization.emblem_content_type)
    response["Content-Length"] = str(storage.size(name))
    response["Content-Disposition"] = f'inline; filename="emblem.{name.rsplit(".", 1)[-1]}"'
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
