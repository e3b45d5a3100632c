// Whether the database answers, as the driver's monitor last saw it. While it is down, every
// request that needs it is answered 503 DATABASE_UNAVAILABLE with Retry-After at once (the
// gate below) instead of waiting for server selection and failing with 500; the monitor's
// next successful heartbeat opens the gate again, without a restart.
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { NextFunction, Request, Response } from 'express';
import type { Connection } from 'mongoose';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/errors/database-errors';

@Injectable()
export class DatabaseHealth implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private downSince: number | undefined;
  /** Set once the application stops: its own disconnect is not an outage. */
  private stopping = false;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  onModuleInit(): void {
    const client = this.connection.getClient();
    client.on('serverHeartbeatFailed', () => this.markDown('heartbeat failed'));
    client.on('serverHeartbeatSucceeded', () => this.markUp());
    // An operation's network error marks the server unknown before the next heartbeat.
    client.on('serverDescriptionChanged', (event) => {
      if (event.newDescription.type === 'Unknown') this.markDown('connection lost');
    });
    this.connection.on('disconnected', () => this.markDown('disconnected'));
    this.connection.on('reconnected', () => this.markUp());
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  isUp(): boolean {
    return this.downSince === undefined;
  }

  private markDown(why: string): void {
    if (this.stopping || this.downSince !== undefined || this.connection.readyState === 99) return;
    this.downSince = Date.now();
    this.logger.warn(`database unavailable (${why}): answering 503 until it returns`);
  }

  private markUp(): void {
    if (this.downSince === undefined) return;
    this.logger.log(`database back after ${Date.now() - this.downSince} ms`);
    this.downSince = undefined;
  }
}

/** Routes that answer without the database (liveness and readiness probes, the API docs). */
const WITHOUT_DATABASE = /^\/(health(\/|$)|docs(\/|$))/;

/** Express middleware: 503 at once while the database is known to be down. */
export function databaseOutageGate(health: DatabaseHealth) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (health.isUp() || WITHOUT_DATABASE.test(req.path)) return next();
    res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(503).json({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database does not answer; try again shortly',
    });
  };
}
