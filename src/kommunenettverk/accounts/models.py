"""Users, the organisations they belong to, and the roles they hold over a scope."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommunenettverk.registry.models import Municipality


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("E-postadresse må oppgis.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # Email addresses are compared without case: "Kari@Bodo.kommune.no" signs in too.
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address and a password."""

    email = models.EmailField(_("e-postadresse"), unique=True)
    full_name = models.CharField(_("fullt navn"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("administrator"), default=False, help_text=_("Har tilgang til administrasjonssidene.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registrert"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["email"]
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """An organisation a user acts for: a municipality, KS, a ministry, a partner, …"""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        COUNTY_MUNICIPALITY = "county_municipality", _("Fylkeskommune")
        KS = "ks", _("KS")
        MINISTRY = "ministry", _("Departement")
        DIRECTORATE = "directorate", _("Direktorat")
        COUNTY_GOVERNOR = "county_governor", _("Statsforvalter")
        PARTNER = "partner", _("Ressursmiljø")
        VOLUNTARY = "voluntary", _("Frivillig organisasjon")
        BUSINESS = "business", _("Næringsliv")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    org_number = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, help_text=_("Ni siffer.")
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    website = models.URLField(_("nettsted"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(org_number="") | models.Q(org_number__regex=r"^[0-9]{9}$"),
                name="organisation_org_number_9_digits",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    NATIONAL_COORDINATOR = "national_coordinator", _("Nasjonal koordinator")
    REGIONAL_ADVISER = "regional_adviser", _("Regional rådgiver")
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Kommunekoordinator")
    PARTICIPANT = "participant", _("Deltaker")
    STATE_REPRESENTATIVE = "state_representative", _("Statlig representant")
    PARTNER = "partner", _("Partner")


class RoleAssignment(models.Model):
    """One role that one user holds over a scope: the whole nation (no scope object), a KS
    region, a county, a municipality or a network. A role reaches every object inside its
    scope (see accounts.rules)."""

    user = models.ForeignKey(
        User, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    scope_type = models.ForeignKey(
        ContentType,
        verbose_name=_("omfangstype"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    scope_id = models.PositiveBigIntegerField(_("omfang-id"), null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"], name="unique_role_assignment"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(scope_type__isnull=True),
                name="unique_national_role_assignment",
            ),
            models.CheckConstraint(
                condition=models.Q(scope_type__isnull=True, scope_id__isnull=True)
                | models.Q(scope_type__isnull=False, scope_id__isnull=False),
                name="role_scope_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        return str(self.scope) if self.scope_type_id else str(_("hele landet"))


class Invitation(models.Model):
    """A person given a role before they had a password: one pending link to set it. Only the
    token's SHA-256 is stored; the link is in the email alone. Resending makes a new token (the
    old link stops working) and a new expiry; accepting sets `accepted_at` and the link is spent."""

    user = models.OneToOneField(
        User, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="invitation"
    )
    token_hash = models.CharField(_("nøkkel (SHA-256)"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invitert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    sent_at = models.DateTimeField(_("sist sendt"), default=timezone.now)
    sends = models.PositiveSmallIntegerField(_("antall utsendelser"), default=1)
    expires_at = models.DateTimeField(_("utløper"))
    accepted_at = models.DateTimeField(_("godtatt"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")

    def __str__(self) -> str:
        return f"{self.user} ({self.sent_at:%Y-%m-%d})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()


def calendar_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address (calendar apps cannot sign in). Only its
    SHA-256 is kept, as for API tokens; renewing replaces it, so the old address stops working."""

    user = models.OneToOneField(
        User, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    prefix = models.CharField(_("begynner med"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)

    class Meta:
        verbose_name = _("kalenderlenke")
        verbose_name_plural = _("kalenderlenker")

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"


class ExternalLogin(models.Model):
    """A person's account at an identity provider (OpenID Connect), linked to their user: the
    provider's name from settings.OIDC_PROVIDERS and the stable subject (`sub`) it gives them.
    Made when a sign-in matched a verified email, or when the signed-in person linked it
    (ID-porten, which gives no email). Only `sub` is kept, never a national identity number."""

    user = models.ForeignKey(
        User, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="external_logins"
    )
    provider = models.CharField(_("innloggingstjeneste"), max_length=50)
    subject = models.CharField(_("identitet hos tjenesten (sub)"), max_length=255)
    created_at = models.DateTimeField(_("koblet"), default=timezone.now)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)

    class Meta:
        ordering = ["provider"]
        verbose_name = _("ekstern innlogging")
        verbose_name_plural = _("eksterne innlogginger")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="externallogin_provider_subject_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "provider"], name="externallogin_user_provider_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.provider})"
