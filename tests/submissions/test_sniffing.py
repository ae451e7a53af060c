"""Content sniffing against the allow-list, and the ZIP-bomb check on the central directory."""

import io
import struct
import zipfile

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from submissions import samples
from submissions.sniffing import ZipLimits, check_head, sniff

PPTX = samples.ooxml("pptx")
DOCX = samples.ooxml("docx")
XLSX = samples.ooxml("xlsx")
HWPX = samples.hwpx()
HWP = samples.ole(["FileHeader", "DocInfo", "BodyText"])
PDF = samples.pdf(["Prototype"])
PNG = samples.chat_screenshot()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
MP4 = samples.mp4_head() + b"\x00" * 500
ZIP = samples.zip_archive({"app.py": "print('안녕하세요')", "README.md": "# 민원 분류 챗봇"})
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 500
SCRIPT = b"#!/bin/sh\nrm -rf /\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def check(data, extension, kind, limits=None):
    return sniff(io.BytesIO(data), extension=extension, kind=kind, size=len(data), limits=limits)


@pytest.mark.parametrize(
    "data,extension,kind,detected,content_type",
    [
        (PDF, "pdf", "slides", "pdf", "application/pdf"),
        (PPTX, "pptx", "slides", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (DOCX, "docx", "document", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "xlsx", "document", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (HWPX, "hwpx", "document", "hwpx", "application/hwp+zip"),
        (HWP, "hwp", "document", "hwp", "application/x-hwp"),
        (PNG, "png", "screenshot", "png", "image/png"),
        (JPEG, "jpg", "screenshot", "jpeg", "image/jpeg"),
        (JPEG, "jpeg", "screenshot", "jpeg", "image/jpeg"),
        (MP4, "mp4", "video", "mp4", "video/mp4"),
        (ZIP, "zip", "source", "zip", "application/zip"),
    ],
)
def test_allowed_files_pass(data, extension, kind, detected, content_type):
    verdict = check(data, extension, kind)

    assert (verdict.ok, verdict.detected, verdict.content_type, verdict.problem) == (True, detected, content_type, "")


@pytest.mark.parametrize(
    "data,extension,what",
    [
        (EXE, "pdf", "Windows program"),
        (ELF, "png", "Linux program"),
        (SCRIPT, "zip", "script"),
        (EXE, "hwp", "Windows program"),
    ],
)
def test_a_renamed_program_is_refused(data, extension, what):
    kind = {"pdf": "document", "png": "screenshot", "zip": "source", "hwp": "document"}[extension]
    verdict = check(data, extension, kind)

    assert (verdict.ok, verdict.problem, verdict.params) == (False, "executable", {"what": what})
    assert verdict.message() == f"This file is a program ({what}), not a document. It was refused."


@pytest.mark.parametrize(
    "data,extension,kind",
    [
        (PNG, "pdf", "document"),  # a screenshot renamed .pdf
        (PDF, "png", "screenshot"),
        (PPTX, "docx", "document"),  # a presentation renamed .docx
        (ZIP, "pptx", "slides"),  # any ZIP renamed .pptx
        (ZIP, "hwpx", "document"),
        (samples.ole(["WordDocument"]), "hwp", "document"),  # an old Word file renamed .hwp
        (PDF, "mp4", "video"),
        (samples.mp4_head(b"heic") + b"\0" * 100, "mp4", "video"),  # a HEIC photo renamed .mp4
    ],
)
def test_content_that_contradicts_the_extension_is_refused(data, extension, kind):
    verdict = check(data, extension, kind)

    assert (verdict.ok, verdict.problem) == (False, "mismatch")


def test_extension_must_fit_the_kind():
    verdict = check(PNG, "png", "slides")

    assert (verdict.ok, verdict.problem) == (False, "extension")
    assert verdict.message({"slides": "발표자료"}) == (
        "Files of this type (.png) cannot be uploaded as 발표자료. Allowed: .pptx, .pdf."
    )
    assert check(EXE, "exe", "document").problem == "extension"
    assert check(PDF, "pdf", "nonsense").problem == "kind"


def test_a_zero_byte_file_is_refused():
    assert check(b"", "pdf", "document").problem == "empty"


def test_a_zip_bomb_is_refused_by_its_compression_ratio_without_extracting():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("zeros.bin", "w") as entry:
            for _ in range(20):
                entry.write(b"\0" * 1024 * 1024)  # 20 MB of zeros: about 20 KB compressed
    data = bomb.getvalue()

    verdict = check(data, "zip", "source")

    assert len(data) < 100_000
    assert (verdict.ok, verdict.problem) == (False, "zip_ratio")


def forge_uncompressed_size(data: bytes, claimed: int) -> bytes:
    """Rewrite the uncompressed size the central directory claims for its first entry."""
    at = data.index(b"PK\x01\x02")
    return data[: at + 24] + struct.pack("<I", claimed) + data[at + 28 :]


def test_an_archive_claiming_more_than_the_size_cap_is_refused():
    data = forge_uncompressed_size(
        samples.zip_archive({"big.bin": b"x" * 1000}, compression=zipfile.ZIP_STORED), 3 * 1024**3
    )

    verdict = check(data, "zip", "source", ZipLimits(max_ratio=10**9))

    assert (verdict.ok, verdict.problem) == (False, "zip_size")


def test_nested_archives_are_not_opened_but_the_outer_size_counts():
    inner = samples.zip_archive({"zeros.bin": b"\0" * 2 * 1024 * 1024})
    outer = samples.zip_archive({"inner.zip": inner, "app.py": "print(1)"})

    assert check(outer, "zip", "source").ok is True
    assert check(outer, "zip", "source", ZipLimits(max_total_uncompressed=1000)).problem == "zip_size"


def test_too_many_entries():
    data = samples.zip_archive({f"f{n}.txt": "x" for n in range(30)})

    assert check(data, "zip", "source", ZipLimits(max_entries=20)).problem == "zip_entries"


def test_encrypted_and_damaged_archives():
    encrypted = bytearray(ZIP)
    at = encrypted.index(b"PK\x01\x02")
    encrypted[at + 8] |= 1  # the central directory's "encrypted" flag

    assert check(bytes(encrypted), "zip", "source").problem == "zip_encrypted"
    assert check(ZIP[: len(ZIP) // 2], "zip", "source").problem == "damaged"
    assert check(b"PK\x03\x04" + b"\0" * 100, "docx", "document").problem == "damaged"


def test_hwpx_needs_its_mimetype_entry():
    wrong = samples.zip_archive({"mimetype": "application/zip", "Contents/section0.xml": "<x/>"})

    assert check(wrong, "hwpx", "document").problem == "mismatch"


def test_damaged_hwp():
    assert check(HWP[:600], "hwp", "document").problem == "damaged"


def test_check_head_refuses_early():
    assert check_head(EXE[:64], "pdf").problem == "executable"
    assert check_head(PNG[:64], "pdf").problem == "mismatch"
    assert check_head(PDF[:64], "pdf") is None
    assert check_head(b"", "pdf") is None
    assert check_head(PDF[:64], "exe").problem == "unsupported"


@settings(max_examples=300)
@given(
    st.binary(max_size=2048),
    st.sampled_from(["pdf", "png", "jpg", "mp4", "zip", "pptx", "docx", "xlsx", "hwpx", "hwp"]),
)
def test_arbitrary_bytes_never_crash_the_sniffer(data, extension):
    kind = {"png": "screenshot", "jpg": "screenshot", "mp4": "video", "zip": "source"}.get(extension, "document")
    verdict = check(data, extension, kind)

    assert verdict.ok in (True, False)
    if verdict.ok:
        assert not data.startswith((b"MZ", b"\x7fELF", b"#!"))


@given(st.binary(min_size=1, max_size=512))
def test_programs_never_pass_whatever_follows_the_signature(tail):
    for signature in (b"MZ", b"\x7fELF", b"#!"):
        assert check(signature + tail, "pdf", "document").ok is False
