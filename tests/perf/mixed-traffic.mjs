// The soak's streaming traffic, both ends of it.
//   node mixed-traffic.mjs upstream PORT         an upstream on 127.0.0.1:PORT: GET /events sends five server-sent
//                                                events 100 ms apart; POST /uploads reads the body and answers its
//                                                length; a WebSocket on any path echoes every message.
//   node mixed-traffic.mjs load BASE_URL SECONDS  for SECONDS, through the gateway at BASE_URL: WebSocket sessions
//                                                (open, ten messages each echoed, close), event streams read to the
//                                                end, 200 KB uploads (past the gateway's 64 KB read-ahead, so they
//                                                stream). Every exchange is checked; prints the tallies as JSON and
//                                                exits 3 if any failed or a kind never succeeded.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

const [mode, target, seconds] = process.argv.slice(2);

if (mode === 'upstream') {
  const server = http.createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      let sent = 0;
      const timer = setInterval(() => {
        response.write(`data: ${++sent}\n\n`);
        if (sent === 5) {
          clearInterval(timer);
          response.end();
        }
      }, 100);
      request.on('close', () => clearInterval(timer));
      return;
    }
    if (request.method === 'POST' && request.url === '/uploads') {
      let bytes = 0;
      request.on('data', chunk => { bytes += chunk.length; });
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ bytes }));
      });
      return;
    }
    response.writeHead(404).end();
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', socket => socket.on('message', (data, binary) => socket.send(data, { binary })));
  server.listen(Number(target), '127.0.0.1', () => console.log(`mixed upstream listening on ${target}`));
} else if (mode === 'load') {
  const base = new URL(target);
  const until = Date.now() + Number(seconds) * 1000;
  const tally = { websocket: { ok: 0, failed: 0 }, events: { ok: 0, failed: 0 }, uploads: { ok: 0, failed: 0 } };
  const failures = [];

  const session = () => new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${base.host}/ws`);
    let expected = 0;
    const timeout = setTimeout(() => { socket.terminate(); reject(new Error('session timed out')); }, 10000);
    socket.on('open', () => socket.send(`message ${expected}`));
    socket.on('message', data => {
      if (data.toString() !== `message ${expected}`) {
        socket.terminate();
        return reject(new Error(`echo ${data} for message ${expected}`));
      }
      if (++expected < 10) {
        socket.send(`message ${expected}`);
      } else {
        socket.close(1000, 'done');
      }
    });
    socket.on('close', code => {
      clearTimeout(timeout);
      code === 1000 && expected === 10 ? resolve() : reject(new Error(`closed with ${code} after ${expected} echoes`));
    });
    socket.on('error', error => { clearTimeout(timeout); reject(error); });
  });

  const events = async () => {
    const response = await fetch(new URL('/events', base), { signal: AbortSignal.timeout(10000) });
    const text = await response.text();
    if (response.status !== 200 || text !== [1, 2, 3, 4, 5].map(n => `data: ${n}\n\n`).join('')) {
      throw new Error(`events: ${response.status} ${JSON.stringify(text).slice(0, 80)}`);
    }
  };

  const upload = async () => {
    const body = new Uint8Array(200 * 1024).fill(7);
    const response = await fetch(new URL('/uploads', base), { method: 'POST', body, signal: AbortSignal.timeout(10000) });
    const answer = await response.json();
    if (response.status !== 200 || answer.bytes !== body.length) {
      throw new Error(`upload: ${response.status} ${JSON.stringify(answer)}`);
    }
  };

  const loop = async (kind, exchange) => {
    while (Date.now() < until) {
      try {
        await exchange();
        tally[kind].ok++;
      } catch (error) {
        tally[kind].failed++;
        if (failures.length < 10) failures.push(`${kind}: ${error.message}`);
      }
    }
  };

  await Promise.all([loop('websocket', session), loop('websocket', session), loop('events', events), loop('uploads', upload)]);
  console.log(JSON.stringify({ tally, failures }));
  const bad = Object.values(tally).some(t => t.failed > 0 || t.ok === 0);
  process.exit(bad ? 3 : 0);
} else {
  console.error('usage: mixed-traffic.mjs upstream PORT | mixed-traffic.mjs load BASE_URL SECONDS');
  process.exit(2);
}
