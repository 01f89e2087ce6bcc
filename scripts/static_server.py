"""Serve a built site on loopback the way a static host does: gzip for text, quiet logs.

Used by the benchmarks, the screenshots and the browser tests. GitHub Pages and every common
static host compress text responses, so measuring an uncompressed server would overstate what a
reader on a slow connection downloads.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import threading
from pathlib import Path
from typing import Iterator

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".md")


class _Counting:
    """A response stream that adds the bytes written through it to a shared tally."""

    def __init__(self, stream, tally: dict):
        self.stream, self.tally = stream, tally

    def write(self, data) -> int:
        self.tally["bytes"] = self.tally.get("bytes", 0) + len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus gzip for text files when the client accepts it; with a `tally`,
    counts every byte sent (headers included), as a reader's connection would carry them."""

    tally: dict | None = None

    def setup(self):
        super().setup()
        if self.tally is not None:
            self.wfile = _Counting(self.wfile, self.tally)

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))  # folders: the base class redirects or lists them
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)



@contextlib.contextmanager
def serve(directory: Path, tally: dict | None = None) -> Iterator[str]:
    """Serve `directory` on a free loopback port; yields the base URL ending in '/'. With `tally`, the
    bytes sent are added up in tally["bytes"]."""
    handler = type("Handler", (StaticHandler,), {"tally": tally}) if tally is not None else StaticHandler
    handler = functools.partial(handler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
