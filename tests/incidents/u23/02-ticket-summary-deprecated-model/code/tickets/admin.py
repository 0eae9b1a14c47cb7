from django.contrib import admin

from tickets.models import Message, Ticket


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("id", "subject", "status", "summarised_at", "summary_model")
    list_filter = ("status", "summary_model")
    inlines = [MessageInline]
