"""review_service: complaints about UK freedom-of-information responses.

``from review_service import create_app`` gives the application factory, so
``flask --app review_service run`` works as usual.
"""

from review_service.app import create_app

__all__ = ["create_app"]
