// Connection hygiene for the HTTP server: a client must send its headers and its whole request
// in bounded time, idle kept-alive connections are closed, and the number held at once is
// capped. Node checks the two timeouts on a timer (every 30 s by default, which let a body
// trickled at 1 byte/s hold a connection for 323 s); here it checks every second.
import { createServer, Server } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/** Applies the limits to a server made elsewhere (keep-alive and the connection cap). */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Node refuses a headers timeout above the request timeout.
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  server.requestTimeout = limits.requestTimeoutMs;
  server.maxConnections = limits.maxConnections;
}

/** Nest's Express adapter with an HTTP server made with the limits (they are create options). */
export class LimitedExpressAdapter extends ExpressAdapter {
  constructor(private readonly limits: ConnectionLimits) {
    super();
  }

  override initHttpServer(options: Parameters<ExpressAdapter['initHttpServer']>[0]): void {
    // TLS (and forced close on shutdown, unused here) stay Nest's own.
    if (options?.httpsOptions || options?.forceCloseConnections)
      return super.initHttpServer(options);
    const server = createServer(
      {
        headersTimeout: Math.min(this.limits.headersTimeoutMs, this.limits.requestTimeoutMs),
        requestTimeout: this.limits.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1_000, this.limits.headersTimeoutMs),
      },
      this.getInstance(),
    );
    applyConnectionLimits(server, this.limits);
    this.setHttpServer(server);
  }
}
