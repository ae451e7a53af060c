"""Facilitator notes: Markdown kept as written and rendered once, sanitized, when saved."""

from __future__ import annotations

from django.db import transaction

from learninggroup.models import User

from ..markup import render_markdown
from ..models import FacilitatorNote, Session


@transaction.atomic
def note_create(*, session: Session, author: User, body: str, visibility: str, team=None) -> FacilitatorNote:
    note = FacilitatorNote(session=session, author=author, team=team, body=body, visibility=visibility)
    _render_and_save(note)
    return note


@transaction.atomic
def note_update(*, note: FacilitatorNote, body: str, visibility: str, team=None) -> FacilitatorNote:
    note = FacilitatorNote.objects.select_for_update().select_related("session").get(pk=note.pk)
    note.body, note.visibility, note.team = body, visibility, team
    _render_and_save(note)
    return note


@transaction.atomic
def note_delete(*, note: FacilitatorNote) -> None:
    FacilitatorNote.objects.filter(pk=note.pk).delete()


def _render_and_save(note: FacilitatorNote) -> None:
    note.body_html = render_markdown(note.body)
    note.full_clean()
    note.save()
