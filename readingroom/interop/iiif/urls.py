"""IIIF URLs (docs/iiif.md): stable and unprefixed, like every URI other sites keep."""

from django.urls import path

from . import views

app_name = "iiif"

urlpatterns = [
    path("iiif/<int:record_id>/manifest.json", views.manifest_view, name="manifest"),
    path("iiif/image/<str:identifier>", views.image_base, name="image-base"),
    path("iiif/image/<str:identifier>/info.json", views.image_info, name="image-info"),
    path(
        "iiif/image/<str:identifier>/<str:region>/<str:size>/<str:rotation>/"
        "<str:quality>.<str:image_format>",
        views.image_view,
        name="image",
    ),
    path(
        "document/<int:record_id>/rendition/<int:pk>.txt",
        views.rendition_text,
        name="rendition-text",
    ),
]
