"""A child known to one or more agencies: names, identifiers, legal status and placements.

Placements and legal status are periods: `start_date` inclusive, `end_date` exclusive (the day
the next one starts), `end_date` empty while current. A child's placements never overlap: the
database refuses it (an exclusion constraint on PostgreSQL, a trigger on SQLite; migration 0002).
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missinghub.accounts.models import Agency, Area
from missinghub.children.search import name_keys


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class Ethnicity(models.TextChoices):
    """Census 2021 (England and Wales) ethnic groups, the categories councils return."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    NOT_STATED = "not_stated", "Not stated"


class NameKeyField(models.TextField):
    """A search key derived from the row's `given_name` and `family_name` on every insert and
    save, bulk inserts included (`children.search.name_keys`; `part` 0 is the normalised name,
    1 the Metaphone codes). Set by the database default on rows written without it; the
    children migration 0005 backfilled the rows that existed before it."""

    def __init__(self, *args: Any, part: int = 0, **kwargs: Any) -> None:
        self.part = part
        kwargs.update(blank=True, default="", db_default="", editable=False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("blank", "default", "db_default", "editable"):
            kwargs.pop(fixed, None)
        return name, path, args, kwargs | {"part": self.part}

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        names = (
            getattr(model_instance, "given_name", ""),
            getattr(model_instance, "family_name", ""),
        )
        value = name_keys(*names)[self.part]
        setattr(model_instance, self.attname, value)
        return value


class Child(models.Model):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    date_of_birth_is_approximate = models.BooleanField(default=False)
    sex = models.CharField(max_length=16, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(
        max_length=16, choices=Ethnicity.choices, default=Ethnicity.NOT_STATED
    )
    home_postcode = models.CharField(max_length=10, blank=True)
    home_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        db_index=False,  # child_home_area_idx, built concurrently (migration 0005)
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council area the child lives in with their family: the responsible "
        "authority when the child is not looked after.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Search keys (children.search): trigram and array GIN indexes on PostgreSQL (migration 0005).
    search_name = NameKeyField(part=0)
    name_sounds = NameKeyField(part=1)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["home_area"], name="child_home_area_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="child_sex_known"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class AliasKind(models.TextChoices):
    KNOWN_AS = "known_as", "Known as"
    PREVIOUS_NAME = "previous_name", "Previous name"
    ALIAS = "alias", "Alias"


class ChildAlias(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=16, choices=AliasKind.choices, default=AliasKind.KNOWN_AS)
    search_name = NameKeyField(part=0)
    name_sounds = NameKeyField(part=1)

    class Meta:
        verbose_name_plural = "child aliases"
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="") | ~Q(family_name=""), name="alias_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class IdentifierKind(models.TextChoices):
    POLICE_PERSON_REFERENCE = "police_person_reference", "Police person reference"
    SOCIAL_CARE_ID = "social_care_id", "Social care ID"
    SCHOOL_UPN = "school_upn", "Unique pupil number (UPN)"
    NHS_NUMBER = "nhs_number", "NHS number"


class ChildIdentifier(models.Model):
    """An identifier one agency holds for the child. The same value names one child only."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="identifiers")
    # Indexed by identifier_unique_per_agency (agency, kind, value).
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=32, choices=IdentifierKind.choices)
    value = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "value"], name="identifier_unique_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{IdentifierKind(self.kind).label}: {self.value}"


class LegalStatusKind(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked after"
    CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    NONE = "none", "None"


class LegalStatus(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="legal_statuses")
    status = models.CharField(max_length=32, choices=LegalStatusKind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    responsible_authority = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "legal statuses"
        ordering = ["child", "start_date"]
        # The need-to-know rule asks "is this agency responsible for this child?" per child.
        indexes = [models.Index(fields=["child", "responsible_authority"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="legal_status_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{LegalStatusKind(self.status).label} from {self.start_date:%d/%m/%Y}"


class PlacementType(models.TextChoices):
    FAMILY_HOME = "family_home", "Family home"
    FOSTER = "foster", "Foster care"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SEMI_INDEPENDENT = "semi_independent", "Semi-independent"
    SECURE = "secure", "Secure"
    OTHER = "other", "Other"


class PlacementArea(models.TextChoices):
    IN_BOROUGH = "in_borough", "In borough"
    OUT_OF_BOROUGH = "out_of_borough", "Out of borough"


class Placement(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    placement_type = models.CharField(max_length=32, choices=PlacementType.choices)
    area = models.CharField(max_length=16, choices=PlacementArea.choices)
    placing_authority = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements_provided",
        help_text="The care provider, for a foster, residential or semi-independent placement.",
    )
    postcode = models.CharField(max_length=10, blank=True)
    host_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        db_index=False,  # placement_host_area_idx, built concurrently (migration 0005)
        on_delete=models.PROTECT,
        related_name="hosted_placements",
        help_text="The council area the placement is in (the host council, served by the host "
        "force); another council's for a child placed out of area.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "start_date"]
        # The need-to-know rule asks "does this agency provide this child's placement?".
        indexes = [
            models.Index(fields=["child", "provider"]),
            models.Index(fields=["host_area"], name="placement_host_area_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(placement_type__in=PlacementType.values), name="placement_type_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{PlacementType(self.placement_type).label} from {self.start_date:%d/%m/%Y}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class ContactRole(models.TextChoices):
    ALLOCATED_SOCIAL_WORKER = "allocated_social_worker", "Allocated social worker"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer or foster carer"
    FAMILY = "family", "Other family member"
    KEY_WORKER = "key_worker", "Key worker"
    YOUTH_WORKER = "youth_worker", "Youth worker"
    SCHOOL = "school", "Teacher or school staff"
    OTHER_PROFESSIONAL = "other_professional", "Other professional"


class ChildContact(models.Model):
    """One of the child's people: the allocated social worker, or a named contact (family,
    carers, professionals), with how to reach them. Kept by social care and the missing team;
    a contact who no longer applies is ended, not deleted, so the record shows who held the
    child when. One current allocated social worker per child (allocating a new one ends the
    last)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=32, choices=ContactRole.choices)
    name = models.CharField(max_length=200)
    agency = models.CharField(
        max_length=200, blank=True, help_text="The agency or organisation they work for."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["child", "added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=ContactRole.values), name="child_contact_role_known"
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="child_contact_has_phone_or_email"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("added_at")),
                name="child_contact_ends_after_added",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(role="allocated_social_worker", ended_at__isnull=True),
                name="child_contact_one_allocated_social_worker",
                violation_error_message="The child already has an allocated social worker.",
            ),
        ]

    def __str__(self) -> str:
        return f"{ContactRole(self.role).label}: {self.name}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None
