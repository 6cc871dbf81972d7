"""Swedish first: the UI language is the user's explicit choice (cookie), else Swedish.

The browser's Accept-Language is ignored on purpose: advisors' machines often run English systems, and
the programme works in Swedish.
"""


class SwedishFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
