"""kombu's file-system transport with messages written atomically, for the embedded default.

kombu 5.7's filesystem transport creates a message file and then writes it. A worker polling
the folder in between moves the empty file away and fails on "Expecting value" (JSONDecodeError),
which stops the worker: seen here the first time beat sent the scans all at once. Writing to a
name the reader skips and renaming it into place (atomic on one file system) closes the gap.
Redis, in production and tests, is not affected.
"""

import os
import uuid

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(filesystem.monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # The reader takes only names ending in ".<queue>.msg": it never sees the half-written file.
        partial = final + ".part"
        try:
            with open(partial, "wb", buffering=0) as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
