from django import forms

from .models import Clinic


class ExportForm(forms.Form):
    date_from = forms.DateField()
    date_to = forms.DateField()
    region = forms.ChoiceField(required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Clinic.objects.order_by().values_list("region", flat=True).distinct()
        self.fields["region"].choices = [("", "All regions")] + [(r, r) for r in regions]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("date_from must not be after date_to")
        return data
