import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CsvRow, writeCsvReport } from '../../../src/core/reports/csv-report-writer';
import { makeTempDir } from '../../support/temp-dir';
import { readCsv } from './mirror-fixtures';

describe('writeCsvReport', () => {
  let temp: { dir: string; remove(): void };
  beforeEach(() => {
    temp = makeTempDir('recur-csv-test-');
  });
  afterEach(() => temp.remove());
  const out = (name = 'report.csv'): string => path.join(temp.dir, name);

  it('writes a header and RFC 4180 records with CRLF line endings', async () => {
    const result = await writeCsvReport(out(), ['id', 'amount'], [
      { id: 'a', amount: 1 },
      { id: 'b', amount: 2.5 },
    ]);

    expect(result).toEqual({ path: out(), rows: 2 });
    expect(fs.readFileSync(out(), 'utf8')).toBe('id,amount\r\na,1\r\nb,2.5\r\n');
  });

  it('writes the header alone for a report with no rows', async () => {
    const result = await writeCsvReport(out(), ['customer_id', 'email'], []);

    expect(result.rows).toBe(0);
    expect(fs.readFileSync(out(), 'utf8')).toBe('customer_id,email\r\n');
  });

  it('writes the cells in column order, whatever the order of the row object', async () => {
    await writeCsvReport(out(), ['b', 'a'], [{ a: 'first', b: 'second' }]);

    expect(fs.readFileSync(out(), 'utf8')).toBe('b,a\r\nsecond,first\r\n');
  });

  it('keeps quotes, commas, line breaks and non-ASCII text intact through a round trip', async () => {
    const awkward = [
      'Ada, Countess of Lovelace',
      'She said "hello"',
      'two\nlines',
      'old\r\nwindows',
      'a lone\rreturn',
      'trailing return\r',
      'Zoë Ørsted — 東京',
      '"',
      ',',
    ];
    await writeCsvReport(out(), ['n', 'text'], awkward.map((text, n) => ({ n, text })));

    const { records } = readCsv(out());
    expect(records.map((record) => record.text)).toEqual(awkward);
    expect(records.map((record) => record.n)).toEqual(awkward.map((_, n) => String(n)));
  });

  it('neutralises every text cell and leaves numbers as numbers', async () => {
    await writeCsvReport(out(), ['name', 'amount'], [
      { name: '=1+1', amount: -12.5 },
      { name: '-2+3', amount: -0.01 },
      { name: null, amount: null },
      { name: true, amount: 0 },
    ]);

    expect(fs.readFileSync(out(), 'utf8')).toBe("name,amount\r\n'=1+1,-12.5\r\n'-2+3,-0.01\r\n,\r\ntrue,0\r\n");
  });

  it('takes an async source', async () => {
    async function* rows(): AsyncGenerator<CsvRow<'id'>> {
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        yield { id: `row_${i}` };
      }
    }
    const result = await writeCsvReport(out(), ['id'], rows());

    expect(result.rows).toBe(3);
    expect(readCsv(out()).records).toEqual([{ id: 'row_0' }, { id: 'row_1' }, { id: 'row_2' }]);
  });

  it('replaces a file already at the path', async () => {
    fs.writeFileSync(out(), 'an older report that was much longer than the new one\n');

    await writeCsvReport(out(), ['id'], [{ id: 'new' }]);

    expect(fs.readFileSync(out(), 'utf8')).toBe('id\r\nnew\r\n');
    expect(fs.readdirSync(temp.dir)).toEqual(['report.csv']);
  });

  it('pulls rows only as fast as the file takes them: the source is never far ahead of the disk', async () => {
    // Fixed-width rows, so the bytes on disk say how many rows have been written.
    const rowBytes = 'row_000000,0123456789\r\n'.length;
    const headerBytes = 'id,payload\r\n'.length;
    const total = 100_000;
    let furthestAhead = 0;
    function* rows(): Generator<CsvRow<'id' | 'payload'>> {
      for (let i = 0; i < total; i++) {
        if (i % 1000 === 0) {
          const rowsOnDisk = Math.max(0, (bytesInFolder(temp.dir) - headerBytes) / rowBytes);
          furthestAhead = Math.max(furthestAhead, i - rowsOnDisk);
        }
        yield { id: `row_${String(i).padStart(6, '0')}`, payload: '0123456789' };
      }
    }

    const result = await writeCsvReport(out(), ['id', 'payload'], rows());

    expect(result.rows).toBe(total);
    expect(fs.statSync(out()).size).toBe(headerBytes + total * rowBytes);
    // A few buffers' worth (the stringifier's and the file stream's 16 KiB, ~700 rows each) — not the report.
    expect(furthestAhead).toBeLessThan(5000);
  });

  describe('when the export fails', () => {
    it('rejects for a folder that does not exist and leaves nothing behind', async () => {
      const missing = path.join(temp.dir, 'no-such-folder', 'report.csv');

      await expect(writeCsvReport(missing, ['id'], [{ id: 'a' }])).rejects.toMatchObject({ code: 'ENOENT' });
      expect(fs.readdirSync(temp.dir)).toEqual([]);
    });

    it('rejects for a path under a file and leaves nothing behind', async () => {
      fs.writeFileSync(out('not-a-folder'), 'x');

      await expect(writeCsvReport(path.join(out('not-a-folder'), 'report.csv'), ['id'], [{ id: 'a' }])).rejects.toMatchObject({
        code: 'ENOTDIR',
      });
      expect(fs.readdirSync(temp.dir)).toEqual(['not-a-folder']);
    });

    it('removes the partial file when the source throws halfway, and keeps the report the user had', async () => {
      fs.writeFileSync(out(), 'last month\r\n');
      let closed = false;
      function* rows(): Generator<CsvRow<'id'>> {
        try {
          for (let i = 0; i < 50_000; i++) {
            if (i === 20_000) throw new Error('the database went away');
            yield { id: `row_${i}` };
          }
        } finally {
          closed = true;
        }
      }

      await expect(writeCsvReport(out(), ['id'], rows())).rejects.toThrow('the database went away');
      expect(fs.readdirSync(temp.dir)).toEqual(['report.csv']);
      expect(fs.readFileSync(out(), 'utf8')).toBe('last month\r\n');
      expect(closed).toBe(true);
    });

    it('closes the source when the file cannot be written', async () => {
      let closed = false;
      function* rows(): Generator<CsvRow<'id'>> {
        try {
          for (let i = 0; i < 50_000; i++) yield { id: `row_${i}` };
        } finally {
          closed = true;
        }
      }

      await expect(writeCsvReport(path.join(temp.dir, 'missing', 'r.csv'), ['id'], rows())).rejects.toThrow();
      expect(closed).toBe(true);
    });
  });
});

function bytesInFolder(dir: string): number {
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
}
