"""History and trash URLs, included by curation/urls.py into the "curation" namespace."""

from django.urls import path

from . import views_history

urlpatterns = [
    path("history/<str:kind>/<int:pk>/", views_history.history, name="history"),
    path("history/<str:kind>/<int:pk>/diff", views_history.history_diff, name="history-diff"),
    path(
        "history/revisions/<int:revision_id>/restore",
        views_history.revision_restore,
        name="revision-restore",
    ),
    path("documents/<int:record_id>/delete", views_history.document_delete, name="document-delete"),
    path("trash/", views_history.trash_list, name="trash"),
    path("trash/<int:pk>/restore", views_history.trash_restore, name="trash-restore"),
]
