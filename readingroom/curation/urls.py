"""The back office's URLs, mounted at /editor/; each part of it adds its own module."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import auth, views, views_list

app_name = "curation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="curation:login"), name="logout"),
    path("documents/", views_list.document_list, name="document-list"),
    path("documents/bulk", views_list.document_bulk, name="document-bulk"),
    path("documents/bulk/undo", views_list.document_bulk_undo, name="document-bulk-undo"),
    path("documents/new/", views.document_create, name="document-create"),
    path("documents/<int:record_id>/", views.document_edit, name="document-edit"),
    path("documents/<int:record_id>/preview", views.document_preview, name="document-preview"),
    path(
        "documents/<int:record_id>/workflow/<str:action>",
        views.document_transition,
        name="document-transition",
    ),
    path("autocomplete/<str:kind>", views.autocomplete, name="autocomplete"),
    # The other parts of the back office, in this namespace too ("curation:import-list"):
    # history and trash, bulk import and OCR, people, places and the other records.
    path("", include("readingroom.curation.urls_history")),
    path("", include("readingroom.curation.urls_jobs")),
    path("", include("readingroom.curation.urls_entities")),
]
