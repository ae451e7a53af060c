from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import MFA_DEFAULT_ROLES, Cohort, Organization, Role
from .text import multi_line, single_line


class NormalizedTextMixin:
    """Every text field of a bound form is cleaned before validation: NFC, and folded to one line unless its
    widget is a text area (then NFC with LF line ends). Password fields are left exactly as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = normalized_form_data(self)


def normalized_form_data(form):
    data = form.data.copy()
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        key = form.add_prefix(name)
        if key not in data:
            continue
        clean = multi_line if isinstance(field.widget, forms.Textarea) else single_line
        if hasattr(data, "setlist"):
            data.setlist(key, [clean(v) if isinstance(v, str) else v for v in data.getlist(key)])
        elif isinstance(data[key], str):
            data[key] = clean(data[key])
    return data


class Form(NormalizedTextMixin, forms.Form):
    """The project's form: text normalized on input (see NormalizedTextMixin)."""


class ModelForm(NormalizedTextMixin, forms.ModelForm):
    """The project's model form: text normalized on input (see NormalizedTextMixin)."""


class RosterImportForm(Form):
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        help_text=_("Columns: 이름, 이메일, 부서, 직급, 연락처; optional: 역할, AI 경험."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    default_role = forms.ChoiceField(
        label=_("Role for rows without a 역할 column"), choices=Role.choices, initial=Role.PARTICIPANT
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ROSTER_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; a roster may be at most %(limit)s MB."),
                params={
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "limit": f"{settings.ROSTER_MAX_BYTES / 1024 / 1024:.0f}",
                },
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class SetPasswordForm(Form):
    password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class PrivacyNoticeForm(Form):
    purpose = forms.CharField(label=_("Purpose of collection and use"), widget=forms.Textarea(attrs={"rows": 3}))
    items = forms.CharField(label=_("Required items"), widget=forms.Textarea(attrs={"rows": 3}))
    optional_items = forms.CharField(
        label=_("Optional items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Asked with a consent of their own; someone who declines still takes part."),
    )
    retention = forms.CharField(label=_("Retention period"), widget=forms.Textarea(attrs={"rows": 2}))
    refusal = forms.CharField(label=_("Right to refuse and its consequences"), widget=forms.Textarea(attrs={"rows": 3}))


class CohortForm(ModelForm):
    mfa_roles = forms.MultipleChoiceField(
        label=_("Roles that must use two-factor authentication"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("People in these roles turn on an authenticator app before they can open the cohort's pages."),
    )

    class Meta:
        model = Cohort
        fields = ["name", "year", "starts_on", "ends_on", "venue", "team_size_min", "team_size_max", "mfa_roles"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class CohortCreateForm(CohortForm):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())

    class Meta(CohortForm.Meta):
        fields = ["organization", *CohortForm.Meta.fields]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mfa_roles"].initial = list(MFA_DEFAULT_ROLES)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )


class LanguageForm(Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class EmblemForm(Form):
    emblem = forms.FileField(label=_("Emblem image"), required=False)
    remove = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("remove") and not cleaned.get("emblem"):
            self.add_error("emblem", _("Choose an image to upload."))
        return cleaned
