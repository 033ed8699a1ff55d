import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")
application = get_wsgi_application()

# Import the URLconf, hence every view module (matplotlib, openpyxl, the API...), now rather
# than on each worker's first request: under `gunicorn --preload` the workers fork warm and a
# restarted server answers at once instead of after seconds of imports per worker.
import_module(settings.ROOT_URLCONF)
