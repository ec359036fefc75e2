"""Django's admin: for Administrators only, and never a way around the back office.

The admin is where Administrators manage users and roles, the archive's own pages and
header links, and languages. Documents, people, places, topics, collections and the
other records are edited in the back office (``/editor/``), where every change goes
through the domain actions with its review, revision and history; here they are shown
read-only, each with a link to its editor. An Editor or a Reviewer who opens the admin
is turned away (``admin_site.AdministratorsAdminSite``), however their account is set up.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from . import models
from .actions import Actor, Refused, Role, delete_site_record, save_site_record


class ReadOnlyAdmin(admin.ModelAdmin):
    """An archive record, shown; changed only in the back office, through the actions."""

    # The back office's editor for a record: (URL name, kind), or the document editor.
    editor = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        messages.info(
            request,
            "Shown read-only: edit these records in the back office (/editor/), where each "
            "change is reviewed and kept in its history.",
        )
        return super().changelist_view(request, extra_context)

    @admin.display(description="edit")
    def back_office(self, obj):
        if self.editor is None:
            return ""
        name, kind = self.editor
        args = [obj.record_id] if kind == "record_id" else [kind, obj.pk]
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            return ""
        return format_html('<a href="{}">in the back office</a>', url)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RenditionInline(ReadOnlyInline):
    model = models.Rendition
    fields = ["kind", "language", "translator", "order", "machine_generated"]
    show_change_link = True


@admin.register(models.Document)
class DocumentAdmin(ReadOnlyAdmin):
    editor = ("curation:document-edit", "record_id")
    list_display = ["record_id", "title", "date_display", "status", "modified", "back_office"]
    list_display_links = ["record_id", "title"]
    list_filter = ["status", "document_type", "featured"]
    search_fields = ["=record_id", "title"]
    inlines = [RenditionInline]

    @admin.display(description="date", ordering="date_start")
    def date_display(self, obj):
        return obj.date.display() if obj.date else "undated"


@admin.register(models.Rendition)
class RenditionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "document"]
    list_select_related = ["document", "language"]


class DocumentCountAdmin(ReadOnlyAdmin):
    """A record with the number of documents (any status) linked to it."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_documents=Count("documents"))

    @admin.display(description="documents", ordering="n_documents")
    def document_count_all(self, obj):
        return obj.n_documents


@admin.register(models.Person)
class PersonAdmin(DocumentCountAdmin):
    editor = ("curation:entity-edit", "person")
    list_display = ["sort_name", "display_name", "life_dates", "document_count_all", "back_office"]
    search_fields = ["sort_name", "display_name", "other_names"]


@admin.register(models.Place)
class PlaceAdmin(DocumentCountAdmin):
    editor = ("curation:entity-edit", "place")
    list_display = ["name", "region", "document_count_all", "back_office"]
    search_fields = ["name", "other_names"]


@admin.register(models.Topic)
class TopicAdmin(DocumentCountAdmin):
    editor = ("curation:entity-edit", "topic")
    list_display = ["name", "span", "document_count_all", "back_office"]
    search_fields = ["name"]


@admin.register(models.Collection)
class CollectionAdmin(DocumentCountAdmin):
    editor = ("curation:entity-edit", "collection")
    list_display = ["name", "document_count_all", "back_office"]
    search_fields = ["name"]


@admin.register(models.Repository, models.Funder, models.Contributor)
class NamedAdmin(ReadOnlyAdmin):
    search_fields = ["name"]


class SiteRecordAdmin(admin.ModelAdmin):
    """The archive's own pages, links and languages: saved through the domain actions."""

    def save_model(self, request, obj, form, change):
        save_site_record(obj, actor=Actor.of(request.user))

    def delete_model(self, request, obj):
        delete_site_record(obj, actor=Actor.of(request.user))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_site_record(obj, actor=Actor.of(request.user))

    def has_module_permission(self, request):
        return super().has_module_permission(request) and _administrator(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _administrator(request)


def _administrator(request) -> bool:
    try:
        return Actor.of(request.user).role >= Role.ADMINISTRATOR
    except Refused:
        return False


@admin.register(models.Language)
class LanguageAdmin(SiteRecordAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Page)
class PageAdmin(SiteRecordAdmin):
    list_display = ["title", "slug", "published", "modified"]


@admin.register(models.NavigationLink)
class NavigationLinkAdmin(SiteRecordAdmin):
    list_display = ["label", "url", "order"]
    list_editable = ["order"]
