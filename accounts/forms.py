from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from accounts.models import User


class ProfileForm(forms.ModelForm):
    """What a person changes about themselves. Not their name or job title: those are what signatures,
    the history and the feed show, so their organisation's administrator keeps them (ministries.views)."""

    class Meta:
        model = User
        fields = ["email", "phone", "preferred_language", "notify_by"]
        widgets = {"notify_by": forms.RadioSelect}


class SignInForm(AuthenticationForm):
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
