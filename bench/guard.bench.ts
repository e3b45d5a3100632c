// The per-request cost of the route guard: requests/s of one cheap route (GET /fields)
// signed in with a bearer token (token and account read from MongoDB on every request) and
// the same route declared public (the guard only reads the policy), over keep-alive HTTP.
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { PUBLIC_POLICY, ROUTE_POLICY } from '../src/identity/authorization/policy';
import { adminBearer, startBenchApp } from './support/bench-app';

const SECONDS = Number(process.env.BENCH_GUARD_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_GUARD_CONCURRENCY ?? 16);
const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };

async function load(port: number, headers: Record<string, string>): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ port, path: '/fields', agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.resume().on('end', resolve);
      });
      req.on('error', reject).end();
    });
  const worker = async () => {
    while (Date.now() < until) {
      await one();
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return done / SECONDS;
}

async function main() {
  Object.assign(process.env, {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    // Thousands of requests a minute on one token: the counter is still written (and measured),
    // never reached.
    TOKEN_RATE_LIMIT: '1000000',
  });
  const bench = await startBenchApp('guard');
  try {
    const server = bench.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const http = request(server);
    const { authorization, cookie } = await adminBearer(http, ADMIN);

    await load(port, { authorization }); // warm-up
    const withToken = await load(port, { authorization });
    const withSession = await load(port, { cookie });
    // The same handler, declared public for this run only: the guard reads the policy and stops.
    for (const module of bench.app.get(ModulesContainer).values())
      for (const wrapper of module.controllers.values())
        if (wrapper.metatype?.name === 'FieldsController')
          Reflect.defineMetadata(ROUTE_POLICY, PUBLIC_POLICY, wrapper.metatype.prototype.list);
    await load(port, {});
    const open = await load(port, {});
    const perRequestMs = (rate: number) => (CONCURRENCY / rate) * 1000;
    process.stdout.write(
      `guard (${bench.backend}, GET /fields, ${CONCURRENCY} concurrent, ${SECONDS} s each): ` +
        `public ${open.toFixed(0)} req/s, bearer token ${withToken.toFixed(0)} req/s, ` +
        `session cookie ${withSession.toFixed(0)} req/s; ` +
        `latency ${perRequestMs(open).toFixed(2)} / ${perRequestMs(withToken).toFixed(2)} / ${perRequestMs(withSession).toFixed(2)} ms\n`,
    );
  } finally {
    await bench.close();
  }
}

void main();
