from django.contrib import admin

from .models import Appointment, Clinic

admin.site.register(Clinic)
admin.site.register(Appointment)
