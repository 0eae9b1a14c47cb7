from django.contrib import admin

from .models import Customer, Invoice, LineItem


class LineItemInline(admin.TabularInline):
    model = LineItem
    extra = 0


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("number", "customer", "status", "issued_on", "due_on")
    list_filter = ("status",)
    search_fields = ("number", "customer__name")
    inlines = [LineItemInline]


admin.site.register(Customer)
