"""Reading a roster file (CSV or XLSX) into rows, with every problem reported by line.

Pure: no ORM. The import service decides what the rows mean for the database.
Columns: 이름, 이메일, 부서, 직급, 연락처 (or name, email, department, position, phone),
optionally 역할/role and AI 경험/ai_level. Korean Excel saves CSV as CP949; macOS may
give decomposed (NFD) Hangul: both are handled.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .errors import DomainError

FIELDS = ("name", "email", "department", "position", "phone", "role", "ai_level")
REQUIRED = ("name", "email")

HEADER_ALIASES = {
    "name": ("이름", "성명", "name", "fullname"),
    "email": ("이메일", "이메일주소", "전자우편", "메일", "email", "e-mail", "emailaddress", "mail"),
    "department": ("부서", "소속", "소속부서", "department", "dept"),
    "position": ("직급", "직위", "position", "rank", "grade", "title"),
    "phone": ("연락처", "전화번호", "휴대전화", "휴대폰", "phone", "mobile", "tel", "telephone"),
    "role": ("역할", "role"),
    "ai_level": ("ai경험", "ai수준", "ai활용수준", "ailevel", "aiexperience", "experience"),
}

ROLE_ALIASES = {
    "participant": ("참여자", "참가자", "participant", "학습자"),
    "facilitator": ("퍼실리테이터", "진행자", "facilitator"),
    "organizer": ("운영자", "주관", "organizer"),
    "judge": ("심사위원", "심사자", "judge"),
}

AI_LEVEL_ALIASES = {
    1: ("1", "입문", "beginner", "none"),
    2: ("2", "기초", "초급", "basic"),
    3: ("3", "중급", "intermediate"),
    4: ("4", "고급", "advanced"),
    5: ("5", "전문", "전문가", "expert"),
}

MAX_LENGTHS = {"name": 100, "email": 254, "department": 100, "position": 100, "phone": 30}
PHONE_RE = re.compile(r"^\+?[0-9][0-9\-\s().]{6,24}$")


def clean_text(value: object) -> str:
    """A cell as text: NFC-normalized, stripped, inner white space folded."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split())


def _key(text: str) -> str:
    return re.sub(r"[\s_\-().·]", "", clean_text(text)).lower()


_HEADER_LOOKUP = {_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
_ROLE_LOOKUP = {_key(alias): role for role, aliases in ROLE_ALIASES.items() for alias in aliases}
_AI_LOOKUP = {_key(alias): level for level, aliases in AI_LEVEL_ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    email: str
    department: str = ""
    position: str = ""
    phone: str = ""
    role: str | None = None
    ai_level: int | None = None


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the file as a whole
    message: str
    name: str = ""  # the person the line is about, when the line names one


@dataclass
class ParsedRoster:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RosterFileError(DomainError):
    """The file cannot be read at all; `message` says why."""


def parse_roster(data: bytes, filename: str, *, max_rows: int = 5000) -> ParsedRoster:
    """Parse a roster file. Never raises for bad content: every problem becomes a RowError."""
    try:
        table = _read_table(data, filename, max_rows=max_rows)
    except RosterFileError as exc:
        return ParsedRoster(errors=[RowError(None, exc.message)])
    return _rows_from_table(table)


def _read_table(data: bytes, filename: str, *, max_rows: int) -> list[tuple[int, list[object]]]:
    if not data:
        raise RosterFileError(_("The file is empty."))
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, max_rows=max_rows)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterFileError(
            _("This looks like an old Excel (.xls) or HWP file. Save it as XLSX or CSV and try again.")
        )
    if name.endswith(".xlsx"):
        raise RosterFileError(_("The file is named .xlsx but is not an Excel workbook."))
    return _read_csv(data, max_rows=max_rows)


def _read_xlsx(data: bytes, *, max_rows: int) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook  # noqa: PLC0415 -- slow import

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise RosterFileError(_("The Excel workbook cannot be opened. Is it damaged?")) from exc
    except Exception as exc:  # openpyxl raises many kinds for broken workbooks
        raise RosterFileError(_("The Excel workbook cannot be opened. Is it damaged?")) from exc
    try:
        sheet = workbook.worksheets[0]
        table: list[tuple[int, list[object]]] = []
        for index, row in enumerate(sheet.iter_rows(values_only=True, max_col=len(FIELDS) + 10), start=1):
            if len(table) > max_rows:
                raise RosterFileError(
                    _("The file has more than %(max)d rows. Split it and import the parts.") % {"max": max_rows}
                )
            table.append((index, list(row)))
        return table
    except RosterFileError:
        raise
    except Exception as exc:
        raise RosterFileError(_("The Excel workbook cannot be opened. Is it damaged?")) from exc
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise RosterFileError(_("The file is neither CSV nor XLSX. Save the roster as CSV (UTF-8) or XLSX."))
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(_("The file's characters cannot be read. Save it as CSV (UTF-8) or XLSX."))


def _read_csv(data: bytes, *, max_rows: int) -> list[tuple[int, list[object]]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    table: list[tuple[int, list[object]]] = []
    try:
        for index, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if len(table) > max_rows:
                raise RosterFileError(
                    _("The file has more than %(max)d rows. Split it and import the parts.") % {"max": max_rows}
                )
            table.append((index, row))
    except csv.Error as exc:
        raise RosterFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return table


def _rows_from_table(table: list[tuple[int, list[object]]]) -> ParsedRoster:
    result = ParsedRoster()
    body = [(line, cells) for line, cells in table if any(clean_text(c) for c in cells)]
    if not body:
        result.errors.append(RowError(None, _("The file has no rows.")))
        return result

    header_line, header_cells = body[0]
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for position, cell in enumerate(header_cells):
        label = clean_text(cell)
        if not label:
            continue
        field_name = _HEADER_LOOKUP.get(_key(label))
        if field_name is None:
            unknown.append(label)
        elif field_name in columns.values():
            result.errors.append(RowError(header_line, _("The column “%(column)s” appears twice.") % {"column": label}))
        else:
            columns[position] = field_name
    if unknown:
        result.errors.append(
            RowError(
                header_line,
                _("Unknown column(s): %(columns)s. Use 이름, 이메일, 부서, 직급, 연락처 (optional: 역할, AI 경험).")
                % {"columns": ", ".join(unknown)},
            )
        )
    missing = [f for f in REQUIRED if f not in columns.values()]
    if missing:
        labels = {"name": "이름 (name)", "email": "이메일 (email)"}
        result.errors.append(
            RowError(
                header_line,
                _("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(labels[m] for m in missing)},
            )
        )
    if result.errors:
        return result

    first_line_of: dict[str, int] = {}
    for line, cells in body[1:]:
        values = {name: "" for name in FIELDS}
        raw: dict[str, object] = {}
        for position, field_name in columns.items():
            cell = cells[position] if position < len(cells) else None
            raw[field_name] = cell
            values[field_name] = clean_text(cell)
        row_errors = _validate_row(values, raw)
        email = values["email"].lower()
        if email and not row_errors:
            if email in first_line_of:
                row_errors.append(
                    _("The e-mail %(email)s already appears on line %(line)d.")
                    % {"email": email, "line": first_line_of[email]}
                )
            else:
                first_line_of[email] = line
        if row_errors:
            result.errors.extend(RowError(line, message, values["name"][:100]) for message in row_errors)
            continue
        result.rows.append(
            RosterRow(
                line=line,
                name=values["name"],
                email=email,
                department=values["department"],
                position=values["position"],
                phone=_phone(raw.get("phone"), values["phone"]),
                role=_ROLE_LOOKUP.get(_key(values["role"])) if values["role"] else None,
                ai_level=_AI_LOOKUP.get(_key(values["ai_level"])) if values["ai_level"] else None,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, _("The file has a header but no people.")))
    return result


def _phone(raw: object, text: str) -> str:
    """Excel drops the leading 0 of 010…: give it back."""
    if isinstance(raw, int | float) and text.isdigit() and len(text) in (9, 10) and text.startswith("1"):
        return "0" + text
    return text


def _validate_row(values: dict[str, str], raw: dict[str, object]) -> list[str]:
    errors: list[str] = []
    if not values["name"]:
        errors.append(_("The name (이름) is empty."))
    if not values["email"]:
        errors.append(_("The e-mail (이메일) is empty."))
    else:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid e-mail address.") % {"email": values["email"]})
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            errors.append(_("The %(column)s is longer than %(limit)d characters.") % {"column": name, "limit": limit})
    if values["phone"] and not PHONE_RE.match(_phone(raw.get("phone"), values["phone"])):
        errors.append(_("“%(phone)s” is not a phone number.") % {"phone": values["phone"]})
    if values["role"] and _key(values["role"]) not in _ROLE_LOOKUP:
        errors.append(
            _("Unknown role “%(role)s”: use 참여자, 퍼실리테이터, 운영자 or 심사위원.") % {"role": values["role"]}
        )
    if values["ai_level"] and _key(values["ai_level"]) not in _AI_LOOKUP:
        errors.append(
            _("Unknown AI experience “%(level)s”: use 1–5 or 입문, 기초, 중급, 고급, 전문.")
            % {"level": values["ai_level"]}
        )
    return errors


TEMPLATE_HEADERS = ("이름", "이메일", "부서", "직급", "연락처", "역할", "AI 경험")
TEMPLATE_EXAMPLE = ("김민준", "minjun.kim@example.go.kr", "디지털정책과", "행정7급", "010-1234-5678", "참여자", "3")


def roster_template_xlsx() -> bytes:
    """The roster template: the Korean headers the importer reads and one example row, as XLSX."""
    import xlsxwriter  # noqa: PLC0415 -- slow import

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("명단")
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F6"})
    sheet.write_row(0, 0, TEMPLATE_HEADERS, bold)
    sheet.write_row(1, 0, TEMPLATE_EXAMPLE)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 4, 16)
    sheet.set_column(5, 6, 10)
    workbook.close()
    return out.getvalue()
