from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    ministry = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A .csv or .xlsx file laid out like the template: one row per line, the column names on line 1."),
    )

    def __init__(self, *args, ministries, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in kinds]
        if any(kind.support_only for kind in kinds):
            self.fields["ministry"].help_text = _(
                "Units and people go into this organisation. An import of organisations is only filed under it."
            )
        self.fields["ministry"].queryset = ministries


class ImportStartForm(forms.Form):
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows only, and leave out the refused ones"), required=False
    )
