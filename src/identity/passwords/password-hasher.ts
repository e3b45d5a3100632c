import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** Hashes and checks passwords; a port so unit specs need not pay Argon2's cost. */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(passwordHash: string, password: string): Promise<boolean>;
}

/**
 * Argon2id at OWASP's first recommended setting (Password Storage Cheat Sheet): 19 MiB of
 * memory, 2 passes, 1 lane. The parameters travel inside each PHC string, so a later raise
 * still verifies older hashes.
 */
export const ARGON2_COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const ARGON2ID = 2; // Algorithm.Argon2id: a const enum, unusable under isolatedModules

@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  // NFC first: the same password typed on different systems (NFD vs NFC) must match.
  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), { ...ARGON2_COST, algorithm: ARGON2ID });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password.normalize('NFC'));
    } catch {
      return false; // a malformed stored hash never signs anyone in
    }
  }
}
