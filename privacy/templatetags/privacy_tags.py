"""The cohort's retention period for the privacy notice (one query, on the consent page only)."""

from django import template

from privacy.services import retention_for

register = template.Library()


@register.simple_tag
def cohort_retention(cohort):
    return retention_for(cohort=cohort)
