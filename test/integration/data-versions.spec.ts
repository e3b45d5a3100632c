// The version numbers that key the caches (rendered feeds, the year report): bumped by the
// writes of the collections caches read, and by no other write.
import mongoose, { Schema, type Connection } from 'mongoose';
import {
  bumpDataVersion,
  DATA_VERSIONS_COLLECTION,
  DataVersions,
  dataVersionsPlugin,
  SCOPED_WRITE,
} from '../../src/common/data-versions/data-versions';
import {
  InspectionSchema,
  MongoInspectionRepository,
} from '../../src/registry/inspections/inspection.mongo';
import { anInspection, aPlan } from '../../src/registry/testing/fixtures';
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

  it('bumps the scopes a write names, and every scope (`@*`) for a write that names none', async () => {
    const Lifecycle = connection.model(
      'Lifecycle',
      new Schema({ _id: String, revision: Number }),
      'inspection_lifecycles',
    );
    const ids = [
      'inspection_lifecycles',
      'inspection_lifecycles@*',
      'inspection_lifecycles@agency:SYT',
      'inspection_lifecycles@agency:SCT',
    ];
    const before = await versions.read(ids);
    const moved = async () => {
      const now = await versions.read(ids);
      return ids.filter((id) => now.get(id) !== before.get(id));
    };
    await Lifecycle.create({ _id: 'l1', revision: 1 });
    expect(await moved()).toEqual(['inspection_lifecycles', 'inspection_lifecycles@*']);
    before.clear();
    for (const [id, v] of await versions.read(ids)) before.set(id, v);
    await Lifecycle.updateOne({ _id: 'l1' }, { revision: 2 }, SCOPED_WRITE);
    await bumpDataVersion(Lifecycle, ['agency:SYT']);
    expect(await moved()).toEqual(['inspection_lifecycles', 'inspection_lifecycles@agency:SYT']);
  });

  it('an inspection deleted bumps the feeds of its agencies and enterprise, for every replica', async () => {
    const repository = new MongoInspectionRepository(
      connection.model('Inspection', InspectionSchema) as never,
    );
    const gone = anInspection(
      aPlan({ agencyCode: 'SYT' }),
      'i-gone',
      {},
      { agencyCode: 'SYT', leadAgencyCode: 'SYT', participantAgencyCodes: ['SCT'] },
    );
    await repository.insertMany([gone]);
    // Another replica's connection reads the same versions.
    const other = mongoose.createConnection(testMongoUri(), { dbName });
    await other.asPromise();
    try {
      const ids = [
        'inspections@*',
        'inspections@agency:SYT',
        'inspections@agency:SCT',
        'inspections@agency:STP',
        `inspections@enterprise:${gone.parentTaxCode}`,
      ];
      const before = await new DataVersions(other).read(ids);
      await repository.deleteByIds([gone.id]);
      const after = await new DataVersions(other).read(ids);
      expect(ids.filter((id) => after.get(id) !== before.get(id))).toEqual([
        'inspections@agency:SYT',
        'inspections@agency:SCT',
        `inspections@enterprise:${gone.parentTaxCode}`,
      ]);
    } finally {
      await other.close();
    }
  });

  it('bumps the database of the connection that wrote, when two share a schema (two apps in one process)', async () => {
    // Mongoose applies a connection's plugins to a schema once: the second connection's
    // models run the hooks the first one installed.
    const shared = new Schema({ _id: String, name: String });
    connection.model('SharedAgency', shared, 'agencies');
    const secondName = uniqueDatabaseName('data_versions_second');
    const second = mongoose.createConnection(testMongoUri(), { dbName: secondName });
    second.plugin(dataVersionsPlugin(second));
    await second.asPromise();
    try {
      const ours = await versions.fingerprint(['agencies']);
      await second
        .model('SharedAgency', shared, 'agencies')
        .create({ _id: 'SYT', name: 'Sở Y tế' });
      expect(await new DataVersions(second).fingerprint(['agencies'])).toBe('agencies:1');
      expect(await versions.fingerprint(['agencies'])).toBe(ours);
    } finally {
      await second.close();
      await dropDatabase(secondName);
    }
  });

  it('refuses to fingerprint a collection whose version is not kept', async () => {
    await expect(versions.fingerprint(['conflicts', 'audit_events'])).rejects.toThrow(
      'no data version is kept for audit_events',
    );
    await expect(versions.read(['meetings@agency:SYT'])).rejects.toThrow(
      'no data version is kept for meetings@agency:SYT',
    );
  });
});
