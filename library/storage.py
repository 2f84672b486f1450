"""Where the library's files are kept: LIBRARY_FILES_ROOT, outside the media that /media/
serves, read from the settings on each use (so tests and deployments may move it)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class LibraryStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        return settings.LIBRARY_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Library files have no URL: they are served by library:download.")
