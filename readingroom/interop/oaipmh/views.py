"""The /oai endpoint: one thin view that checks the request, runs the verb and sends XML."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import serializers
from .arguments import parse_arguments
from .errors import OAIError
from .verbs import VERBS, base_url


@csrf_exempt  # harvesters may POST (OAI-PMH 2.0, 3.1.1.2); nothing here changes state
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    params = request.POST if request.method == "POST" else request.GET
    echoed = None  # the arguments <request> repeats: only those of a valid request
    try:
        verb, arguments = parse_arguments(params)
        echoed = {"verb": verb, **arguments}
        body = VERBS[verb](arguments, now)
    except OAIError as problem:
        body = serializers.error(problem)
        if problem.hides_request:
            echoed = None
    root = serializers.envelope(now, base_url(), echoed)
    root.append(body)
    return HttpResponse(serializers.to_bytes(root), content_type="text/xml; charset=utf-8")
