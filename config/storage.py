"""The STORAGES entry for uploads in an S3-compatible bucket (settings.py, and the tests that use moto)."""

from botocore.config import Config


def s3_storage(*, bucket_name, endpoint_url=None, region_name=None, access_key=None, secret_key=None, location=""):
    """A private bucket, read only through our views.

    Keys left as None come from the machine (AWS_ACCESS_KEY_ID in the environment, an instance role).
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url,
            "region_name": region_name,
            "access_key": access_key,
            "secret_key": secret_key,
            "location": location,
            # Two uploads with one name never replace each other (django-storages overwrites by default,
            # and point evidence keeps the name people gave their file).
            "file_overwrite": False,
            # A store that does not answer fails a request (and /readyz) in seconds, not minutes.
            "client_config": Config(
                connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }
