from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from literacy.models import Rendition


@require_GET
def media(request, token):
    """Serve a derivative by its opaque token. The response carries nothing
    about the example: same type, same headers, whatever the label."""
    # Quiz renditions are served per attempt item (quizzes:attempt_media), never here.
    served = Rendition.objects.exclude(purpose=Rendition.Purpose.QUIZ).only("file")
    rendition = get_object_or_404(served, token=token)
    try:
        handle = rendition.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Missing media") from exc
    response = FileResponse(handle, content_type="image/webp")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
