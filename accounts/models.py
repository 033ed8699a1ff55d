"""Users belong to one organisation and hold one role there."""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    # Chairman or vice-chairman of a provincial People's Committee (lãnh đạo UBND tỉnh): approves
    # the province's consolidated report to the ministry. Their organisation is the province.
    PROVINCE_LEADER = "province_leader", _("Province leader")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    AGENCY_STAFF = "agency_staff", _("Agency staff")
    VIEWER = "viewer", _("Viewer")


class User(AbstractUser):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Set on accounts someone else created (with a password they chose): the owner must pick
    # their own at the first login (accounts.middleware sends them to the change page).
    must_change_password = models.BooleanField(_("must change password"), default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs) -> None:
        # A login only stamps last_login, which the history leaves out: without this, every
        # login would add a "user changed" record with nothing changed to the audit trail.
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def province_id(self) -> int | None:
        """The province this user works for; None for central bodies (and no organisation)."""
        return self.organisation.province_id if self.organisation is not None else None


class ApiToken(models.Model):
    """A bearer token for agency systems calling the API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # None: never expires (`create_api_token --days N` sets it).
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # Written at most once a minute (api.auth.LAST_USED_PRECISION).
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Who issued or revoked a token, and when; never its hash, nor each use.
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str, *, days: int | None = None) -> tuple["ApiToken", str]:
        """Create a token, valid for `days` from now if given, and return it with its clear
        key, shown once."""
        key = secrets.token_urlsafe(32)
        expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
        token = cls.objects.create(
            user=user, name=name, key_hash=cls.hash_key(key), expires_at=expires_at
        )
        return token, key

    @classmethod
    def usable(cls) -> models.QuerySet["ApiToken"]:
        """Tokens that authenticate now: not expired (revoked ones are deleted)."""
        return cls.objects.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )
