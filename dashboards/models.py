from django.db import models


class PortfolioVersion(models.Model):
    """One row counting the changes people make, so that cached portfolio figures know when they are stale.

    Kept in the database rather than in the cache: every web and worker process sees the same number.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.number)
