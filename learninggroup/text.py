"""Text as people type it, made safe to store: NFC everywhere, one line where one line is meant.

Text typed on a Mac arrives decomposed (NFD: "민원" as six jamo), so searching and uniqueness would treat two
identical-looking strings as different; every text a person enters is NFC-normalized on input. A single-line
value (a title, a name, a venue, a team, cohort or organization name, a category, a tag) never holds a line break
or another control character: a mail header refuses them, and a list or a calendar shows them badly. It is
folded to one line (each run of them, with the spaces around it, becomes one space). Multi-line text keeps its
line breaks and tabs; NUL, which PostgreSQL refuses, and the other control characters are dropped.

Applied by the forms (`learninggroup.forms.NormalizedTextMixin`), by the services where they look text up, and
before every save of a model (`normalize_instance`, connected in `LearningGroupConfig.ready`): CharFields are
single-line, TextFields multi-line.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import IntegrityError, transaction

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators (and the next-line character).
_BREAKS = "\u0085\u2028\u2029"
_CONTROL = "".join(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))) + _BREAKS
_SINGLE_LINE_RUN = re.compile(f"[ ]*[{re.escape(_CONTROL)}][{re.escape(_CONTROL)} ]*")
_MULTI_LINE_DROP = re.compile("[" + re.escape("".join(c for c in _CONTROL if c not in "\t\n")) + "]")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def single_line(value: str | None) -> str:
    """NFC, and every run of line breaks or other control characters (with the spaces around it) one space;
    the ends stripped of those too. Ordinary spaces inside are kept as typed."""
    if not value:
        return value or ""
    value = nfc(value)
    if not _needs_folding(value):
        return value
    return _SINGLE_LINE_RUN.sub(" ", value).strip(" ")


def multi_line(value: str | None) -> str:
    """NFC with LF line ends (CRLF and lone CR become LF); tabs kept, other control characters dropped."""
    if not value:
        return value or ""
    value = nfc(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _MULTI_LINE_DROP.sub("", value)


def _needs_folding(value: str) -> bool:
    return any(char in _CONTROL for char in value)


def search_query(value: str | None, *, max_length: int = 100) -> str:
    """A search box's text: one line, NFC, stripped, at most `max_length` characters."""
    return single_line((value or "")[: max_length * 2]).strip()[:max_length]


def normalize_instance(instance, fields=None) -> list[str]:
    """Normalize the text fields of a model instance in place; returns the names of the fields it changed.

    CharField (and its subclasses: e-mail, slug, URL) → single_line; TextField → multi_line. Works on the
    historical models of a migration too (it looks only at the field classes' internal types).
    """
    changed = []
    for field in fields or instance._meta.concrete_fields:
        kind = field.get_internal_type()
        if kind == "CharField":
            clean = single_line
        elif kind == "TextField":
            clean = multi_line
        else:
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str) or not value:
            continue
        normalized = clean(value)
        if normalized != value:
            setattr(instance, field.attname, normalized)
            changed.append(field.attname)
    return changed


def _unique_field_names(model) -> set[str]:
    names = {f.attname for f in model._meta.concrete_fields if f.unique}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    for together in model._meta.unique_together:
        names.update(together)
    return {model._meta.get_field(name).attname for name in names}


def normalize_table(model, *, batch_size: int = 500) -> int:
    """Normalize every row of `model` (for a data migration); only changed rows are written. Returns how many.

    Two names that differed only in their normalization (an NFD and an NFC "민원팀" in one cohort) would break a
    uniqueness rule once both are NFC: the later row gets " (2)" (" (3)", …) added, so nothing is lost.
    """
    fields = [f for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField")]
    if not fields:
        return 0
    unique = _unique_field_names(model)
    names = [f.attname for f in fields]
    manager = model._default_manager
    pending, changed_fields, count = [], set(), 0
    for row in manager.only("pk", *unique, *names).order_by("pk").iterator(chunk_size=batch_size):
        changed = normalize_instance(row, fields)
        if not changed:
            continue
        count += 1
        if unique.intersection(changed):
            _save_unique(manager, row, changed, [f for f in fields if f.attname in unique])
            continue
        pending.append(row)
        changed_fields.update(changed)
        if len(pending) >= batch_size:
            manager.bulk_update(pending, sorted(changed_fields))
            pending, changed_fields = [], set()
    if pending:
        manager.bulk_update(pending, sorted(changed_fields))
    return count


def _save_unique(manager, row, changed: list[str], unique_fields) -> None:
    """Write one row whose unique text changed; on a clash, number the changed unique value (" (2)", …)."""
    original = {f.attname: getattr(row, f.attname) for f in unique_fields}
    for attempt in range(1, 50):
        if attempt > 1:
            for field in unique_fields:
                if field.attname in changed:
                    suffix = f" ({attempt})"
                    base = original[field.attname][: (field.max_length or 10_000) - len(suffix)]
                    setattr(row, field.attname, base + suffix)
        try:
            with transaction.atomic():
                manager.filter(pk=row.pk).update(**{name: getattr(row, name) for name in changed})
            return
        except IntegrityError:
            continue
    raise IntegrityError(f"cannot normalize {manager.model.__name__} {row.pk} without a clash")
