import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { OidcFlow, OidcFlowRepository } from './oidc-flow';

type StoredFlow = Omit<OidcFlow, 'stateHash'> & { _id: string };

export const OidcFlowSchema = new Schema<StoredFlow>(
  {
    _id: String,
    bindingHash: { type: String, required: true },
    nonce: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'oidc_flows', versionKey: false },
);
// Abandoned sign-ins disappear on their own (the callback checks expiresAt too).
OidcFlowSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

@Injectable()
export class MongoOidcFlowRepository extends OidcFlowRepository {
  constructor(@InjectModel('OidcFlow') private readonly flows: Model<StoredFlow>) {
    super();
  }

  async insert({ stateHash, ...rest }: OidcFlow): Promise<void> {
    await this.flows.create({ _id: stateHash, ...rest });
  }

  async take(stateHash: string): Promise<OidcFlow | null> {
    const doc = await this.flows.findOneAndDelete({ _id: stateHash }).lean<StoredFlow>().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { stateHash: _id, ...rest };
  }
}
