"""A Lambda Runtime API (2018-06-01) on 127.0.0.1 for measure.sh, from AWS's documentation: every process that asks
for work gets one invocation of the event; once it has posted the response, its next request for work is answered
500 (the documented "non-recoverable state", upon which a runtime exits), so each hyperfine run is one cold start
ending at its first answer. Usage: runtime_api.py <port> <event.json> <answers.log>; each answer's first 200 bytes
are appended to answers.log so measure.sh can check them."""
import itertools
import sys
import time

from loopback import JsonHandler, serve

port, event_path, answers_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
event = open(event_path, "rb").read()
ids = itertools.count(1)
answered = False


class RuntimeApi(JsonHandler):
    def do_GET(self):
        global answered
        if self.path != "/2018-06-01/runtime/invocation/next":
            return self.reply(404, b'{"errorType":"NotFound"}')
        if answered:
            answered = False
            return self.reply(500, b'{"errorType":"Runtime.ExitAfterFirstAnswer","errorMessage":"measure.sh: one invocation per process"}')
        deadline = int((time.time() + 30) * 1000)
        self.reply(200, event, {
            "Lambda-Runtime-Aws-Request-Id": f"measure-{next(ids)}",
            "Lambda-Runtime-Deadline-Ms": str(deadline),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:eu-west-1:123456789012:function:measure",
            "Lambda-Runtime-Trace-Id": "Root=1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a;Parent=53995c3f42cd8ad8;Sampled=0",
        })

    def do_POST(self):
        global answered
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(answers_path, "ab") as answers:
            answers.write(self.path.encode() + b" " + body[:200] + b"\n")
        answered = True
        self.reply(202, b'{"status":"OK"}')


serve(port, RuntimeApi)
