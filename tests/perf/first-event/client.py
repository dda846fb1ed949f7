"""Time to the first server-sent event, direct and through a proxy, interleaved.
Usage: client.py REPETITIONS DIRECT_URL PROXIED_URL

Each repetition opens a new connection, sends GET, and stops the clock when the first event's closing blank line
has arrived in the body (not when the headers did: a proxy could send those at once and still hold the body). The
upstream sends its second event a second after the first, so a first event that takes that long was buffered."""
import http.client
import math
import statistics
import sys
import time
from urllib.parse import urlsplit

WARM_UP = 20
BUFFERED_AFTER_MS = 900.0


def first_event_ms(url: str) -> tuple[float, float]:
    """Milliseconds from the request's start to the response headers and to the end of the first event."""
    parts = urlsplit(url)
    start = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers={"Accept": "text/event-stream"})
        response = connection.getresponse()
        headers_at = time.perf_counter()
        if response.status != 200:
            sys.exit(f"{url} answered {response.status}")
        body = b""
        while b"\n\n" not in body:
            read = response.read1(4096)
            if not read:
                sys.exit(f"{url} ended before its first event: {body!r}")
            body += read
        event_at = time.perf_counter()
    finally:
        connection.close()
    if not body.startswith(b"data: one\n\n"):
        sys.exit(f"{url} sent {body!r} as its first event")
    return (headers_at - start) * 1000, (event_at - start) * 1000


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


def main() -> None:
    repetitions, urls = int(sys.argv[1]), {"direct": sys.argv[2], "serve": sys.argv[3]}
    for _ in range(WARM_UP):
        for url in urls.values():
            first_event_ms(url)
    headers = {target: [] for target in urls}
    events = {target: [] for target in urls}
    for _ in range(repetitions):
        for target, url in urls.items():
            headers_ms, event_ms = first_event_ms(url)
            headers[target].append(headers_ms)
            events[target].append(event_ms)

    print(f"{repetitions} interleaved repetitions, a new connection each, ms from the request's start")
    print(f"{'target':<8} {'headers p50':>12} {'event p50':>10} {'event p99':>10} {'event max':>10}")
    for target in urls:
        print(f"{target:<8} {statistics.median(headers[target]):12.3f} {statistics.median(events[target]):10.3f} "
              f"{p99(events[target]):10.3f} {max(events[target]):10.3f}")
    median_gap = statistics.median(events["serve"]) - statistics.median(events["direct"])
    p99_gap = p99(events["serve"]) - p99(events["direct"])
    print(f"serve - direct: first event p50 +{median_gap:.3f} ms, p99 +{p99_gap:.3f} ms "
          f"(goal: within 50 ms: {'met' if p99_gap <= 50 else 'NOT met'})")
    buffered = [ms for ms in events["serve"] if ms >= BUFFERED_AFTER_MS]
    if buffered:
        sys.exit(f"{len(buffered)} first events through serve took over {BUFFERED_AFTER_MS:.0f} ms: buffered, not streamed")


main()
