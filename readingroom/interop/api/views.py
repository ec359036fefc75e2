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

from readingroom.archive import threads
from readingroom.archive.actions import Actor, Refused, Role
from readingroom.archive.models import Document

from . import queries, schemas, search, writes
from .auth import EditorToken
from .paging import Sort, paginate


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
WRITE_ERRORS = {401: schemas.ErrorOut, 403: schemas.ErrorOut, 429: schemas.ErrorOut, **ERRORS}


def actor_of(request: HttpRequest) -> Actor:
    """The token's user as an actor; the domain actions decide what their role may do."""
    actor = Actor.of(request.auth)
    if actor.role < Role.EDITOR:
        raise HttpError(403, "This token's user has no role in the back office (Editor or above).")
    return actor


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


@api.get(
    "/threads/{record_id}",
    response={200: schemas.ThreadOut, **ERRORS},
    url_name="thread-detail",
    tags=["documents"],
)
def thread_detail(request, record_id: int = RecordId):
    """The published documents of this one's thread (replies, enclosures, drafts, the same
    meeting; not mentions), in date order: the twin of /thread/<record_id>."""
    documents = threads.thread(record_id)
    if not documents:
        raise HttpError(404, "No such document")
    return schemas.thread_data(documents)


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
    changes = document.model_dump(exclude_unset=True)
    record_id = changes.pop("record_id", None)
    if record_id is not None:
        changes = {"record_id": record_id, **changes}
    saved = writes.save_document(None, changes, actor_of(request))
    return Status(201, _fresh(saved.record_id))


@api.patch(
    "/documents/{record_id}",
    auth=EditorToken(),
    response={200: schemas.DocumentOut, **WRITE_ERRORS},
    tags=["documents"],
)
def document_update(request, document: writes.DocumentPatch, record_id: int = RecordId):
    """Change the fields given; the others stay as they are. Drafts too."""
    actor = actor_of(request)
    get_object_or_404(Document, record_id=record_id)
    writes.save_document(record_id, document.model_dump(exclude_unset=True), actor)
    return _fresh(record_id)


@api.delete(
    "/documents/{record_id}",
    auth=EditorToken(),
    response={204: None, **WRITE_ERRORS},
    tags=["documents"],
)
def document_delete(request, record_id: int = RecordId):
    """Delete a document to the trash (Administrators), from where it can be restored;
    harvesters learn of it through the outbox (OAI-PMH: deleted)."""
    actor = actor_of(request)
    try:
        writes.delete_document(get_object_or_404(Document, record_id=record_id), actor)
    except Refused as refused:
        raise HttpError(403, str(refused)) from None
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

    @api.patch(
        f"/{plural}/{{slug}}",
        auth=EditorToken(),
        response={200: out, **WRITE_ERRORS},
        tags=[plural],
        summary=f"Change one of the {plural} (token)",
        operation_id=f"{name}_update",
    )
    def entity_update(request, changes: writes.EntityPatch, slug: str = Slug):
        actor = actor_of(request)
        stored = get_object_or_404(queryset().model, slug=slug)
        saved = writes.save_entity(stored, changes.model_dump(exclude_unset=True), actor)
        return serialize(type(saved).objects.get(pk=saved.pk))


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
    "archive:thread-detail": "api:thread-detail",
}


def twin_url(page_url_name: str, *args) -> str:
    """The path of the JSON twin of a reader page, by the page's URL name."""
    return reverse(TWINS[page_url_name], args=args)
