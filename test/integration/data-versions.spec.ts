// The version numbers that key the caches (rendered feeds, the year report): bumped by the
// writes of the collections caches read, and by no other write.
import mongoose, { Schema, type Connection } from 'mongoose';
import {
  DATA_VERSIONS_COLLECTION,
  DataVersions,
  dataVersionsPlugin,
} from '../../src/common/data-versions/data-versions';
import { dropDatabase, testMongoUri, uniqueDatabaseName } from '../support/database';

describe('data versions', () => {
  const dbName = uniqueDatabaseName('data_versions');
  let connection: Connection;
  let versions: DataVersions;
  beforeAll(async () => {
    connection = mongoose.createConnection(testMongoUri(), { dbName });
    connection.plugin(dataVersionsPlugin(connection));
    await connection.asPromise();
    versions = new DataVersions(connection);
  });
  afterAll(async () => {
    await connection.close();
    await dropDatabase(dbName);
  });

  const stored = async () =>
    (await connection.db!.collection(DATA_VERSIONS_COLLECTION).find().sort({ _id: 1 }).toArray())
      .map((d) => `${String(d._id)}:${d.v}`)
      .join(',');

  it('bumps the version of a collection a cache reads on every kind of write', async () => {
    const Enterprise = connection.model(
      'Enterprise',
      new Schema({ _id: String, name: String }),
      'enterprises',
    );
    const before = await versions.fingerprint(['enterprises']);
    await Enterprise.create({ _id: '0100109106', name: 'Công ty Cổ phần Sữa Việt Nam' });
    const afterCreate = await versions.fingerprint(['enterprises']);
    await Enterprise.updateOne({ _id: '0100109106' }, { name: 'Công ty Sữa Việt Nam' });
    const afterUpdate = await versions.fingerprint(['enterprises']);
    await Enterprise.deleteOne({ _id: '0100109106' });
    const afterDelete = await versions.fingerprint(['enterprises']);
    expect([before, afterCreate, afterUpdate, afterDelete]).toEqual([
      'enterprises:0',
      'enterprises:1',
      'enterprises:2',
      'enterprises:3',
    ]);
  });

  it('leaves the versions alone on writes of collections no cache reads (outbox, audit)', async () => {
    const before = await stored();
    const Audit = connection.model(
      'AuditEvent',
      new Schema({ _id: String, action: String }),
      'audit_events',
    );
    const Touched = connection.model(
      'TouchedParents',
      new Schema({ _id: String, parents: [String] }),
      'touched_parents',
    );
    await Audit.create({ _id: 'a1', action: 'inspection-created' });
    await Touched.create({ _id: 't1', parents: ['0100109106'] });
    await Touched.deleteOne({ _id: 't1' });
    expect(await stored()).toBe(before);
  });

  it('refuses to fingerprint a collection whose version is not kept', async () => {
    await expect(versions.fingerprint(['conflicts', 'audit_events'])).rejects.toThrow(
      'no data version is kept for audit_events',
    );
  });
});
