from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from ministries.permissions import can_sign_in_with_password


class ProfileForm(forms.ModelForm):
    """What a person changes about themselves. Not their name or job title: those are what signatures,
    the history and the feed show, so their organisation's administrator keeps them (ministries.views)."""

    class Meta:
        model = User
        fields = ["email", "phone", "preferred_language", "time_zone", "notify_by", "colour_scheme"]
        widgets = {"notify_by": forms.RadioSelect, "colour_scheme": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page always sends one (a radio is checked); a post without it keeps the choice already made.
        self.fields["colour_scheme"].required = False

    def clean_colour_scheme(self):
        return self.cleaned_data["colour_scheme"] or self.instance.colour_scheme


class PasswordSignInRule:
    """Refuses a right password where the person's organisation signs in with single sign-on only."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not can_sign_in_with_password(user):
            raise ValidationError(
                _(
                    "Your organisation signs in with single sign-on, not a password. Use the button "
                    "“Sign in with …” on the sign-in page."
                ),
                code="password_sign_in_off",
            )


class SupportSignInForm(PasswordSignInRule, AdminAuthenticationForm):
    """The admin's sign-in (support staff) keeps the same rule."""


class SignInForm(PasswordSignInRule, AuthenticationForm):
    """Django's sign-in form, refusing a username longer than any account's before trying it.

    AuthenticationForm sets the username's max_length after the field is built, so the length is
    never checked: a longer name went on to the backends, and django-axes failed (a 500) writing
    it into its 255-character column of failed attempts.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # "Wrong username or password" belongs to both fields: screen readers read it with each.
            for name in ("username", "password"):
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": "login-error"})
            raise


class TwoFactorCodeForm(forms.Form):
    """A 6-digit code from the authenticator app or, where allowed, an 8-character recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, recovery_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        if recovery_allowed:
            self.fields["code"].help_text = _("The 6 digits your authenticator app shows now, or a recovery code.")
            self.fields["code"].widget.attrs["inputmode"] = "text"

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not code.isascii() or not code.isalnum():
            raise ValidationError(
                _("Type only the digits (0-9) of the code, or the letters and digits of a recovery code.")
            )
        if not self.recovery_allowed and not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("Type the 6 digits (0-9) your authenticator app shows."))
        return code
