import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MongoBackend, startMongoBackend, redactUri } from './mongo-backend';
import { DataVersions, dataVersionsPlugin } from '../common/data-versions/data-versions';
import { DatabaseHealth } from './database-health';

export const MONGO_BACKEND = Symbol('MONGO_BACKEND');

/** Owns the database backend's life: started before mongoose connects, stopped after it closes. */
class MongoBackendLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(MONGO_BACKEND) private readonly backend: MongoBackend,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Close the driver first: an in-process server must not vanish under open sockets.
    const connection = this.moduleRef.get<Connection>(getConnectionToken(), { strict: false });
    await connection?.close().catch(() => undefined);
    await this.backend.stop();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: MONGO_BACKEND,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const logger = new Logger('Database');
        const backend = await startMongoBackend({
          uri: config.mongodbUri,
          dataDir: config.dataDir,
          engine: config.embeddedEngine,
          port: config.embeddedPort,
          allowDownload: config.embeddedDownload,
          log: (m) => logger.log(m),
        });
        const where = backend.dataDir ? `, data in ${backend.dataDir}` : '';
        const label = {
          external: 'external MongoDB (MONGODB_URI)',
          mongod: 'embedded mongod (mongodb-memory-server)',
          wire: 'embedded in-process MongoDB-compatible server',
        }[backend.kind];
        logger.log(`database backend: ${label} at ${redactUri(backend.uri)}${where}`);
        return backend;
      },
    },
    MongoBackendLifecycle,
  ],
  exports: [MONGO_BACKEND],
})
class MongoBackendModule {}

@Global()
@Module({
  imports: [
    MongoBackendModule,
    MongooseModule.forRootAsync({
      inject: [MONGO_BACKEND, APP_CONFIG],
      useFactory: (backend: MongoBackend, config: AppConfig) => ({
        uri: backend.uri,
        dbName: config.mongodbDbName,
        // The service builds its indexes itself at start-up (they are its query plans).
        autoIndex: true,
        // While the database is down, fail fast (503 within a second), never queue: a
        // buffered write could land long after its client gave up.
        serverSelectionTimeoutMS: config.databaseSelectionTimeoutMs,
        heartbeatFrequencyMS: 500,
        bufferCommands: false,
        // Every write bumps its collection's version: caches invalidate across replicas.
        connectionFactory: (connection: Connection) => {
          connection.plugin(dataVersionsPlugin(connection));
          return connection;
        },
      }),
    }),
  ],
  providers: [DataVersions, DatabaseHealth],
  exports: [MongoBackendModule, DataVersions, DatabaseHealth],
})
export class DatabaseModule {}
