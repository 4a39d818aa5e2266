"""Who is in the networks: areas, organisations, people, networks, memberships and roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from nlc.web.fields import unique_by
from nlc.web.validation import Validated
from nlc.web.vocabularies import (
    MembershipRole,
    OrganisationKind,
    Phase,
    RoleKind,
    UserRole,
)


class Area(Validated, models.Model):
    """A local authority's area: the unit an area administrator looks after."""

    name_field = "name"
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=20, blank=True, help_text="Local authority code.")

    class Meta:
        ordering = ["name"]


class Organisation(Validated, models.Model):
    name_field = "name"
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    school_type = models.CharField(max_length=120, blank=True)
    urn = models.PositiveIntegerField("URN", null=True, blank=True, unique=True)
    trust = models.CharField(max_length=300, blank=True)
    local_authority = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Pupils or staff.")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["area", "kind"]), models.Index(fields=["name"])]

    def get_absolute_url(self) -> str:
        return reverse("organisation-detail", args=[self.pk])

    def rules(self) -> dict[str, str]:
        broken = {}
        if self.phase and self.kind and self.kind != OrganisationKind.SCHOOL:
            broken["phase"] = "Only schools have a phase; leave it as Not applicable."
        if (self.easting is None) != (self.northing is None):
            missing = "northing" if self.easting is not None else "easting"
            broken[missing] = "Give both the easting and the northing, or neither."
        return broken


class Person(Validated, models.Model):
    name_field = "name"
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_pupil = models.BooleanField(
        default=False, help_text="Pupils' names are hidden from all but those who need them."
    )
    hide_contact = models.BooleanField(
        "Hide my work contact details from network members",
        default=False,
        help_text="Leaders' and facilitators' work e-mail and phone are shown to the members "
        "of their networks unless this is ticked.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def get_absolute_url(self) -> str:
        return reverse("person-detail", args=[self.pk])

    def rules(self) -> dict[str, str]:
        broken = {}
        if self.is_pupil and (self.email or self.phone):
            broken["email" if self.email else "phone"] = "Do not record contact details for pupils."
        return broken


class Network(Validated, models.Model):
    name_field = "name"
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="networks")
    name = models.CharField(max_length=200)
    focus = models.TextField("shared focus", blank=True)
    programme = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    pupils_may_be_surveyed = models.BooleanField(
        default=False,
        help_text="Pupils may be invited to the network's relationship surveys (they are "
        "always shown as pseudonyms in the results).",
    )

    class Meta:
        ordering = ["name"]
        constraints = unique_by("area", "name", name="network_name_unique_in_area")

    def get_absolute_url(self) -> str:
        return reverse("network-detail", args=[self.pk])


class Membership(Validated, models.Model):
    """An organisation's membership of a network, with its role and dates."""

    shown_as = "{self.organisation} in {self.network}"
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    approved = models.BooleanField(
        "approved by an area administrator",
        default=False,
        help_text="Until an area administrator approves the membership, the network's "
        "leaders and facilitators see the organisation's people's contact details and "
        "pupils' names only for people who hold a role in the network.",
    )

    class Meta:
        ordering = ["network", "organisation__name"]
        constraints = unique_by("network", "organisation", name="one_membership_per_organisation")


class NetworkRole(Validated, models.Model):
    """A person's role in a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=RoleKind.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["network", "role", "person__name"]
        constraints = unique_by("network", "person", "role", name="one_role_of_a_kind_per_person")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} in {self.network}"


class Profile(Validated, models.Model):
    """What a user account may do: its area and its role there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="profiles")
    role = models.CharField(max_length=30, choices=UserRole.choices)

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.area})"
