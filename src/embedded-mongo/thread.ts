// Runs the embedded server on a thread of its own: its query work then uses the machine's
// second core instead of queueing behind the service's requests on one event loop (the two
// only ever talk over the wire protocol, so nothing else changes).
import { extname, join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { EmbeddedMongoServer, type EmbeddedMongoOptions } from './server';

// Functions cannot cross to another thread.
type ThreadOptions = Omit<EmbeddedMongoOptions, 'log' | 'onCompactionStep'>;

/** The key of workerData that says a thread was started to run the server. */
const MARK = 'embeddedMongoServer';

type FromThread =
  | { kind: 'ready'; uri: string; port: number }
  | { kind: 'log'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped' };

export interface EmbeddedMongoThread {
  readonly uri: string;
  readonly port: number;
  /** Stops the server (connections closed, journal flushed) and ends its thread. */
  stop(): Promise<void>;
}

/** Starts an EmbeddedMongoServer on a worker thread; resolves once it listens. */
export function startEmbeddedMongoThread(
  options: ThreadOptions & Pick<EmbeddedMongoOptions, 'log'> = {},
): Promise<EmbeddedMongoThread> {
  const { log = () => undefined, ...threadOptions } = options;
  const worker = spawnThread(threadOptions);
  let stopped: (() => void) | undefined;
  let exitedOnPurpose = false;
  return new Promise((resolve, reject) => {
    worker.on('message', (message: FromThread) => {
      switch (message.kind) {
        case 'log':
          log(message.message);
          break;
        case 'failed':
          reject(new Error(message.message));
          break;
        case 'stopped':
          stopped?.();
          break;
        case 'ready':
          // Running, the thread must not keep the process alive alone: the service's own
          // shutdown stops it. Starting and stopping, it must.
          worker.unref();
          resolve({
            uri: message.uri,
            port: message.port,
            stop: () =>
              new Promise<void>((done) => {
                exitedOnPurpose = true;
                worker.ref();
                stopped = () => void worker.terminate().then(() => done());
                worker.once('exit', () => done());
                worker.postMessage('stop');
              }),
          });
          break;
      }
    });
    worker.on('error', (error) => {
      log(`database thread failed: ${error.message}`);
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!exitedOnPurpose) log(`database thread exited (code ${code})`);
      reject(new Error(`database thread exited before it was ready (code ${code})`));
    });
  });
}

function spawnThread(options: ThreadOptions): Worker {
  const file = join(__dirname, `thread${extname(__filename)}`);
  if (extname(file) === '.ts') {
    // Running from sources (tests, benches): compile the thread's modules the same way.
    const tsNode = JSON.stringify(require.resolve('ts-node'));
    return new Worker(
      `require(${tsNode}).register({ transpileOnly: true }); require(${JSON.stringify(file)});`,
      { eval: true, workerData: { [MARK]: options } },
    );
  }
  return new Worker(file, { workerData: { [MARK]: options } });
}

async function runThread(options: ThreadOptions): Promise<void> {
  const port = parentPort!;
  const send = (message: FromThread) => port.postMessage(message);
  let server: EmbeddedMongoServer;
  try {
    server = await EmbeddedMongoServer.start({
      ...options,
      log: (message) => send({ kind: 'log', message }),
    });
  } catch (error) {
    send({ kind: 'failed', message: (error as Error).message });
    return;
  }
  port.on('message', (message) => {
    if (message !== 'stop') return;
    server.stop().then(
      () => send({ kind: 'stopped' }),
      (error: Error) => {
        send({ kind: 'log', message: `stop failed: ${error.message}` });
        send({ kind: 'stopped' });
      },
    );
  });
  send({ kind: 'ready', uri: server.uri, port: server.port });
}

const started = workerData as Record<string, ThreadOptions> | null;
if (!isMainThread && parentPort && started && typeof started[MARK] === 'object') {
  void runThread(started[MARK]);
}
