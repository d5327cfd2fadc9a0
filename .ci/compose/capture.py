"""Accepts every POST on ports 80 and 5341 and prints it: method, path and body, one line each.

Seq's ingestion (POST /api/events/raw) answers 201 as Seq does; any other POST answers 200.
With --check it asks the server on 127.0.0.1:80 once and exits 0 when it answered.
"""
import http.server
import socketserver
import sys
import threading
import urllib.request


class Capture(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        print(f"{self.command} {self.path} {' '.join(body.split())}", flush=True)
        self.send_response(201 if self.path.startswith("/api/events") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        urllib.request.urlopen("http://127.0.0.1:80/", timeout=3)
        sys.exit(0)
    servers = [Server(("0.0.0.0", port), Capture) for port in (80, 5341)]
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("capture listening on 80 and 5341", flush=True)
    servers[0].serve_forever()
