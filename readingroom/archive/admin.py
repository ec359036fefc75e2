"""Django's admin, enough for editors until the back office arrives (issue 4)."""

from django.contrib import admin
from django.db.models import Count

from . import models


class RenditionInline(admin.StackedInline):
    model = models.Rendition
    extra = 0
    fields = [("kind", "language", "translator", "order"), "text"]
    autocomplete_fields = ["translator"]
    show_change_link = True


class ContributionInline(admin.TabularInline):
    model = models.DocumentContribution
    extra = 0
    autocomplete_fields = ["contributor"]


class PersonLinkInline(admin.TabularInline):
    model = models.PersonDocumentRelation
    extra = 0
    autocomplete_fields = ["person"]


class PlaceLinkInline(admin.TabularInline):
    model = models.PlaceDocumentRelation
    extra = 0
    autocomplete_fields = ["place"]


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["record_id", "title", "date_display", "document_type", "status", "modified"]
    list_display_links = ["record_id", "title"]
    list_filter = ["status", "document_type", "featured", "original_languages"]
    search_fields = ["=record_id", "title", "summary"]
    date_hierarchy = "date_start"
    readonly_fields = ["created", "modified", "published_at"]
    autocomplete_fields = ["source_repository", "funders", "topics", "related"]
    filter_horizontal = ["original_languages"]
    inlines = [ContributionInline, PersonLinkInline, PlaceLinkInline, RenditionInline]
    fieldsets = [
        (None, {"fields": ["record_id", "title", "date", "document_type", "summary"]}),
        (
            "Source",
            {
                "fields": [
                    "source_repository",
                    "source_reference",
                    "source_citation",
                    "printed_source",
                    "original_languages",
                ]
            },
        ),
        ("Links", {"fields": ["topics", "funders", "related"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "featured",
                    "rights",
                    "original_uploaded",
                    "published_at",
                    "created",
                    "modified",
                ]
            },
        ),
    ]

    @admin.display(description="date", ordering="date_start")
    def date_display(self, obj):
        return obj.date.display() if obj.date else "undated"

    # The admin saves each change in one transaction; the outbox row joins it.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        models.note_changed([form.instance.record_id])

    def delete_model(self, request, obj):
        record_id = obj.record_id
        super().delete_model(request, obj)
        models.note_deleted([record_id])

    def delete_queryset(self, request, queryset):
        record_ids = list(queryset.values_list("record_id", flat=True))
        super().delete_queryset(request, queryset)
        models.note_deleted(record_ids)


class FootnoteInline(admin.TabularInline):
    model = models.Footnote
    extra = 0


class RenditionFileInline(admin.TabularInline):
    model = models.RenditionFile
    extra = 0
    readonly_fields = ["size"]


@admin.register(models.Rendition)
class RenditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document"]
    list_select_related = ["document", "language"]
    raw_id_fields = ["document"]
    inlines = [FootnoteInline, RenditionFileInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        models.note_changed([form.instance.document_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        models.note_changed([obj.document_id])


class DocumentCountAdmin(admin.ModelAdmin):
    """Lists a record with the number of documents linked to it.

    A change to a person, place, topic or collection changes how its documents read
    (names, other names), so their record IDs go to the outbox too.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        models.note_changed(obj.documents.values_list("record_id", flat=True))

    def delete_model(self, request, obj):
        record_ids = list(obj.documents.values_list("record_id", flat=True))
        super().delete_model(request, obj)
        models.note_changed(record_ids)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_documents=Count("documents"))

    @admin.display(description="documents", ordering="n_documents")
    def document_count(self, obj):
        return obj.n_documents


@admin.register(models.Person)
class PersonAdmin(DocumentCountAdmin):
    list_display = ["sort_name", "display_name", "life_dates", "featured", "document_count"]
    list_filter = ["featured"]
    list_editable = ["featured"]
    search_fields = ["sort_name", "display_name", "other_names"]


@admin.register(models.Place)
class PlaceAdmin(DocumentCountAdmin):
    list_display = ["name", "region", "featured", "document_count"]
    list_filter = ["featured", "region"]
    list_editable = ["featured"]
    search_fields = ["name", "other_names"]


@admin.register(models.Topic)
class TopicAdmin(DocumentCountAdmin):
    list_display = ["name", "span", "featured", "document_count"]
    list_filter = ["featured"]
    list_editable = ["featured"]
    search_fields = ["name"]


class CollectionItemInline(admin.TabularInline):
    model = models.CollectionItem
    extra = 0
    raw_id_fields = ["document"]


@admin.register(models.Collection)
class CollectionAdmin(DocumentCountAdmin):
    list_display = ["name", "featured", "document_count"]
    search_fields = ["name"]
    inlines = [CollectionItemInline]


@admin.register(models.Repository, models.Funder, models.Contributor)
class NamedAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(models.Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "modified"]


@admin.register(models.NavigationLink)
class NavigationLinkAdmin(admin.ModelAdmin):
    list_display = ["label", "url", "order"]
    list_editable = ["order"]
