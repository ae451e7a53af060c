"""Personal data in prompt text: Korean resident registration numbers, phone numbers, e-mail addresses
and bank account numbers. Pure functions, no Django.

Prompts often quote real complaints (민원), so each prompt is scanned when it is saved; what is found is
shown to the team masked, never in full, and the prompt cannot go into the casebook until it is clean.
The patterns are tuned to flag what is likely personal and to leave dates, times, amounts and
business numbers alone; a person still decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

RRN = "rrn"
PHONE = "phone"
EMAIL = "email"
ACCOUNT = "account"
KINDS = (RRN, PHONE, EMAIL, ACCOUNT)

SEP = r"[-‐‑–—. ]?"  # hyphen, the Unicode dashes people paste from documents, dot or space

# 주민등록번호 / 외국인등록번호: YYMMDD-GXXXXXX, G = 1–4 (citizens), 5–8 (foreign residents)
RRN_PATTERN = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})\s?[-‐‑–—]?\s?([1-8])(\d{6})(?![\d-])")
# Mobile (010, 011, 016–019), Seoul 02, regional 031–064, internet 070; optionally +82 without the 0.
PHONE_PATTERN = re.compile(
    r"(?<![\d-])(?:(?:\+82|0082)[- ]?(?:1[016789]|2|[3-6][1-5]|70)|01[016789]|02|0[3-6][1-5]|070)"
    rf"(?:{SEP}|\)\s?)\d{{3,4}}{SEP}\d{{4}}(?![\d-])"
)
EMAIL_PATTERN = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
# Bank accounts as banks print them: digit groups joined by hyphens (bare digits are too ambiguous).
ACCOUNT_GROUPS = [(3, 2, 6), (3, 3, 6), (3, 6, 5), (4, 3, 6), (6, 2, 6), (3, 4, 4, 2), (3, 2, 4, 3), (4, 4, 5)]
ACCOUNT_PATTERN = re.compile(
    "|".join(r"(?<![\d-])" + "-".join(rf"\d{{{n}}}" for n in groups) + r"(?![\d-])" for groups in ACCOUNT_GROUPS)
)

CONTEXT = 12  # characters shown either side of a finding


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    masked: str  # the match with most of it hidden
    excerpt: str  # the surrounding text, the match masked

    def as_dict(self) -> dict:
        return asdict(self)


def _valid_birth_date(yy: str, mm: str, dd: str, gender: str) -> bool:
    century = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000}[gender]
    try:
        dt.date(century + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return True


def mask(value: str, kind: str) -> str:
    """Hide most of a finding: enough stays to recognise it, not to use it."""
    if kind == EMAIL:
        local, _, domain = value.partition("@")
        return (local[:2] if len(local) > 2 else local[:1]) + "***@" + domain
    digits_seen = 0
    total = sum(char.isdigit() for char in value)
    if kind == RRN:
        keep_front, keep_back = 7, 0  # birth date and the gender digit, as Korean forms print it
    elif kind == PHONE:
        keep_front, keep_back = 3, 4
    else:
        keep_front, keep_back = 3, 2
    out = []
    for char in value:
        if char.isdigit():
            digits_seen += 1
            hidden = keep_front < digits_seen <= total - keep_back
            out.append("*" if hidden else char)
        else:
            out.append(char)
    return "".join(out)


def _excerpt(text: str, start: int, end: int, masked: str) -> str:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    excerpt = ("…" if start > CONTEXT else "") + before + masked + after + ("…" if end + CONTEXT < len(text) else "")
    return re.sub(r"\s+", " ", excerpt).strip()


def find_pii(text: str) -> list[Finding]:
    """Every finding in `text`, in order of position; overlapping matches count once (the first kind wins
    in the order RRN, phone, account, e-mail). Excerpts show the text around a finding with every
    finding in it masked."""
    text = text or ""
    spans: list[tuple[int, int, str]] = []

    def add(kind: str, start: int, end: int) -> None:
        if not any(start < s_end and s_start < end for s_start, s_end, _ in spans):
            spans.append((start, end, kind))

    for match in RRN_PATTERN.finditer(text):
        if _valid_birth_date(*match.group(1, 2, 3, 4)):
            add(RRN, match.start(), match.end())
    for match in PHONE_PATTERN.finditer(text):
        add(PHONE, match.start(), match.end())
    for match in ACCOUNT_PATTERN.finditer(text):
        add(ACCOUNT, match.start(), match.end())
    for match in EMAIL_PATTERN.finditer(text):
        add(EMAIL, match.start(), match.end())
    spans.sort()

    # The whole text with every finding masked, and where each finding sits in it.
    pieces, positions, cursor, length = [], [], 0, 0
    for start, end, kind in spans:
        pieces.append(text[cursor:start])
        length += start - cursor
        masked = mask(text[start:end], kind)
        positions.append((length, length + len(masked), masked))
        pieces.append(masked)
        length += len(masked)
        cursor = end
    pieces.append(text[cursor:])
    masked_text = "".join(pieces)
    return [
        Finding(kind, start, end, masked, _excerpt(masked_text, m_start, m_end, masked))
        for (start, end, kind), (m_start, m_end, masked) in zip(spans, positions, strict=True)
    ]


def scan_fields(fields: dict[str, str]) -> list[dict]:
    """Findings over several named fields, as JSON-ready dicts with the field's name."""
    return [
        {"field": name, "kind": finding.kind, "masked": finding.masked, "excerpt": finding.excerpt}
        for name, value in fields.items()
        for finding in find_pii(value)
    ]
