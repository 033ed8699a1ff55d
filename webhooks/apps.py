from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # The events are the records the reporting and documents actions write (a report's
        # event, a round's lock, a version's sending): listened to here, so that those apps,
        # below this one, need not know about webhooks.
        from webhooks import events

        events.connect()
