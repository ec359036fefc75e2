"""URLs of bulk import and OCR, included by ``curation.urls`` (so named ``curation:…``)."""

from django.urls import path

from . import views_jobs

urlpatterns = [
    path("imports/", views_jobs.import_list, name="import-list"),
    path("imports/<int:pk>/", views_jobs.import_detail, name="import-detail"),
    path("imports/<int:pk>/confirm/", views_jobs.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/cancel/", views_jobs.import_cancel, name="import-cancel"),
    path("documents/<int:record_id>/ocr/", views_jobs.ocr_start, name="ocr-start"),
    path("ocr/<str:result_id>/", views_jobs.ocr_status, name="ocr-status"),
    path(
        "documents/<int:record_id>/renditions/<int:pk>/confirm/",
        views_jobs.ocr_confirm,
        name="ocr-confirm",
    ),
]
