"""A loopback upstream for measure.sh: answers every request 200 with a small JSON body, kept alive."""
import sys

from loopback import JsonHandler, serve


class Upstream(JsonHandler):
    def do_GET(self):
        self.reply(200, b'{"ok":true}')


serve(int(sys.argv[1]), Upstream)
