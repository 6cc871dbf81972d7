"""Content-Security-Policy and Permissions-Policy on every response (settings CONTENT_SECURITY_POLICY and
PERMISSIONS_POLICY).

Scripts and styles come only from our own static files: no inline <script>, no on*= handler attributes
(behaviour such as "submit on change" is declared with data attributes and wired in spets/spets.js), no
<style> elements and no style attributes (page styles are static files; data-driven widths and colours are
SVG attributes, which the policy does not govern; htmx is told not to inject its indicator style). So
neither script-src nor style-src needs 'unsafe-inline'. img-src allows data: and blob: for charts exported
as PNG in the browser.
"""

from __future__ import annotations

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = settings.CONTENT_SECURITY_POLICY
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        if self.permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response
