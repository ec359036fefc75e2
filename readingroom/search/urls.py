"""The search page, its JSON twin and the autocomplete of names."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search", views.search, name="search"),
    path("search.json", views.search_json, name="search-json"),
    path("search/autocomplete", views.autocomplete, name="autocomplete"),
]
