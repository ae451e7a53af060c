from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learninggroup import forms as lg_forms
from learninggroup.models import Membership

from .models import Team, Topic


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.name} · {obj.department}" if obj.department else obj.user.name


class PreferenceForm(lg_forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic you would like to work on"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("No preference"),
    )
    colleague1 = MembershipChoiceField(
        label=_("First colleague you would like to work with"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )
    colleague2 = MembershipChoiceField(
        label=_("Second colleague you would like to work with"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )

    def __init__(self, *args, topics, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["colleague1"].queryset = colleagues
        self.fields["colleague2"].queryset = colleagues
        self.fields["colleague2"].help_text = _(
            "A wish counts most when it is mutual: ask your colleague to choose you too."
        )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("colleague1"), cleaned.get("colleague2")
        if first and second and first.pk == second.pk:
            self.add_error("colleague2", _("Choose two different colleagues."))
        return cleaned

    @property
    def colleagues(self) -> list[Membership]:
        return [c for c in (self.cleaned_data.get("colleague1"), self.cleaned_data.get("colleague2")) if c]


class TopicForm(lg_forms.Form):
    name = forms.CharField(label=_("New topic"), max_length=200)


NO_TEAM = "none"


class MoveForm(lg_forms.Form):
    """One participant, the team the facilitator saw them in, and where to put them (NO_TEAM = out of teams)."""

    membership = forms.ModelChoiceField(queryset=Membership.objects.none())
    from_team = forms.IntegerField(required=False)
    version = forms.IntegerField(required=False)
    to_team = forms.CharField(label=_("Move to"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["membership"].queryset = Membership.objects.filter(cohort=cohort).select_related("user")
        self.fields["membership"].error_messages["invalid_choice"] = _("That person is not a member of this cohort.")
        self.fields["membership"].error_messages["required"] = _("Choose a person to move.")

    def clean_to_team(self) -> Team | None:
        value = (self.cleaned_data.get("to_team") or "").strip()
        if not value:
            raise forms.ValidationError(_("Choose the team to move to."))
        if value == NO_TEAM:
            return None
        team = Team.objects.filter(cohort=self.cohort, pk=value).first() if value.isdigit() else None
        if team is None:
            raise forms.ValidationError(_("That team no longer exists. Reload the page to see the current teams."))
        team.cohort = self.cohort
        return team

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("to_team") is None and cleaned.get("from_team") is None:
            name = cleaned["membership"].user.name
            raise forms.ValidationError(_("%(name)s is in no team already.") % {"name": name})
        return cleaned


class TeamCreateForm(lg_forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class TeamForm(lg_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Team name"), max_length=100)
    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "topic-options"}),
    )
    idea = forms.CharField(
        label=_("Short idea"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In two or three sentences: what the team's prototype will do, and for whom."),
    )
    leader = MembershipChoiceField(
        label=_("Team leader"), queryset=Membership.objects.none(), required=False, empty_label=_("Not chosen")
    )
    facilitator = MembershipChoiceField(
        label=_("Facilitator"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Not chosen"),
        help_text=_("The facilitator who looks after the team; in contests they do not judge its entries."),
    )

    def __init__(self, *args, members, facilitators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = members
        self.fields["facilitator"].queryset = facilitators if facilitators is not None else Membership.objects.none()
