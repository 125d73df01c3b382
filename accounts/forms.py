from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title", "phone", "preferred_language", "notify_by"]
        widgets = {"notify_by": forms.RadioSelect}
