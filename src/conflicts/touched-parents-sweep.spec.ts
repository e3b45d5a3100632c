// The start's sweep of the outbox: writes found still going at start are looked at again until
// none is, scheduler or not (they are the start's leftovers too).
import type { AppConfig } from '../config/app-config';
import type { LeasedIntervals } from '../common/jobs/job-lease';
import { ParentsChangedBus, STILL_WRITING } from '../registry/parents-changed';
import { TouchedParentsSweep } from './touched-parents-sweep';

describe('TouchedParentsSweep at start', () => {
  afterEach(() => jest.useRealTimers());

  it('sweeps again while a write is still going, then stops', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    const bus = new ParentsChangedBus();
    let going = 2;
    const finished: number[] = [];
    bus.finishWith('long', async () => {
      if (going-- > 0) return STILL_WRITING;
      finished.push(Date.now());
    });
    await bus.announce(['0100109106'], 'import', { kind: 'long', data: {} });
    jest.advanceTimersByTime(1);
    const sweep = new TouchedParentsSweep(
      { schedulerEnabled: false } as AppConfig,
      bus,
      {} as LeasedIntervals,
    );
    const sweeps = jest.spyOn(sweep, 'sweep');
    await sweep.onApplicationBootstrap();
    expect([sweeps.mock.calls.length, bus.stillWriting]).toEqual([1, 1]);
    for (let i = 0; i < 3; i++) {
      await jest.advanceTimersByTimeAsync(10_000);
    }
    expect(finished).toHaveLength(1);
    expect(sweeps.mock.calls.length).toBe(3);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(sweeps.mock.calls.length).toBe(3);
    sweep.onApplicationShutdown();
  });
});
