from django.conf import settings
from django.http import JsonResponse


class ApiKeyMiddleware:
    """Partner systems authenticate with a static key in X-Api-Key."""

    OPEN_PATHS = ("/healthz",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in self.OPEN_PATHS and settings.CLIENT_API_KEYS:
            if request.headers.get("X-Api-Key") not in settings.CLIENT_API_KEYS:
                return JsonResponse({"error": "unauthorized"}, status=401)
        return self.get_response(request)
