"""Placeholder views (replaced)."""

from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("stub")


home = catalog = document_detail = document_slug = person_index = person_detail = _stub
place_index = place_detail = topic_index = topic_detail = _stub
collection_index = collection_detail = page = page_not_found = _stub
