// Starts the embedded server on its own, e.g. for mongosh, Compass or a script:
//   npm run mongo:embedded -- --port 27017 --dbpath .data/x [--host 127.0.0.1]
// Run this way it asks for no credentials: loopback only, unless --allow-remote (then firewall it).
import { EmbeddedMongoServer } from './index';

interface CliOptions {
  host?: string;
  port?: number;
  dbPath?: string;
  allowRemote?: boolean;
  compactionFloorBytes?: number;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`missing value for ${flag}`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = Number(value());
        if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
          throw new Error('invalid --port');
        break;
      case '--dbpath':
      case '--dbPath':
        options.dbPath = value();
        break;
      case '--host':
      case '--bind_ip':
        options.host = value();
        break;
      case '--compaction-floor-bytes':
        options.compactionFloorBytes = Number(value());
        if (!Number.isInteger(options.compactionFloorBytes) || options.compactionFloorBytes < 0)
          throw new Error('invalid --compaction-floor-bytes');
        break;
      case '--allow-remote':
        options.allowRemote = true;
        break;
      case '--help':
        console.log(
          'usage: embedded-mongo [--port 27017] [--dbpath DIR [--compaction-floor-bytes N]] [--host 127.0.0.1 [--allow-remote]]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const server = await EmbeddedMongoServer.start({
    ...options,
    port: options.port ?? 27017,
    log: (msg) => console.log(`[embedded-mongo] ${msg}`),
  });
  console.log(`[embedded-mongo] ready: ${server.uri}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[embedded-mongo] ${signal}: stopping`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[embedded-mongo] ${(error as Error).message}`);
  process.exit(1);
});
