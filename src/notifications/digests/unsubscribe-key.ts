import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

const KEY_ID = 'unsubscribe-key';

/**
 * The key signing unsubscribe links: UNSUBSCRIBE_SECRET, else one made on first use and kept
 * in MongoDB (inserted once, so every replica signs with the same key and links keep working).
 */
@Injectable()
export class UnsubscribeKey {
  private key: Promise<string> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  get(): Promise<string> {
    return (this.key ??= this.load().catch((error) => {
      this.key = undefined;
      throw error;
    }));
  }

  private async load(): Promise<string> {
    if (this.config.unsubscribeSecret) return this.config.unsubscribeSecret;
    const settings = this.connection.collection<{ _id: string; value: string }>(
      'notification_settings',
    );
    try {
      await settings.updateOne(
        { _id: KEY_ID },
        { $setOnInsert: { value: randomBytes(32).toString('base64url') } },
        { upsert: true },
      );
    } catch (error) {
      // Another replica inserted it first: read theirs.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const doc = await settings.findOne({ _id: KEY_ID });
    return doc!.value;
  }
}
