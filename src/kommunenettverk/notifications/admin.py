from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kommunenettverk.notifications import services
from kommunenettverk.notifications.models import InboundMessage, Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "key", "reference"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [f.name for f in Message._meta.get_fields() if getattr(f, "concrete", False)]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send valgte e-poster på nytt"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = services.message_resend(messages=queryset)
        self.message_user(
            request,
            ngettext("%(n)d e-post er lagt i kø.", "%(n)d e-poster er lagt i kø.", count)
            % {"n": count},
            messages.SUCCESS,
        )


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin[InboundMessage]):
    """Replies by email as the listener took them: read only (staff see why one was refused
    or failed; the raw message is kept until it is handled)."""

    list_display = ["received_at", "sender", "status", "error", "processed_at"]
    list_filter = ["status"]
    search_fields = ["sender", "message_id"]
    date_hierarchy = "received_at"
    readonly_fields = [
        f.name
        for f in InboundMessage._meta.get_fields()
        if getattr(f, "concrete", False) and f.name != "raw"
    ]
    exclude = ["raw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
