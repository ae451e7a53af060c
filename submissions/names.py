"""File names people upload, made safe to keep and to show: pure functions, no Django.

A name is NFC-normalized (macOS sends Korean decomposed, NFD), stripped of any path, control and
format characters and of the characters Windows reserves, and shortened to fit while keeping its
extension. Korean and other letters stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 150
MAX_BYTES = 240  # UTF-8; file systems allow 255, and a Korean syllable is three bytes
FALLBACK = "file"

RESERVED = set('<>:"/\\|?*')
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,10})$")


def _allowed(char: str) -> bool:
    if char in RESERVED:
        return False
    # Cc: control characters; Cf: format characters (right-to-left override, zero-width joiners) that
    # can disguise an extension; Cs/Co/Cn: surrogates, private use and unassigned code points.
    return unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"}


def split_extension(name: str) -> tuple[str, str]:
    """("보고서", ".pdf") for "보고서.pdf"; ("README", "") when there is no short alphanumeric extension."""
    match = EXTENSION.search(name)
    if not match or match.start() == 0:
        return name, ""
    return name[: match.start()], name[match.start() :]


def extension_of(name: str) -> str:
    """The lower-case extension without the dot ("pdf"), or ""."""
    return split_extension(name)[1][1:].lower()


def _shorten(stem: str, extension: str, max_chars: int, max_bytes: int) -> str:
    budget_chars = max_chars - len(extension)
    budget_bytes = max_bytes - len(extension.encode())
    stem = stem[: max(budget_chars, 0)]
    while stem and len(stem.encode()) > budget_bytes:
        stem = stem[:-1]
    return stem.rstrip(" .") + extension


def sanitize_filename(name: str, *, max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES, fallback: str = FALLBACK):
    """A safe display name for an uploaded file; never empty, never a path, stable when applied twice."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]  # no directories: "../../etc/passwd" → "passwd"
    name = "".join(char if _allowed(char) else " " for char in name)
    name = re.sub(r"\s+", " ", name).rstrip(" .")  # no trailing dots or spaces (Windows drops them)
    stem, extension = split_extension(name)
    stem = stem.strip(" .")  # no hidden files
    if stem.upper() in WINDOWS_DEVICES or stem.split(".")[0].upper() in WINDOWS_DEVICES:
        stem = "_" + stem
    if not stem:
        stem = fallback
    result = _shorten(stem, extension, max_chars, max_bytes)
    if not split_extension(result)[0]:
        result = _shorten(fallback, extension, max_chars, max_bytes)
    return unicodedata.normalize("NFC", result)


def name_was_shortened(name: str, *, max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES) -> bool:
    """Whether `sanitize_filename` had to cut `name` to fit (not merely clean it)."""
    whole = sanitize_filename(name, max_chars=10**6, max_bytes=10**6)
    return len(whole) > max_chars or len(whole.encode()) > max_bytes
