// Sign-in through HTTP at the chosen Argon2id cost: p50/p95 of POST /auth/login over 50
// sign-ins (each verifies one hash and writes a session), after a few warm-up ones.
import request from 'supertest';
import { ARGON2_COST } from '../src/identity/passwords/password-hasher';
import { percentile, startBenchApp } from './support/bench-app';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 50);
const ADMIN = { username: 'bench-admin', password: 'a long bench password 2026' };

async function main() {
  Object.assign(process.env, {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_RATE_LIMIT: String(SIGN_INS * 2),
  });
  const bench = await startBenchApp('signin');
  try {
    const http = request(bench.app.getHttpServer());
    for (let i = 0; i < 3; i++) await http.post('/auth/login').send(ADMIN).expect(200);
    const times: number[] = [];
    for (let i = 0; i < SIGN_INS; i++) {
      const t0 = process.hrtime.bigint();
      await http.post('/auth/login').send(ADMIN).expect(200);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const cost = `Argon2id m=${ARGON2_COST.memoryCost} KiB, t=${ARGON2_COST.timeCost}, p=${ARGON2_COST.parallelism}`;
    process.stdout.write(
      `sign-in (${cost}, ${bench.backend}): ${SIGN_INS} sign-ins, p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms\n`,
    );
  } finally {
    await bench.close();
  }
}

void main();
