// The node test environment, plus a way for a spec to change the worker's REAL time zone.
// Jest hands each test file a copy of process.env, so `process.env.TZ = ...` inside a test
// never reaches V8's date code; this closure is created outside the sandbox, so it does.
// Use with the docblock `@jest-environment ./src/feeds/calendar/testing/process-tz.environment.ts`.
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

export type SetProcessTimeZone = (zone: string | undefined) => void;

class ProcessTzEnvironment extends TestEnvironment {
  private readonly originalTz = process.env.TZ;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const set: SetProcessTimeZone = (zone) => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    };
    (this.global as unknown as { setProcessTimeZone: SetProcessTimeZone }).setProcessTimeZone = set;
  }

  override async teardown(): Promise<void> {
    if (this.originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = this.originalTz;
    await super.teardown();
  }
}

type Mixin = <T>(environment: T) => T;
const strykerMixin = (): Mixin =>
  (require('@stryker-mutator/jest-runner') as { mixinJestEnvironment: Mixin }).mixinJestEnvironment;

// Under Stryker (npm run test:mutation) the environment must also report per-test coverage.
export default process.env.STRYKER_MUTATOR_WORKER
  ? strykerMixin()(ProcessTzEnvironment)
  : ProcessTzEnvironment;
