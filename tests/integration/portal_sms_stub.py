"""A local SMS gateway for tests: records every request (method, path, headers,
body) as one JSON line and answers with the status given on the command line.

    python3 portal_sms_stub.py ADDRESS PORT RECORD_FILE [STATUS]"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

ADDR, PORT, RECORD = sys.argv[1], int(sys.argv[2]), sys.argv[3]
STATUS = int(sys.argv[4]) if len(sys.argv) > 4 else 200


class Handler(BaseHTTPRequestHandler):
    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode() if n else ""
        with open(RECORD, "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path, "headers": dict(self.headers),
                                "body": body}) + "\n")
        self.send_response(STATUS)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = do_PUT = handle_any

    def log_message(self, *args):
        pass


HTTPServer((ADDR, PORT), Handler).serve_forever()
