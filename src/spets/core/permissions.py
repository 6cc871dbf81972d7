"""What every app's services and views share about permissions."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from spets.core.errors import Forbidden  # noqa: F401  (re-exported: one exception for every app)


def page_view(view):
    """Login required; Forbidden → 403; rows the user may not see (scoped lookups fail) → 404."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from None
        except ObjectDoesNotExist:
            raise Http404 from None

    return wrapper
