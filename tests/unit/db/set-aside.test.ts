import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/connection';
import { DatabaseUnreadableError } from '../../../src/core/db/errors';
import { setDatabaseAside } from '../../../src/core/db/set-aside';
import { makeTempDir } from '../../support/temp-dir';

describe('rebuilding after an unreadable database', () => {
  const temp = makeTempDir();
  afterEach(() => fs.rmSync(temp.dir, { recursive: true, force: true }));

  it('sets the file and its -wal aside, keeps their bytes, and a fresh database opens in its place', () => {
    const filePath = path.join(temp.dir, 'recur.db');
    const garbage = crypto.randomBytes(16 * 1024);
    const wal = crypto.randomBytes(4096);
    fs.writeFileSync(filePath, garbage);
    fs.writeFileSync(`${filePath}-wal`, wal);
    expect(() => openDatabase(filePath)).toThrow(DatabaseUnreadableError);

    const movedTo = setDatabaseAside(filePath, new Date('2026-11-27T08:30:05.123Z'));

    expect(movedTo).toBe(`${filePath}.unreadable-2026-11-27T08-30-05-123Z`);
    expect(fs.readFileSync(movedTo)).toEqual(garbage);
    expect(fs.readFileSync(`${movedTo}-wal`)).toEqual(wal);
    const fresh = openDatabase(filePath);
    expect(fresh.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    fresh.close();
  });
});
