"""The JSON API's endpoints under /api/: thin, over ``queries``, ``schemas`` and ``writes``.

Reading is open to everyone and sees published documents only: a draft is a 404 and is
never listed, counted or named as related. Writing needs ``Authorization: Bearer
<token>`` (``readingroom api_token USERNAME``) of a user with the model permission.
The OpenAPI description is /api/openapi.json; /api/docs shows it, from local assets.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Path, Query, Status, Swagger
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from readingroom.archive.models import Document
from readingroom.interop.models import ApiToken

from . import queries, schemas, search, writes
from .paging import Sort, paginate


class EditorToken(HttpBearer):
    """``Authorization: Bearer <token>``: the request acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str):
        return ApiToken.user_for(token)


class UnicodeJSONRenderer(JSONRenderer):
    """JSON in UTF-8 as written: "周恩来", not "\\u5468\\u6069\\u6765"."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Reading Room API",
    version="1",
    description="The archive's published documents, people, places, topics and collections."
    " Reading is open; writing needs an editor's token. See docs/api.md.",
    urls_namespace="api",
    renderer=UnicodeJSONRenderer(),
    # validatorUrl: Swagger UI would otherwise send the description to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)

ERRORS = {404: schemas.ErrorOut, 422: schemas.ErrorOut}
# Path parameters: a record ID fits the model's column; a slug is letters (any script),
# digits and hyphens, so that no "/" or "%2F" ever reaches a route as part of one.
RecordId = Path(..., ge=1, le=2_147_483_647, description="The document's record ID.")
Slug = Path(..., pattern=r"^[-\w]+$", description="The stable slug of the page's URL.")
WRITE_ERRORS = {401: schemas.ErrorOut, 403: schemas.ErrorOut, **ERRORS}


def require(request: HttpRequest, permission: str) -> None:
    if not request.auth.has_perm(f"archive.{permission}"):
        raise HttpError(403, f"This token's user lacks the permission archive.{permission}.")


def page_of(request: HttpRequest, queryset, sort: Sort, params, serialize) -> dict:
    url = schemas.absolute(request.path)
    page = paginate(queryset, sort, params.cursor, params.limit, url, request.GET)
    return {"results": [serialize(row) for row in page.rows], "next": page.next}


# --- Documents ------------------------------------------------------------------------


@api.get(
    "/documents",
    response={200: schemas.DocumentPageOut, 422: schemas.ErrorOut},
    url_name="document-list",
    tags=["documents"],
)
def document_list(request, filters: Query[queries.DocumentFilters]):
    """Published documents, filtered, newest first unless ``sort`` says otherwise."""
    documents = queries.filter_documents(queries.document_list(), filters)
    sort = queries.DOCUMENT_SORTS[filters.sort]
    return page_of(request, documents, sort, filters, schemas.document_summary_data)


@api.get(
    "/documents/{record_id}",
    response={200: schemas.DocumentOut, **ERRORS},
    url_name="document-detail",
    tags=["documents"],
)
def document_detail(request, record_id: int = RecordId):
    """One published document with everything its page shows."""
    documents = queries.document_detail(Document.objects.published())
    return schemas.document_data(get_object_or_404(documents, record_id=record_id))


def _fresh(record_id: int) -> dict:
    """The document as stored, whatever its status: what an editor's write answers with."""
    return schemas.document_data(queries.document_detail().get(record_id=record_id))


@api.post(
    "/documents",
    auth=EditorToken(),
    response={201: schemas.DocumentOut, **WRITE_ERRORS},
    tags=["documents"],
)
def document_create(request, document: writes.DocumentIn):
    """Create a document (a draft unless ``status`` is given)."""
    require(request, "add_document")
    saved = writes.save_document(Document(), document.model_dump(exclude_unset=True))
    return Status(201, _fresh(saved.record_id))


@api.patch(
    "/documents/{record_id}",
    auth=EditorToken(),
    response={200: schemas.DocumentOut, **WRITE_ERRORS},
    tags=["documents"],
)
def document_update(request, document: writes.DocumentPatch, record_id: int = RecordId):
    """Change the fields given; the others stay as they are. Drafts too."""
    require(request, "change_document")
    stored = get_object_or_404(Document, record_id=record_id)
    writes.save_document(stored, document.model_dump(exclude_unset=True))
    return _fresh(record_id)


@api.delete(
    "/documents/{record_id}",
    auth=EditorToken(),
    response={204: None, **WRITE_ERRORS},
    tags=["documents"],
)
def document_delete(request, record_id: int = RecordId):
    """Delete a document; harvesters learn of it through the outbox (OAI-PMH: deleted)."""
    require(request, "delete_document")
    writes.delete_document(get_object_or_404(Document, record_id=record_id))
    return Status(204, None)


# --- People, places, topics, collections ----------------------------------------------


def _entity_endpoints(name: str, plural: str, queryset, sort: Sort, out, page_out, serialize):
    """A list and a detail endpoint, /api/<plural> and /api/<plural>/<slug>."""

    @api.get(
        f"/{plural}",
        response={200: page_out, 422: schemas.ErrorOut},
        url_name=f"{name}-list",
        tags=[plural],
        summary=f"List {plural}",
        operation_id=f"{name}_list",
    )
    def entity_list(request, params: Query[queries.PageParams]):
        return page_of(request, queryset(), sort, params, serialize)

    @api.get(
        f"/{plural}/{{slug}}",
        response={200: out, **ERRORS},
        url_name=f"{name}-detail",
        tags=[plural],
        summary=f"One of the {plural}",
        operation_id=f"{name}_detail",
    )
    def entity_detail(request, slug: str = Slug):
        return serialize(get_object_or_404(queryset(), slug=slug))


_entity_endpoints(
    "person",
    "people",
    queries.people,
    queries.PERSON_SORT,
    schemas.PersonOut,
    schemas.PersonPageOut,
    schemas.person_data,
)
_entity_endpoints(
    "place",
    "places",
    queries.places,
    queries.PLACE_SORT,
    schemas.PlaceOut,
    schemas.PlacePageOut,
    schemas.place_data,
)
_entity_endpoints(
    "topic",
    "topics",
    queries.topics,
    queries.TOPIC_SORT,
    schemas.TopicOut,
    schemas.TopicPageOut,
    schemas.topic_data,
)
_entity_endpoints(
    "collection",
    "collections",
    queries.collections,
    queries.COLLECTION_SORT,
    schemas.CollectionOut,
    schemas.CollectionPageOut,
    schemas.collection_data,
)

api.add_router("", search.router)

# For templates: the JSON twin of each reader page (see docs/api.md).
TWINS = {
    "archive:catalog": "api:document-list",
    "archive:document-detail": "api:document-detail",
    "archive:person-index": "api:person-list",
    "archive:person-detail": "api:person-detail",
    "archive:place-index": "api:place-list",
    "archive:place-detail": "api:place-detail",
    "archive:topic-index": "api:topic-list",
    "archive:topic-detail": "api:topic-detail",
    "archive:collection-index": "api:collection-list",
    "archive:collection-detail": "api:collection-detail",
}


def twin_url(page_url_name: str, *args) -> str:
    """The path of the JSON twin of a reader page, by the page's URL name."""
    return reverse(TWINS[page_url_name], args=args)
