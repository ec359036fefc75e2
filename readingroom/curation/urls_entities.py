"""People, places, topics … in the back office, included by curation/urls.py."""

from django.urls import path

from . import views_entities as views

urlpatterns = [
    path("records/<str:kind>/", views.entity_list, name="entity-list"),
    path("records/<str:kind>/new/", views.entity_edit, name="entity-create"),
    path("records/<str:kind>/<int:pk>/", views.entity_edit, name="entity-edit"),
    path("records/<str:kind>/<int:pk>/merge", views.entity_merge, name="entity-merge"),
    path(
        "records/<str:kind>/<int:pk>/merge-into",
        views.entity_merge_into,
        name="entity-merge-into",
    ),
    path("records/<str:kind>/<int:pk>/delete", views.entity_delete, name="entity-delete"),
    path("merges/<int:pk>/undo", views.merge_undo, name="merge-undo"),
]
