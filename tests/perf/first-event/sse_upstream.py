"""A server-sent-events upstream for first-event.sh: GET answers with its headers and a first event in one write,
then sends a second event a second later and ends the stream. Usage: sse_upstream.py PORT"""
import http.server
import sys
import time

SECOND_EVENT_DELAY_S = 1.0


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


class EventStream(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        try:
            # Headers and the first event leave together: a proxy can only show the event late by holding it.
            self.wfile.write(head + chunk(b"data: one\n\n"))
            time.sleep(SECOND_EVENT_DELAY_S)
            self.wfile.write(chunk(b"data: two\n\n") + b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client measured the first event and left, as it is meant to
        self.close_connection = True

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), EventStream)
server.daemon_threads = True
print(f"sse upstream listening on 127.0.0.1:{sys.argv[1]}", flush=True)
server.serve_forever()
