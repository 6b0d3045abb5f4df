from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def bench_trivial(request):
    """The benchmark's ceiling: the same middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
