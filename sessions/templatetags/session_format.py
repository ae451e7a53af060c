from django import template

from .. import formatting

register = template.Library()


@register.filter
def day_label(value):
    return formatting.day_label(value) if value else ""


@register.filter
def day_label_year(value):
    return formatting.day_label(value, year=True) if value else ""


@register.filter
def clock(value):
    return formatting.clock(value) if value else ""


@register.filter
def session_when(session):
    """A session's day and hours: 5월 13일(화) 19:00–21:00."""
    return formatting.when(session.starts_at, session.ends_at) if session else ""


@register.filter
def session_when_year(session):
    return formatting.when(session.starts_at, session.ends_at, year=True) if session else ""


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None
