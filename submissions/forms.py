from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learninggroup import forms as lg_forms

from .models import SUBMISSION_FIELDS, AttachmentKind, Prompt, Submission
from .services import REQUIRED_TO_SUBMIT
from .uploads import MB

TEXT_LIMIT = 10_000


def _area(rows: int, placeholder=None) -> forms.Textarea:
    attrs = {"rows": rows}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.Textarea(attrs=attrs)


class SubmissionForm(lg_forms.ModelForm):
    """The team's edit form. `version` is the version the text was loaded from (optimistic locking)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    demo_url = forms.URLField(
        label=Submission._meta.get_field("demo_url").verbose_name,
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    source_url = forms.URLField(
        label=Submission._meta.get_field("source_url").verbose_name,
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Submission
        fields = SUBMISSION_FIELDS
        widgets = {
            "summary": forms.TextInput(attrs={"placeholder": _("One sentence: who it helps and how")}),
            "background": _area(6, _("What problem in your work or for citizens made you start?")),
            "description": _area(8, _("What does the prototype do, step by step?")),
            "beneficiaries": _area(3),
            "expected_effect": _area(5, _("Time saved, fewer complaints, better service …")),
            "ai_tools": _area(3, _("e.g. ChatGPT (GPT-4o), Claude, Gemini, Copilot Studio")),
        }

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name in ("background", "description", "beneficiaries", "expected_effect", "ai_tools"):
            self.fields[name].max_length = TEXT_LIMIT
            self.fields[name].widget.attrs["maxlength"] = TEXT_LIMIT
        for name in SUBMISSION_FIELDS:
            self.fields[name].required = False
        if submitting:
            for name in REQUIRED_TO_SUBMIT:
                self.fields[name].required = True
        self.fields["demo_url"].widget.attrs["inputmode"] = "url"
        self.fields["source_url"].widget.attrs["inputmode"] = "url"

    def clean_demo_url(self):
        return _http_only(self.cleaned_data.get("demo_url", ""))

    def clean_source_url(self):
        return _http_only(self.cleaned_data.get("source_url", ""))


def _http_only(url: str) -> str:
    if url and not url.lower().startswith(("http://", "https://")):
        raise forms.ValidationError(_("Enter an address that starts with https:// or http://."))
    return url


class AttachmentForm(lg_forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"), allow_empty_file=True)  # the service says an empty file is empty


class PromptForm(lg_forms.ModelForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput, initial=0)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Separate with commas, e.g. 민원, 요약, 분류"),
    )

    class Meta:
        model = Prompt
        fields = ("title", "purpose", "text", "tool", "example_input", "example_output", "tips", "consent_to_publish")
        widgets = {
            "purpose": _area(3, _("What is the prompt for, in which task?")),
            "text": _area(10),
            "example_input": _area(5),
            "example_output": _area(5),
            "tips": _area(3, _("What made it work; what to watch out for")),
            "tool": forms.TextInput(attrs={"placeholder": _("e.g. ChatGPT (GPT-4o)")}),
        }
        help_texts = {
            "consent_to_publish": _(
                "Other teams and the casebook may show this prompt. Remove personal data before you consent."
            ),
            "example_input": _("Never paste real complaints with names, phone numbers or resident numbers."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(self.instance.tag_list)
            self.initial["version"] = self.instance.version
        for name in ("purpose", "text", "example_input", "example_output", "tips"):
            self.fields[name].max_length = TEXT_LIMIT
            self.fields[name].widget.attrs["maxlength"] = TEXT_LIMIT


class CasebookForm(lg_forms.Form):
    for_casebook = forms.BooleanField(label=_("For the casebook"), required=False)
    category = forms.CharField(
        label=_("Category"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("The category is too long: at most %(limit_value)d characters.")},
    )


class SettingsForm(lg_forms.Form):
    deadline = forms.DateTimeField(
        label=_("Submission deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the cohort's time zone. After it, teams can no longer change their submission."),
    )
    gallery_open = forms.BooleanField(
        label=_("Open the gallery"),
        required=False,
        help_text=_("Everyone in the cohort can then see the other teams' submitted work."),
    )
    max_mb = forms.IntegerField(label=_("Largest file (MB, except video)"), required=False, min_value=1, max_value=2048)
    video_max_mb = forms.IntegerField(label=_("Largest video (MB)"), required=False, min_value=1, max_value=10240)
    quota_mb = forms.IntegerField(
        label=_("All files of a submission (MB)"), required=False, min_value=1, max_value=20480
    )

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "deadline": data["deadline"],
            "gallery_open": data["gallery_open"],
            "max_bytes": data["max_mb"] * MB if data["max_mb"] else None,
            "video_max_bytes": data["video_max_mb"] * MB if data["video_max_mb"] else None,
            "quota_bytes": data["quota_mb"] * MB if data["quota_mb"] else None,
        }


class ExtensionForm(lg_forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    until = forms.DateTimeField(
        label=_("Until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
