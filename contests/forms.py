from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DECLARABLE_KINDS, ENTRY_FORM_FIELDS, Contest, ContestKind, EntryForm, TieBreak


def _when(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ContestCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContestKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    entry_deadline = _when(_("Entry deadline"))
    judging_opens_at = _when(_("Judging opens"))
    judging_closes_at = _when(_("Judging closes"))

    def clean(self):
        data = super().clean()
        opens, closes = data.get("judging_opens_at"), data.get("judging_closes_at")
        if opens and closes and opens >= closes:
            self.add_error("judging_closes_at", _("Judging must close after it opens."))
        return data


class ContestSettingsForm(forms.ModelForm):
    """The contest's dates, the published formula and the assignment settings."""

    entry_deadline = _when(_("Entry deadline"))
    judging_opens_at = _when(_("Judging opens"))
    judging_closes_at = _when(_("Judging closes"))
    tie_break = forms.MultipleChoiceField(
        label=_("Tie-break ladder (in this order)"),
        choices=TieBreak.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contest
        fields = [
            "name",
            "description",
            "entry_deadline",
            "judging_opens_at",
            "judging_closes_at",
            "judges_weight",
            "peer_weight",
            "judges_per_entry",
            "max_load",
            "share_comments",
            "tie_break",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_tie_break(self):
        chosen = self.cleaned_data.get("tie_break") or []
        return [step for step in TieBreak.values if step in chosen]


class RoundWeightForm(forms.Form):
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=0, max_value=100)
    carry_from = forms.TypedChoiceField(label=_("Carry in from"), required=False, coerce=int, empty_value=None)
    carry_weight = forms.IntegerField(label=_("Carried-in share (%)"), min_value=0, max_value=100, initial=0)
    votes_per_person = forms.IntegerField(label=_("Votes per participant"), min_value=1, max_value=20, initial=3)

    def __init__(self, *args, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carry_from"].choices = [("", "—")] + [(r.pk, r.name) for r in earlier]


class EntryFormForm(forms.ModelForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = EntryForm
        fields = list(ENTRY_FORM_FIELDS)
        # Every long text of the form (the TextFields) gets a text area.
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ENTRY_FORM_FIELDS
            if EntryForm._meta.get_field(name).get_internal_type() == "TextField"
        }


class RecuseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of conflict"), choices=[(k.value, k.label) for k in DECLARABLE_KINDS])
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class AwardLevelForm(forms.Form):
    name = forms.CharField(label=_("Award"), max_length=100)
    quota = forms.IntegerField(label=_("Quota"), min_value=1, max_value=100, initial=1)
    is_special = forms.BooleanField(label=_("Special award"), required=False)
