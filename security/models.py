from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ministries.models import Ministry


class SecurityEventQuerySet(models.QuerySet):
    def of_ministry(self, ministry):
        return self.filter(ministry=ministry).select_related("user", "partnership")

    def support_access_to(self, partnership, *, ministry, since):
        """Support staff's visits to the partnership since `since`, as logged for one of its ministries."""
        return self.filter(
            kind=SecurityEvent.Kind.SUPPORT_ACCESS, partnership=partnership, ministry=ministry, created_at__gte=since
        ).select_related("user")


class SecurityEvent(models.Model):
    """One thing that matters to an organisation's security, kept for its administrators to read.

    An event that concerns several ministries (a support access to a partnership) is one row per ministry,
    so that each ministry's log is a plain filter and one ministry's administrators never read another's rows.
    """

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SSO_SIGN_IN = "sso_sign_in", _("Signed in with single sign-on")
        SSO_REFUSED = "sso_refused", _("Single sign-on refused")
        SSO_ONLY = "sso_only", _("Sign-in set to single sign-on only")
        PASSWORDS_ALLOWED = "passwords_allowed", _("Sign-in with a password allowed")
        LOCKED_OUT = "locked_out", _("Locked out")
        TWO_FACTOR_ON = "two_factor_on", _("Two-step sign-in turned on")
        TWO_FACTOR_OFF = "two_factor_off", _("Two-step sign-in turned off")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Wrong sign-in code")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        MEMBERSHIP_CHANGED = "membership_changed", _("Role or membership changed")
        CHARTER_SIGNED = "charter_signed", _("Charter signed")
        GATE_DECIDED = "gate_decided", _("Gate decided")
        EXPORTED = "exported", _("Data exported")
        SUPPORT_ACCESS = "support_access", _("Support access")

    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="security_events", null=True, verbose_name=_("ministry")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="security_events",
        null=True,
        verbose_name=_("person"),
    )
    # The name typed at a failed sign-in, or the person's name when they are gone.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    kind = models.CharField(_("what happened"), max_length=30, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="security_events",
        null=True,
        blank=True,
        verbose_name=_("partnership"),
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["ministry", "-created_at"], name="security_event_ministry_time")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.username}"
