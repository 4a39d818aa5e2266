"""Forms of the registry pages. Errors are raised at the field they are about.

The rules about one record (a pupil has no contact details, only schools have a phase, ...)
are the model's own (``rules()`` in :mod:`nlc.web.registry.models`, run by ``full_clean``),
so that the API and the imports check exactly what these forms check.

Querysets (which areas, organisations and people may be chosen) are passed in by the views,
which take them from :mod:`nlc.web.registry.access`; the forms decide nothing about who may
do what.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from nlc.web.registry import models

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A ``<select>`` written out in Python rather than with one template per option.

    Django's template-per-option rendering takes over a second for the ten thousand
    options of two people fields in a large network (or the organisations of an area that
    imported every school); this takes a few milliseconds. Flat choices only.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            key = str(option_value)
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{escape(key)}"{selected}>{escape(label)}</option>')
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(options)}</select>')


def searchable(field: forms.Field, url: str) -> None:
    """Give a picker a search-as-you-type box (``static/nlc/picker.js``) that asks ``url``
    (:mod:`nlc.web.registry.search`); without JavaScript it stays a plain select."""
    field.widget.attrs["data-search"] = url


def dates_in_order(form: forms.BaseForm, first: str, last: str, message: str) -> None:
    """Add ``message`` as an error of field ``last`` when its date is before ``first``'s."""
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(last)
    if start and end and end < start:
        form.add_error(last, message)


class DatedForm(forms.ModelForm):
    """A form with ``start_date`` and ``end_date`` that must come in order."""

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "start_date", "end_date", "The end date is before the start date.")
        return cleaned


def lock(field: forms.ModelChoiceField, value) -> None:
    """Show a choice that may not be changed here (the area of a network, say)."""
    field.disabled = True
    field.queryset = field.queryset.model.objects.filter(pk=getattr(value, "pk", value))


class NetworkForm(DatedForm):
    class Meta:
        model = models.Network
        fields = [
            "area",
            "name",
            "focus",
            "programme",
            "start_date",
            "end_date",
            "pupils_may_be_surveyed",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "focus": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        area.queryset = areas
        area.empty_label = None
        if self.instance.pk:
            lock(area, self.instance.area_id)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = models.Organisation
        fields = [
            "area",
            "name",
            "kind",
            "phase",
            "school_type",
            "urn",
            "trust",
            "local_authority",
            "postcode",
            "easting",
            "northing",
            "size",
        ]

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].empty_label = None


class NetworkOrganisationForm(OrganisationForm):
    """A new organisation that a network leader adds to one of the networks they lead."""

    network = forms.ModelChoiceField(
        queryset=models.Network.objects.none(),
        empty_label=None,
        help_text="The new organisation joins this network (one you lead), in its area.",
    )

    def __init__(self, *args, networks, **kwargs):
        areas = models.Area.objects.filter(networks__in=networks).distinct()
        super().__init__(*args, areas=areas, **kwargs)
        self.fields["network"].queryset = networks

    def clean(self):
        cleaned = super().clean()
        network, area = cleaned.get("network"), cleaned.get("area")
        if network is not None and area is not None and network.area_id != area.pk:
            self.add_error("network", f"{network} is in {network.area}, not in {area}.")
        return cleaned


class PersonForm(forms.ModelForm):
    class Meta:
        model = models.Person
        fields = ["organisation", "name", "job_title", "email", "phone", "is_pupil", "hide_contact"]
        widgets = {"organisation": QuickSelect}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MembershipForm(DatedForm):
    """An organisation's membership of ``instance.network`` (set by the view)."""

    class Meta:
        model = models.Membership
        fields = ["organisation", "role", "start_date", "end_date"]
        widgets = {
            "organisation": QuickSelect,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.error_messages["invalid_choice"] = (
            "Choose an organisation of the network's area that is not a member yet."
        )
        if self.instance.pk:
            lock(field, self.instance.organisation_id)

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        clash = models.Membership.objects.filter(
            network_id=self.instance.network_id, organisation=organisation
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"{organisation} is already a member of this network.")
        return organisation


class NetworkRoleForm(DatedForm):
    """A person's role in ``instance.network`` (set by the view)."""

    class Meta:
        model = models.NetworkRole
        fields = ["person", "role", "start_date", "end_date"]
        widgets = {"person": QuickSelect, "start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args, people, person_label, roles, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people
        field.label_from_instance = person_label
        field.error_messages["invalid_choice"] = (
            "Choose a person from one of the network's member organisations."
        )
        if self.instance.pk:
            lock(field, self.instance.person_id)
            field.queryset = field.queryset.select_related("organisation")
        self.fields["role"].choices = [c for c in models.RoleKind.choices if c[0] in roles]

    def clean(self):
        cleaned = super().clean()
        person, role = cleaned.get("person"), cleaned.get("role")
        if person and role:
            clash = models.NetworkRole.objects.filter(
                network_id=self.instance.network_id, person=person, role=role
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("role", "This person already has this role in the network.")
        return cleaned


class ChangeOverTimeForm(forms.Form):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` on the network page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the fields cannot be declared in the class body.
        self.fields["from"] = forms.DateField(label="From", widget=DATE_WIDGET)
        self.fields["to"] = forms.DateField(label="To", widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        dates_in_order(self, "from", "to", "This date is before the first date.")
        return cleaned

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]
