"""File names: NFC, no paths, no control or reserved characters, Korean kept, length limited."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from submissions.names import MAX_BYTES, MAX_CHARS, extension_of, sanitize_filename, split_extension


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("C:\\Users\\김민준\\발표자료.pptx", "발표자료.pptx"),
        ("민원 분류 챗봇 최종.pdf", "민원 분류 챗봇 최종.pdf"),
        ("  .hidden.pdf  ", "hidden.pdf"),
        ('a<b>c:d"e|f?g*h.png', "a b c d e f g h.png"),
        ("tab\there\nnew.pdf", "tab here new.pdf"),
        ("report\u202efdp.exe", "report fdp.exe"),  # right-to-left override cannot disguise the extension
        ("CON.txt", "_CON.txt"),
        ("", "file"),
        ("..", "file"),
        ("/", "file"),
        (".pdf", "pdf"),
        ("???.pdf", "file.pdf"),
    ],
)
def test_sanitize(raw, clean):
    assert sanitize_filename(raw) == clean


def test_macos_nfd_korean_name_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "발표자료_최종.pptx")
    assert nfd != "발표자료_최종.pptx"

    assert sanitize_filename(nfd) == "발표자료_최종.pptx"


def test_a_300_character_name_is_shortened_keeping_its_extension():
    name = sanitize_filename("가" * 300 + ".hwpx")

    assert name.endswith(".hwpx")
    assert len(name) <= MAX_CHARS
    assert len(name.encode()) <= MAX_BYTES
    assert name == "가" * ((MAX_BYTES - 5) // 3) + ".hwpx"


def test_extension_helpers():
    assert split_extension("보고서.최종.PDF") == ("보고서.최종", ".PDF")
    assert extension_of("보고서.최종.PDF") == "pdf"
    assert extension_of("README") == ""
    assert extension_of(".bashrc") == ""


@given(st.text(max_size=400))
def test_sanitized_names_are_safe(raw):
    name = sanitize_filename(raw)

    assert name
    assert "/" not in name and "\\" not in name
    assert not name.startswith((".", " "))
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn"} for c in name)
    assert not set('<>:"|?*') & set(name)
    assert unicodedata.is_normalized("NFC", name)
    assert len(name) <= MAX_CHARS and len(name.encode()) <= MAX_BYTES
    assert sanitize_filename(name) == name


@given(
    st.text(alphabet=st.characters(categories=["Lo", "Nd", "Lu", "Ll"]), min_size=1, max_size=400),
    st.sampled_from(["pdf", "hwpx", "pptx", "png"]),
)
def test_the_extension_survives(stem, extension):
    assert extension_of(sanitize_filename(f"{stem}.{extension}")) == extension
