// The preview's HTTP server: three routes, all answered from memory, on one address.
// It never opens a file, so no request can read one: any path but these is 404.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { ROUTES } from './routes.js';

/** Ports tried when none is given: the first free one from here. */
export const FIRST_PORT = 4000;
const PORTS_TRIED = 100;
/** SSE comment lines keep proxies and idle timeouts from closing a quiet stream. */
const KEEPALIVE_MS = 25_000;

export interface Responses {
  /** The pack page, as served at `/`. */
  page(): Promise<Buffer>;
  /** The PDF pack, built on first request after a change. */
  pdf(): Promise<Buffer>;
  /** The build pages should show now: a page at another one reloads. */
  build(): number;
}

export interface PreviewServer {
  url: string;
  /** Send one Server-Sent Event to every open page. */
  broadcast(event: string, id: number, data: string): void;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/** Host names a request may carry: the address listened on, and loopback names for a loopback bind. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set<string>(['localhost', '127.0.0.1', '[::1]']);
  if (host === '0.0.0.0' || host === '::') {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(address.family === 'IPv6' ? `[${address.address}]` : address.address);
    }
  } else {
    names.add(host.includes(':') ? `[${host}]` : host.toLowerCase());
  }
  // A browser leaves the port out of Host only when it is the default one.
  return new Set([...names].flatMap((name) => (port === 80 ? [name, `${name}:80`] : [`${name}:${port}`])));
}

function send(response: ServerResponse, status: number, type: string, body: Buffer | string, head: boolean): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  response.writeHead(status, {
    'content-type': type,
    'content-length': bytes.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
  });
  response.end(head ? undefined : bytes);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startServer(host: string, port: number | undefined, responses: Responses): Promise<PreviewServer> {
  const streams = new Set<ServerResponse>();
  let hosts = new Set<string>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // DNS rebinding: a page on another site resolved to this address would send its own Host.
    if (!hosts.has((request.headers.host ?? '').toLowerCase())) return send(response, 403, 'text/plain; charset=utf-8', 'Refused: this preview answers only to its own address.\n', false);
    const head = request.method === 'HEAD';
    if (request.method !== 'GET' && !head) return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', false);
    // The raw path, undecoded: `/%2e%2e/x` and `/../x` are simply not one of the routes.
    const path = (request.url ?? '').split('?')[0];
    if (path === ROUTES.page) return send(response, 200, 'text/html; charset=utf-8', await responses.page(), head);
    if (path === ROUTES.pdf) return send(response, 200, 'application/pdf', await responses.pdf(), head);
    if (path === ROUTES.events && !head) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(`retry: 500\nevent: build\ndata: ${responses.build()}\n\n`);
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    send(response, 404, 'text/plain; charset=utf-8', 'Not found\n', head);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`, false);
      else response.destroy();
    });
  });
  let bound: number | undefined;
  if (port !== undefined) {
    try {
      bound = await listen(server, host, port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(`Port ${port} is in use.`);
      throw error;
    }
  } else {
    for (let candidate = FIRST_PORT; bound === undefined; candidate++) {
      try {
        bound = await listen(server, host, candidate);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || candidate >= FIRST_PORT + PORTS_TRIED) throw error;
      }
    }
  }
  hosts = allowedHosts(host, bound);
  const keepalive = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/`,
    broadcast(event, id, data) {
      const message = `id: ${id}\nevent: ${event}\n${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
      for (const stream of streams) stream.write(message);
    },
    close() {
      clearInterval(keepalive);
      for (const stream of streams) stream.end();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
