"""The operating institution's emblem: told by its content (PNG, JPEG, WebP; never SVG), limited in bytes and
pixels, shown in the header with alt text, and served only to members as an image that runs nothing."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learninggroup.demo import demo_emblem
from learninggroup.images import image_info, looks_like_svg
from learninggroup.models import Organization, Role

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_header(width: int, height: int) -> bytes:
    body = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", len(body)) + b"IHDR" + body + struct.pack(">I", zlib.crc32(b"IHDR" + body))
    return b"\x89PNG\r\n\x1a\n" + chunk


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xda"


def webp_header(kind: bytes, width: int, height: int) -> bytes:
    if kind == b"VP8X":
        body = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    elif kind == b"VP8L":
        body = b"\x2f" + ((width - 1) | (height - 1) << 14).to_bytes(4, "little")
    else:
        body = b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height)
    chunk = kind + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


@pytest.mark.parametrize(
    "data,expected",
    [
        (png_header(96, 64), ("image/png", "png", 96, 64)),
        (jpeg_header(120, 80), ("image/jpeg", "jpg", 120, 80)),
        (webp_header(b"VP8X", 300, 200), ("image/webp", "webp", 300, 200)),
        (webp_header(b"VP8L", 64, 48), ("image/webp", "webp", 64, 48)),
        (webp_header(b"VP8 ", 128, 128), ("image/webp", "webp", 128, 128)),
    ],
)
def test_the_format_and_size_come_from_the_first_bytes(data, expected):
    info = image_info(data)
    assert (info.content_type, info.extension, info.width, info.height) == expected


@pytest.mark.parametrize(
    "data", [SVG, b"GIF89a\x10\x00\x10\x00", b"MZ\x90\x00", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WAVEfmt ", b""]
)
def test_anything_else_is_not_an_image(data):
    assert image_info(data) is None


def test_svg_is_recognised_to_say_why_it_is_refused():
    assert looks_like_svg(SVG) and looks_like_svg(b"\xef\xbb\xbf  <svg viewBox='0 0 1 1'/>")
    assert not looks_like_svg(b"<html><body>hi</body></html>")


# The organizer's page ------------------------------------------------------------------------------


def upload(client, cohort, data, name="emblem.png", **extra):
    return client.post(
        reverse("emblem_settings", args=[cohort.pk]), {"emblem": SimpleUploadedFile(name, data)}, **extra
    )


def stored_files(settings):
    root = settings.MEDIA_ROOT / "organizations"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_organizer_uploads_the_emblem_and_every_page_of_the_cohort_shows_it(client, cohort, organizer, make_member):
    participant = make_member(Role.PARTICIPANT, cohort)
    client.force_login(organizer)

    response = upload(client, cohort, demo_emblem(), name="부산 상징.webp", follow=True)

    organization = Organization.objects.get(pk=cohort.organization_id)
    image = f"{reverse('cohort_emblem', args=[cohort.pk])}?v={organization.emblem_version}"
    assert response.redirect_chain == [(reverse("emblem_settings", args=[cohort.pk]), 302)]
    assert organization.emblem_content_type == "image/png"  # what the bytes are, not what the name says
    assert organization.emblem.name.endswith(".png")
    assert "상징을 저장했습니다." in response.content.decode()
    client.force_login(participant)
    home = client.get(reverse("cohort_home", args=[cohort.pk])).content.decode()
    assert (
        f'<img class="brand-logo brand-emblem" src="{image}" alt="{organization.name} 상징" width="32" height="32">'
        in home
    )
    served = client.get(image)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == demo_emblem()
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served["Cache-Control"] == "private, max-age=86400"


def test_a_new_emblem_replaces_the_old_file_and_removing_it_brings_back_the_platforms_mark(
    client, cohort, organizer, settings, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, cohort, demo_emblem())
        upload(client, cohort, demo_emblem(48))
    assert len(stored_files(settings)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("emblem_settings", args=[cohort.pk]), {"remove": "on"}, follow=True)

    assert "상징을 지웠습니다." in response.content.decode()
    assert stored_files(settings) == []
    home = client.get(reverse("cohort_home", args=[cohort.pk])).content.decode()
    assert "brand-emblem" not in home and "img/logo.svg" in home
    assert client.get(reverse("cohort_emblem", args=[cohort.pk])).status_code == 404


@pytest.mark.parametrize(
    "data,message",
    [
        (SVG, "SVG 이미지는 받지 않습니다(스크립트를 담을 수 있습니다). 상징을 PNG로 저장해 올려 주세요."),
        (b"%PDF-1.4 not an image", "상징은 PNG, JPEG, WebP 이미지로 올려 주세요."),
        (png_header(4000, 4000), "이미지는 한 변이 16~2048픽셀이어야 합니다. 이 이미지는 4000 × 4000입니다."),
        (png_header(8, 8), "이미지는 한 변이 16~2048픽셀이어야 합니다. 이 이미지는 8 × 8입니다."),
    ],
)
def test_what_is_not_a_fitting_image_is_refused_with_a_message(client, cohort, organizer, settings, data, message):
    client.force_login(organizer)

    response = upload(client, cohort, data, name="emblem.png")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organization.objects.get(pk=cohort.organization_id).emblem.name == ""
    assert stored_files(settings) == []


def test_a_large_file_is_refused_before_its_body_is_read(client, cohort, organizer, settings):
    settings.EMBLEM_MAX_BYTES = 1024
    client.force_login(organizer)

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        reverse("emblem_settings", args=[cohort.pk]),
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert "이미지가 너무 큽니다. 최대 1 KB까지 올릴 수 있습니다." in response.content.decode()


def test_a_file_just_over_the_limit_is_refused_after_reading(client, cohort, organizer, settings):
    settings.EMBLEM_MAX_BYTES = 1024
    client.force_login(organizer)

    response = upload(client, cohort, png_header(64, 64) + bytes(2000))

    assert response.status_code == 400
    assert "이미지가 너무 큽니다. 최대 1 KB까지 올릴 수 있습니다." in response.content.decode()
    assert Organization.objects.get(pk=cohort.organization_id).emblem.name == ""


def test_the_emblem_of_an_organization_is_not_served_outside_its_cohorts(client, cohort, organizer, make_member):
    client.force_login(organizer)
    upload(client, cohort, demo_emblem())
    stranger = make_member(Role.ORGANIZER)  # organizer of another cohort
    client.force_login(stranger)

    assert client.get(reverse("cohort_emblem", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("emblem_settings", args=[cohort.pk])).status_code == 404
