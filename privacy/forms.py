from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learninggroup.audit.models import AccessAction
from learninggroup.audit.selectors import AccessLogFilter


class AccessLogFilterForm(forms.Form):
    person = forms.CharField(label=_("Person"), required=False, max_length=100)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AccessAction.choices]
    )
    since = forms.DateField(label=_("Date from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Date to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The first day cannot be after the last day."))
        return data

    def filters(self) -> AccessLogFilter:
        """The filters of a valid form; an invalid form filters nothing (its errors are shown)."""
        if not self.is_valid():
            return AccessLogFilter()
        data = self.cleaned_data
        return AccessLogFilter(person=data["person"], action=data["action"], since=data["since"], until=data["until"])


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label=_("Months kept after the last day"),
        min_value=1,
        max_value=120,
        help_text=_("After this the personal data of the cohort is destroyed; results and the casebook stay."),
    )
