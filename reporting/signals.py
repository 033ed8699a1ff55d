"""What reporting tells the apps above it, which it may not import (documents delivers the
approved provincial reports when a national round opens)."""

from django.dispatch import Signal

# Sent inside open_round's transaction once a national round and its expected reports exist,
# with `round` (the ReportingRound) and `user` (who opened it).
national_round_opened = Signal()
