from django.contrib import admin

from .models import Court, Filing, FilingSummary


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    list_display = ("docket_number", "case_name", "document_title", "received_at")
    list_filter = ("court",)
    search_fields = ("docket_number", "case_name")


admin.site.register(Court)
admin.site.register(FilingSummary)
