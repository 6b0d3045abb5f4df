from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from literacy import storage
from literacy.models import Rendition


@require_GET
def media(request, token):
    """Serve a derivative by its opaque token. The response carries nothing
    about the example: same type, same headers, whatever the label."""
    # Quiz renditions are served per attempt item (quizzes:attempt_media), never here.
    served = Rendition.objects.exclude(purpose=Rendition.Purpose.QUIZ).only("file")
    rendition = get_object_or_404(served, token=token)
    return storage.stream(
        rendition.file,
        cache_control="public, max-age=31536000, immutable",
        range_header=request.headers.get("Range", ""),
    )
